/**
 * Patch metadata: for each field of the API types, its type in the generated schema and the
 * strategic-merge-patch tags the Go types carry (`patchStrategy:"merge" patchMergeKey:"name"`,
 * `retainKeys`). The API server reads these from struct tags (apimachinery's forked
 * `LookupPatchMetadata`) and kubectl from the OpenAPI `x-kubernetes-patch-*` extensions; the
 * table below re-states them for the fields of the kinds Podium serves (k8s.io/api core/v1 and
 * apps/v1 types.go, v1.32).
 */
import { definition, type SchemaType } from '../schema';

/** A field's type: a schema type, or undefined when the schema does not know the field. */
export type PatchSchema = SchemaType | undefined;

/** What a strategic merge patch needs to know about one field. */
export interface FieldPatchMeta {
  /** The field's type (for recursion). */
  type: PatchSchema;
  /** `merge`, `replace` or '' (the default: lists are replaced, maps merged). */
  strategy: '' | 'merge' | 'replace';
  /** Whether `retainKeys` is among the strategies (clears keys missing from the patch). */
  retainKeys: boolean;
  /** The merge key of a list of maps with the merge strategy. */
  mergeKey?: string;
}

/**
 * `Definition.field` -> patch tags. Everything not listed has no tag (lists are atomic, maps are
 * merged key by key). Source: the `patchStrategy`/`patchMergeKey` tags in
 * staging/src/k8s.io/api/core/v1/types.go, apps/v1/types.go and meta/v1/types.go.
 */
const TAGS: Record<string, { strategy: string; mergeKey?: string }> = {
  'V1ObjectMeta.finalizers': { strategy: 'merge' },
  'V1ObjectMeta.ownerReferences': { strategy: 'merge', mergeKey: 'uid' },
  'V1PodSpec.volumes': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'V1PodSpec.initContainers': { strategy: 'merge', mergeKey: 'name' },
  'V1PodSpec.containers': { strategy: 'merge', mergeKey: 'name' },
  'V1PodSpec.ephemeralContainers': { strategy: 'merge', mergeKey: 'name' },
  'V1PodSpec.imagePullSecrets': { strategy: 'merge', mergeKey: 'name' },
  'V1PodSpec.hostAliases': { strategy: 'merge', mergeKey: 'ip' },
  'V1PodSpec.topologySpreadConstraints': { strategy: 'merge', mergeKey: 'topologyKey' },
  'V1PodSpec.resourceClaims': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'V1PodSpec.schedulingGates': { strategy: 'merge', mergeKey: 'name' },
  'V1Container.ports': { strategy: 'merge', mergeKey: 'containerPort' },
  'V1Container.env': { strategy: 'merge', mergeKey: 'name' },
  'V1Container.volumeMounts': { strategy: 'merge', mergeKey: 'mountPath' },
  'V1Container.volumeDevices': { strategy: 'merge', mergeKey: 'devicePath' },
  'V1EphemeralContainer.ports': { strategy: 'merge', mergeKey: 'containerPort' },
  'V1EphemeralContainer.env': { strategy: 'merge', mergeKey: 'name' },
  'V1EphemeralContainer.volumeMounts': { strategy: 'merge', mergeKey: 'mountPath' },
  'V1EphemeralContainer.volumeDevices': { strategy: 'merge', mergeKey: 'devicePath' },
  'V1PodStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1PodStatus.podIPs': { strategy: 'merge', mergeKey: 'ip' },
  'V1PodStatus.hostIPs': { strategy: 'merge', mergeKey: 'ip' },
  'V1PodStatus.resourceClaimStatuses': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'V1NodeSpec.podCIDRs': { strategy: 'merge' },
  'V1NodeStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1NodeStatus.addresses': { strategy: 'merge', mergeKey: 'type' },
  'V1ServiceSpec.ports': { strategy: 'merge', mergeKey: 'port' },
  'V1ServiceStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1ServiceAccount.secrets': { strategy: 'merge', mergeKey: 'name' },
  'V1NamespaceStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1ReplicationControllerStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1DeploymentSpec.strategy': { strategy: 'retainKeys' },
  'V1DeploymentStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1ReplicaSetStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'V1DaemonSetStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
};

/** A type described for patching only (tests, and kinds the generated schema does not carry). */
export interface ExtraPatchType {
  [field: string]: { type: SchemaType; strategy?: string; mergeKey?: string };
}

const extraTypes = new Map<string, ExtraPatchType>();

/** Registers a type by name for lookupPatchMeta (upstream's tests use a `MergeItem` type). */
export function registerPatchType(name: string, fields: ExtraPatchType): void {
  extraTypes.set(name, fields);
}

/** Looks up how a field of `parent` (a schema type) is patched. */
export function lookupPatchMeta(parent: PatchSchema, key: string): FieldPatchMeta {
  const none: FieldPatchMeta = { type: undefined, strategy: '', retainKeys: false };
  if (parent === undefined) return none;
  if (typeof parent === 'object') {
    if ('map' in parent) return { ...none, type: parent.map };
    return none;
  }
  const extra = extraTypes.get(parent);
  if (extra) {
    const f = extra[key];
    if (!f) return none;
    const st = (f.strategy ?? '').split(',').filter(Boolean);
    const other = st.find((x) => x !== 'retainKeys') ?? '';
    return { type: f.type, strategy: other as FieldPatchMeta['strategy'], retainKeys: st.includes('retainKeys'), mergeKey: f.mergeKey };
  }
  const def = definition(parent);
  if (!def) return none;
  const f = def.fields[key];
  const tag = TAGS[`${parent}.${key}`];
  const strategies = tag ? tag.strategy.split(',') : [];
  const retainKeys = strategies.includes('retainKeys');
  const other = strategies.find((s) => s !== 'retainKeys') ?? '';
  return { type: f?.type, strategy: other as FieldPatchMeta['strategy'], retainKeys, mergeKey: tag?.mergeKey };
}

/** The element type of a list type. */
export function elementType(t: PatchSchema): PatchSchema {
  return t !== undefined && typeof t === 'object' && 'array' in t ? t.array : undefined;
}
