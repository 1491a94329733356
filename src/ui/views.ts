/**
 * The dashboard's views: one per kind (plus the cluster overview), with the names kubectl and k9s
 * users type to jump to them (`:po`, `:deploy`, ...).
 */

/** Every view's id (also its route). */
export type ViewId =
  | 'overview'
  | 'pods'
  | 'deployments'
  | 'replicasets'
  | 'daemonsets'
  | 'services'
  | 'endpoints'
  | 'nodes'
  | 'namespaces'
  | 'events';

/** A view of one kind. */
export interface ViewDef {
  id: ViewId;
  /** The API kind listed (`Pod`); empty for the overview. */
  kind: string;
  /** Shown in the navigation. */
  title: string;
  /** kubectl's resource name (`pods`), used in commands. */
  resource: string;
  /** Whether objects live in namespaces. */
  namespaced: boolean;
  /** Names that jump here (`:po`). */
  aliases: string[];
  /** kubectl's short name, shown in the jump list. */
  short: string;
  /** Navigation group. */
  group: 'Cluster' | 'Workloads' | 'Network';
}

/** All views in navigation order. */
export const VIEWS: ViewDef[] = [
  { id: 'overview', short: 'home', kind: '', title: 'Overview', resource: '', namespaced: false, aliases: ['overview', 'home', 'cluster'], group: 'Cluster' },
  { id: 'nodes', short: 'no', kind: 'Node', title: 'Nodes', resource: 'nodes', namespaced: false, aliases: ['nodes', 'node', 'no'], group: 'Cluster' },
  { id: 'namespaces', short: 'ns', kind: 'Namespace', title: 'Namespaces', resource: 'namespaces', namespaced: false, aliases: ['namespaces', 'namespace', 'ns'], group: 'Cluster' },
  { id: 'events', short: 'ev', kind: 'Event', title: 'Events', resource: 'events', namespaced: true, aliases: ['events', 'event', 'ev'], group: 'Cluster' },
  { id: 'pods', short: 'po', kind: 'Pod', title: 'Pods', resource: 'pods', namespaced: true, aliases: ['pods', 'pod', 'po'], group: 'Workloads' },
  { id: 'deployments', short: 'deploy', kind: 'Deployment', title: 'Deployments', resource: 'deployments', namespaced: true, aliases: ['deployments', 'deployment', 'deploy', 'dp'], group: 'Workloads' },
  { id: 'replicasets', short: 'rs', kind: 'ReplicaSet', title: 'ReplicaSets', resource: 'replicasets', namespaced: true, aliases: ['replicasets', 'replicaset', 'rs'], group: 'Workloads' },
  { id: 'daemonsets', short: 'ds', kind: 'DaemonSet', title: 'DaemonSets', resource: 'daemonsets', namespaced: true, aliases: ['daemonsets', 'daemonset', 'ds'], group: 'Workloads' },
  { id: 'services', short: 'svc', kind: 'Service', title: 'Services', resource: 'services', namespaced: true, aliases: ['services', 'service', 'svc'], group: 'Network' },
  { id: 'endpoints', short: 'ep', kind: 'Endpoints', title: 'Endpoints', resource: 'endpoints', namespaced: true, aliases: ['endpoints', 'ep'], group: 'Network' },
];

/** Views by id. */
export const VIEW_BY_ID: Record<ViewId, ViewDef> = Object.fromEntries(VIEWS.map((v) => [v.id, v])) as Record<ViewId, ViewDef>;

/** The view listing a kind (`Pod` -> pods), if any. */
export function viewForKind(kind: string): ViewDef | undefined {
  return VIEWS.find((v) => v.kind === kind);
}

/** Finds the view a typed name means (`po`, `deploy`, `Pods`, a unique prefix such as `depl`). */
export function viewForAlias(text: string): ViewDef | undefined {
  const t = text.trim().toLowerCase().replace(/^:/, '');
  if (!t) return undefined;
  const exact = VIEWS.find((v) => v.aliases.includes(t) || v.id === t || v.kind.toLowerCase() === t);
  if (exact) return exact;
  const prefixed = VIEWS.filter((v) => v.aliases.some((a) => a.startsWith(t)) || v.title.toLowerCase().startsWith(t));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Whether a string is a view id. */
export function isViewId(s: string): s is ViewId {
  return s in VIEW_BY_ID;
}
