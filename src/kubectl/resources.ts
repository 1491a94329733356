/**
 * Resource arguments as kubectl's resource builder reads them: `TYPE`, `TYPE NAME...`,
 * `TYPE1,TYPE2 [NAME...]`, `TYPE/NAME...`, and `all` (the `all` category), resolved against the
 * kinds Podium serves, with kubectl's errors for unknown or malformed ones.
 */
import { KINDS, UNSUPPORTED_RESOURCES, resolveResource, type KindInfo } from '../engine/api/registry';
import { KubectlError } from './errors';

/** One requested resource: a kind, and a name unless the whole kind is meant. */
export interface ResourceRef {
  info: KindInfo;
  name?: string;
}

/** The order `kubectl get all` prints the `all` category in (discovery order of the kinds). */
export const ALL_CATEGORY_ORDER = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet'];

/** A Podium line after kubectl's own error, for kinds a real cluster has but Podium does not simulate. */
export function unsupportedHint(typed: string): string | undefined {
  const lower = typed.toLowerCase().split('.')[0];
  for (const [resource, u] of Object.entries(UNSUPPORTED_RESOURCES)) {
    if (resource === lower || u.aliases.includes(lower))
      return `podium: ${u.kind} (${u.apiVersion}) exists in Kubernetes but Podium does not simulate it yet.`;
  }
  return undefined;
}

/** Resolves one typed resource name to a kind, or throws kubectl's error. */
export function resolveType(typed: string): KindInfo {
  const info = resolveResource(typed);
  if (info) return info;
  const hint = unsupportedHint(typed);
  throw new KubectlError(`the server doesn't have a resource type "${typed}"${hint ? `\n${hint}` : ''}`);
}

/** Expands a comma-separated type list (`pods,deploy`, `all`) into kinds, without duplicates. */
export function resolveTypes(list: string): KindInfo[] {
  const out: KindInfo[] = [];
  for (const t of list.split(',')) {
    if (!t) continue;
    const infos = t.toLowerCase() === 'all' ? ALL_CATEGORY_ORDER.map((k) => KINDS.find((i) => i.kind === k)!) : [resolveType(t)];
    for (const i of infos) if (!out.includes(i)) out.push(i);
  }
  return out;
}

/**
 * Parses the positional arguments of get/describe/delete/label/...: returns the refs in the order
 * given. `allowEmpty` permits no arguments at all (the caller then reports what kubectl reports).
 */
export function parseResourceArgs(args: string[]): ResourceRef[] {
  if (!args.length) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length)
      throw new KubectlError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    return args.map((a) => {
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!type || !name) throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
      return { info: resolveType(type), name };
    });
  }
  const [types, ...names] = args;
  const infos = resolveTypes(types);
  if (!names.length) return infos.map((info) => ({ info }));
  const out: ResourceRef[] = [];
  for (const info of infos) for (const name of names) out.push({ info, name });
  return out;
}
