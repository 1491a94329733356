/**
 * `kubectl api-resources` (kubectl pkg/cmd/apiresources/apiresources.go): the resources the
 * simulated API server serves, sorted by API group then name (or by --sort-by name|kind), as a
 * table (NAME SHORTNAMES APIVERSION NAMESPACED KIND, `-o wide` adds VERBS and CATEGORIES) or as
 * `-o name` (`deployments.apps`).
 */
import type { Verb } from '../registry';
import { KINDS, type KindInfo } from '../../engine/api/registry';
import { KubectlError } from '../errors';
import { alignTable } from '../printers/tabwriter';

/** `kubectl api-resources`. */
export const apiResourcesVerb: Verb = {
  name: 'api-resources',
  group: 'Other Commands',
  short: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags] [options]',
  flags: [
    { name: 'api-group', type: 'string', default: '', usage: 'Limit to resources in the specified API group.' },
    { name: 'cached', type: 'bool', default: false, usage: 'Use the cached list of resources if available.' },
    { name: 'categories', type: 'stringSlice', default: [], usage: 'Limit to resources that belong to the specified categories.' },
    { name: 'namespaced', type: 'bool', default: true, usage: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
    { name: 'no-headers', type: 'bool', default: false, usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'output', shorthand: 'o', type: 'string', default: '', usage: 'Output format. One of: (wide, name).' },
    { name: 'sort-by', type: 'string', default: '', usage: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
    { name: 'verbs', type: 'stringSlice', default: [], usage: 'Limit to resources that support the specified verbs.' },
  ],
  run(ctx, args, flags, parsed) {
    if (args.length) throw new KubectlError(`unexpected arguments: [${args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`);
    const output = String(flags.output ?? '');
    if (!['', 'wide', 'name'].includes(output)) throw new KubectlError(`--output ${output} is not available`);
    const sortBy = String(flags['sort-by'] ?? '');
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') throw new KubectlError('--sort-by accepts only name or kind');
    const verbs = (flags.verbs as string[]) ?? [];
    const categories = (flags.categories as string[]) ?? [];
    let rs: KindInfo[] = KINDS.filter((k) => {
      if (parsed.changed.has('api-group') && k.group !== flags['api-group']) return false;
      if (parsed.changed.has('namespaced') && k.namespaced !== flags.namespaced) return false;
      if (verbs.length && !verbs.every((v) => k.verbs.includes(v))) return false;
      if (categories.length && !categories.every((c) => k.categories.includes(c))) return false;
      return true;
    });
    const key = (k: KindInfo) => (sortBy === 'name' ? k.resource : sortBy === 'kind' ? k.kind : k.group);
    // sort.Stable by the chosen field, ties by resource name.
    rs = [...rs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    let text = '';
    if (!flags['no-headers'] && output !== 'name') text += `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const k of rs) {
      if (output === 'name') text += `${k.resource}${k.group ? '.' + k.group : ''}\n`;
      else {
        text += `${k.resource}\t${k.shortNames.join(',')}\t${k.apiVersion}\t${k.namespaced}\t${k.kind}`;
        if (output === 'wide') text += `\t${k.verbs.join(',')}\t${k.categories.join(',')}`;
        text += '\n';
      }
    }
    ctx.out(alignTable(text));
    return 0;
  },
};
