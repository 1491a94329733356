/**
 * Resource arguments as kubectl's resource builder reads them: `TYPE`, `TYPE NAME...`,
 * `TYPE1,TYPE2 [NAME...]`, `TYPE/NAME...`, and `all` (the `all` category), resolved against the
 * kinds Podium serves, with kubectl's errors for unknown or malformed ones.
 */
import { KINDS, UNSUPPORTED_RESOURCES, resolveResource, type KindInfo } from '../engine/api/registry';
import { badRequest } from '../engine/api/errors';
import { parseSelector, SelectorParseError, type Selector } from '../engine/api/labels';
import type { KObject } from '../engine/api/types';
import type { ApiStore } from '../engine/store/store';
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

// ---------------------------------------------------------------------------------------------
// Selecting objects as the API server's list and get do (label and field selectors).

/** `/v1, Resource=pods`, `apps/v1, Resource=deployments`: a GroupVersionResource as Go prints it. */
export function gvrString(info: KindInfo): string {
  return `${info.group}/${info.version}, Resource=${info.resource}`;
}

/** One term of a field selector (`status.phase!=Running`). */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/**
 * The field labels each kind's API supports (kubernetes/kubernetes pkg/apis/core/v1/conversion.go
 * AddFieldLabelConversionFunc...); kinds not listed accept only metadata.name and
 * metadata.namespace (runtime.DefaultMetaV1FieldSelectorConversion).
 */
export const FIELD_LABELS: Readonly<Record<string, readonly string[]>> = {
  Pod: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  Node: ['metadata.name', 'spec.unschedulable'],
  ReplicationController: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
  Namespace: ['status.phase', 'metadata.name'],
  Secret: ['type', 'metadata.namespace', 'metadata.name'],
  Service: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

/**
 * Parses a field selector (fields.ParseSelector: `a=b,c!=d`, `==` accepted) and checks its labels
 * against the kind; throws the API server's BadRequest as kubectl shows it for a list.
 */
export function parseFieldSelector(text: string, info: KindInfo, labelSelector = ''): FieldRequirement[] {
  const s = text.trim();
  if (!s) return [];
  const fail = (msg: string) =>
    badRequest(`Unable to find ${JSON.stringify(gvrString(info))} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(text)}: ${msg}`);
  const out: FieldRequirement[] = [];
  for (const term of s.split(',')) {
    let m: RegExpExecArray | null;
    let req: FieldRequirement;
    if ((m = /^(.*?)!=(.*)$/.exec(term))) req = { field: m[1], op: '!=', value: m[2] };
    else if ((m = /^(.*?)==(.*)$/.exec(term))) req = { field: m[1], op: '=', value: m[2] };
    else if ((m = /^(.*?)=(.*)$/.exec(term))) req = { field: m[1], op: '=', value: m[2] };
    else throw fail(`invalid selector: '${s}'; can't understand '${term}'`);
    const labels = FIELD_LABELS[info.kind];
    if (labels) {
      if (!labels.includes(req.field) && !(info.kind === 'Pod' && req.field === 'spec.host')) throw fail(`field label not supported: ${req.field}`);
    } else if (req.field !== 'metadata.name' && req.field !== 'metadata.namespace') {
      throw fail(`${JSON.stringify(req.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    if (req.field === 'spec.host') req.field = 'spec.nodeName';
    out.push(req);
  }
  return out;
}

/** The value of a selectable field of an object, as the registry's ToSelectableFields gives it. */
function fieldValue(obj: KObject, field: string): string {
  switch (field) {
    case 'metadata.name':
      return obj.metadata.name;
    case 'metadata.namespace':
      return obj.metadata.namespace ?? '';
    case 'source':
      return obj.source?.component ?? '';
    case 'spec.hostNetwork':
      return String(!!obj.spec?.hostNetwork);
    case 'spec.unschedulable':
      return String(!!obj.spec?.unschedulable);
    case 'status.podIPs':
      return obj.status?.podIP ?? '';
    case 'status.replicas':
      return String(obj.status?.replicas ?? 0);
  }
  let v: unknown = obj;
  for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

/** Whether an object satisfies every field requirement. */
export function matchesFields(obj: KObject, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}

/** Parses `-l`; throws the API server's BadRequest for a list, as kubectl shows it. */
export function parseLabelSelector(text: string, info: KindInfo, fieldSelector = ''): Selector {
  try {
    return parseSelector(text);
  } catch (e) {
    if (!(e instanceof SelectorParseError)) throw e;
    throw badRequest(
      `Unable to find ${JSON.stringify(gvrString(info))} that match label selector ${JSON.stringify(text)}, field selector ${JSON.stringify(fieldSelector)}: ${e.message}`,
    );
  }
}

/** What to select: a namespace (undefined = all), label and field selectors as typed. */
export interface Selection {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Lists the objects of a kind as the API server's list does (sorted by namespace, then name). */
export function listObjects(store: ApiStore, info: KindInfo, sel: Selection): KObject[] {
  const labels = parseLabelSelector(sel.labelSelector ?? '', info, sel.fieldSelector ?? '');
  const fields = parseFieldSelector(sel.fieldSelector ?? '', info, sel.labelSelector ?? '');
  const objs = store.list(info.kind, { namespace: info.namespaced ? sel.namespace : undefined, selector: labels });
  return fields.length ? objs.filter((o) => matchesFields(o, fields)) : objs;
}
