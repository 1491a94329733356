/**
 * `kubectl version` (kubectl pkg/cmd/version/version.go): Client, Kustomize and Server lines, or
 * the version.Info structs as YAML or JSON. Podium's kubectl reports the same release as the
 * simulated cluster (a kind user with a matching kubectl).
 */
import type { Verb } from '../registry';
import { KubectlError } from '../errors';
import { toYaml } from '../printers/yaml';
import { KUBERNETES_VERSION, GO_VERSION } from '../../engine/kubelet/versions';

/** kustomize vendored by kubectl 1.32. */
export const KUSTOMIZE_VERSION = 'v5.5.0';
/** The git commit of the Kubernetes v1.32.2 release. */
export const GIT_COMMIT = '67a30c0adcf52bd3f56ff0893ce19966be12991f';
/** The build date of the v1.32.2 release binaries. */
export const BUILD_DATE = '2025-02-12T21:26:09Z';

/** apimachinery version.Info of the client (kubectl) or the server, in its JSON field order. */
export function versionInfo(): Record<string, string> {
  const [major, minor] = KUBERNETES_VERSION.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion: KUBERNETES_VERSION,
    gitCommit: GIT_COMMIT,
    gitTreeState: 'clean',
    buildDate: BUILD_DATE,
    goVersion: GO_VERSION,
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `kubectl version`. */
export const versionVerb: Verb = {
  name: 'version',
  group: 'Other Commands',
  short: 'Print the client and server version information',
  usage: 'kubectl version [flags] [options]',
  flags: [
    { name: 'client', type: 'bool', default: false, usage: 'If true, shows client version only (no server required).' },
    { name: 'output', shorthand: 'o', type: 'string', default: '', usage: "One of 'yaml' or 'json'." },
  ],
  run(ctx, args, flags) {
    const output = String(flags.output ?? '');
    if (output !== '' && output !== 'yaml' && output !== 'json') throw new KubectlError("--output must be 'yaml' or 'json'");
    void args;
    const client = !!flags.client;
    const info: Record<string, unknown> = { clientVersion: versionInfo(), kustomizeVersion: KUSTOMIZE_VERSION };
    if (!client) info.serverVersion = versionInfo();
    // kubectl pkg/cmd/version/version.go prints the marshalled YAML with Fprintln: a blank line follows.
    if (output === 'yaml') ctx.out(`${toYaml(info)}\n`);
    else if (output === 'json') ctx.out(JSON.stringify(info, null, 2) + '\n');
    else {
      ctx.out(`Client Version: ${KUBERNETES_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      if (!client) ctx.out(`Server Version: ${KUBERNETES_VERSION}\n`);
    }
    return 0;
  },
};
