/**
 * The kinds Podium serves, with the discovery facts kubectl needs: group/version, plural resource
 * name, short names, scope and categories, as `kubectl api-resources` on a v1.32 cluster lists them.
 */

/** Discovery information for one kind. */
export interface KindInfo {
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** `group/version`, or just `version` for the core group. */
  apiVersion: string;
  /** Plural lower-case resource name (`deployments`). */
  resource: string;
  /** Singular lower-case name (`deployment`). */
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** `all` puts the kind in `kubectl get all`. */
  categories: string[];
  /** The verbs discovery advertises. */
  verbs: string[];
  /** Whether metadata.generation is maintained (spec changes bump it). */
  hasGeneration: boolean;
  /** Whether the kind has a status subresource (spec and status are written separately). */
  hasStatusSubresource: boolean;
  /** The client-node model name of the kind's root type in the generated schema. */
  schemaType: string;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function k(
  kind: string,
  apiVersion: string,
  resource: string,
  shortNames: string[],
  namespaced: boolean,
  opts: Partial<KindInfo> & { schemaType: string },
): KindInfo {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return {
    kind,
    group,
    version,
    apiVersion,
    resource,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    categories: [],
    verbs: ALL_VERBS,
    hasGeneration: false,
    hasStatusSubresource: false,
    ...opts,
  };
}

/** Every kind Podium serves, in the order `kubectl api-resources` prints them (core group first). */
export const KINDS: readonly KindInfo[] = [
  k('ConfigMap', 'v1', 'configmaps', ['cm'], true, { schemaType: 'V1ConfigMap' }),
  k('Endpoints', 'v1', 'endpoints', ['ep'], true, { schemaType: 'V1Endpoints' }),
  k('Event', 'v1', 'events', ['ev'], true, { schemaType: 'CoreV1Event' }),
  k('Namespace', 'v1', 'namespaces', ['ns'], false, {
    schemaType: 'V1Namespace',
    hasStatusSubresource: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  k('Node', 'v1', 'nodes', ['no'], false, { schemaType: 'V1Node', hasStatusSubresource: true }),
  k('Pod', 'v1', 'pods', ['po'], true, { schemaType: 'V1Pod', categories: ['all'], hasStatusSubresource: true }),
  k('ReplicationController', 'v1', 'replicationcontrollers', ['rc'], true, {
    schemaType: 'V1ReplicationController',
    categories: ['all'],
    hasGeneration: true,
    hasStatusSubresource: true,
  }),
  k('Secret', 'v1', 'secrets', [], true, { schemaType: 'V1Secret' }),
  k('ServiceAccount', 'v1', 'serviceaccounts', ['sa'], true, { schemaType: 'V1ServiceAccount' }),
  k('Service', 'v1', 'services', ['svc'], true, {
    schemaType: 'V1Service',
    categories: ['all'],
    hasStatusSubresource: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  k('DaemonSet', 'apps/v1', 'daemonsets', ['ds'], true, {
    schemaType: 'V1DaemonSet',
    categories: ['all'],
    hasGeneration: true,
    hasStatusSubresource: true,
  }),
  k('Deployment', 'apps/v1', 'deployments', ['deploy'], true, {
    schemaType: 'V1Deployment',
    categories: ['all'],
    hasGeneration: true,
    hasStatusSubresource: true,
  }),
  k('ReplicaSet', 'apps/v1', 'replicasets', ['rs'], true, {
    schemaType: 'V1ReplicaSet',
    categories: ['all'],
    hasGeneration: true,
    hasStatusSubresource: true,
  }),
  k('Lease', 'coordination.k8s.io/v1', 'leases', [], true, { schemaType: 'V1Lease' }),
  k('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', [], true, { schemaType: 'V1EndpointSlice' }),
];

const byKind = new Map(KINDS.map((i) => [i.kind, i]));

/**
 * Kinds a real v1.32 cluster serves that Podium does not simulate, by plural resource name and
 * short names, so that kubectl can say so instead of claiming the type does not exist.
 */
export const UNSUPPORTED_RESOURCES: Readonly<Record<string, { kind: string; apiVersion: string; aliases: string[] }>> = {
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1', aliases: ['sts', 'statefulset'] },
  jobs: { kind: 'Job', apiVersion: 'batch/v1', aliases: ['job'] },
  cronjobs: { kind: 'CronJob', apiVersion: 'batch/v1', aliases: ['cj', 'cronjob'] },
  ingresses: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', aliases: ['ing', 'ingress'] },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', aliases: ['netpol', 'networkpolicy'] },
  persistentvolumeclaims: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', aliases: ['pvc', 'persistentvolumeclaim'] },
  persistentvolumes: { kind: 'PersistentVolume', apiVersion: 'v1', aliases: ['pv', 'persistentvolume'] },
  horizontalpodautoscalers: { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', aliases: ['hpa', 'horizontalpodautoscaler'] },
  controllerrevisions: { kind: 'ControllerRevision', apiVersion: 'apps/v1', aliases: ['controllerrevision'] },
  resourcequotas: { kind: 'ResourceQuota', apiVersion: 'v1', aliases: ['quota', 'resourcequota'] },
  limitranges: { kind: 'LimitRange', apiVersion: 'v1', aliases: ['limits', 'limitrange'] },
  poddisruptionbudgets: { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', aliases: ['pdb', 'poddisruptionbudget'] },
  storageclasses: { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', aliases: ['sc', 'storageclass'] },
  roles: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', aliases: ['role'] },
  rolebindings: { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', aliases: ['rolebinding'] },
  clusterroles: { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', aliases: ['clusterrole'] },
  clusterrolebindings: { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', aliases: ['clusterrolebinding'] },
  customresourcedefinitions: { kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', aliases: ['crd', 'crds', 'customresourcedefinition'] },
  podtemplates: { kind: 'PodTemplate', apiVersion: 'v1', aliases: ['podtemplate'] },
  priorityclasses: { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', aliases: ['pc', 'priorityclass'] },
};

/** Looks a kind up by its Kind name (`Deployment`). */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Like kindInfo, for a kind that must exist (a programming error otherwise). */
export function mustKind(kind: string): KindInfo {
  const info = byKind.get(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return info;
}

/**
 * Resolves what a user typed as a resource (`po`, `pods`, `pod`, `deployments.apps`,
 * `deploy.v1.apps`, `Deployment`) to a kind, as kubectl's RESTMapper does; undefined if unknown.
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const lower = arg.toLowerCase();
  const [name, ...rest] = lower.split('.');
  const groupPart = rest.join('.');
  return KINDS.find((i) => {
    const names = [i.resource, i.singular, ...i.shortNames];
    if (!names.includes(name)) return false;
    if (!groupPart) return true;
    const g = i.group || '';
    // `deployments.apps` or `deployments.v1.apps`
    return groupPart === g || groupPart === `${i.version}.${g}` || (g === '' && groupPart === i.version);
  });
}

/** The group-qualified resource as error messages print it: `deployments.apps`, or `pods` for core. */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** The group-qualified kind as validation errors print it: `Deployment.apps`, or `Pod` for core. */
export function qualifiedKind(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}
