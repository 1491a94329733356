/** `kubectl api-versions`: the group/versions the simulated API server serves, sorted. */
import type { Verb } from '../registry';
import { KINDS } from '../../engine/api/registry';
import { KubectlError } from '../errors';

/** The served group/versions as discovery lists them (`apps/v1`, ..., `v1`), sorted. */
export function servedGroupVersions(): string[] {
  return [...new Set(KINDS.map((k) => k.apiVersion))].sort();
}

/** `kubectl api-versions`. */
export const apiVersionsVerb: Verb = {
  name: 'api-versions',
  group: 'Other Commands',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: 'kubectl api-versions [options]',
  flags: [],
  run(ctx, args) {
    if (args.length) throw new KubectlError(`unexpected arguments: [${args.join(' ')}]\nSee 'kubectl api-versions -h' for help and examples`);
    ctx.out(servedGroupVersions().map((v) => v + '\n').join(''));
    return 0;
  },
};
