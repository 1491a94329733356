/**
 * Hash routes: every view and every selected object has a URL that survives a reload, can be
 * shared, and works with the back button on any static host.
 *
 *   #/pods                                   the pod list
 *   #/pods?ns=kube-system&l=tier%3Dcontrol-plane&q=etcd&wide=1
 *   #/pods/kube-system/etcd-podium-control-plane?tab=yaml     a pod's detail panel
 *   #/nodes/podium-worker?tab=describe                        a cluster-scoped object
 */
import { VIEW_BY_ID, isViewId, type ViewId } from '../views';

/** The tabs of the detail panel. */
export type DetailTab = 'overview' | 'describe' | 'events' | 'yaml' | 'logs' | 'scheduling';

const TABS: DetailTab[] = ['overview', 'describe', 'events', 'yaml', 'logs', 'scheduling'];

/** A parsed route. */
export interface Route {
  view: ViewId;
  /** The namespace shown; null means all namespaces. */
  namespace: string | null;
  /** Text filter. */
  q: string;
  /** Label selector filter (kubectl `-l` syntax). */
  labels: string;
  /** Wide columns on. */
  wide: boolean;
  /** The selected object, if any. */
  selected: { namespace: string | null; name: string } | null;
  /** The detail panel's tab. */
  tab: DetailTab;
}

/** The route of an empty hash. */
export const DEFAULT_ROUTE: Route = { view: 'overview', namespace: null, q: '', labels: '', wide: false, selected: null, tab: 'overview' };

/** Parses `location.hash` (with or without the leading `#`). Unknown parts fall back to defaults. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = h.split('?', 2);
  const segs = pathPart.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const params = new URLSearchParams(queryPart);
  const view = segs[0] && isViewId(segs[0]) ? segs[0] : DEFAULT_ROUTE.view;
  const def = VIEW_BY_ID[view];
  let selected: Route['selected'] = null;
  if (view !== 'overview' && segs[0] === view) {
    if (def.namespaced && segs.length >= 3) selected = { namespace: segs[1], name: segs[2] };
    else if (!def.namespaced && segs.length >= 2) selected = { namespace: null, name: segs[1] };
  }
  const tab = params.get('tab');
  const ns = params.get('ns');
  return {
    view,
    namespace: ns === null || ns === '' || ns === '*' ? null : ns,
    q: params.get('q') ?? '',
    labels: params.get('l') ?? '',
    wide: params.get('wide') === '1',
    selected,
    tab: tab && (TABS as string[]).includes(tab) ? (tab as DetailTab) : 'overview',
  };
}

/** Formats a route as a hash (`#/pods?ns=default`); parseRoute(formatRoute(r)) equals r. */
export function formatRoute(r: Route): string {
  const def = VIEW_BY_ID[r.view];
  let path = `/${r.view}`;
  if (r.selected && r.view !== 'overview') {
    path += def.namespaced ? `/${encodeURIComponent(r.selected.namespace ?? 'default')}/${encodeURIComponent(r.selected.name)}` : `/${encodeURIComponent(r.selected.name)}`;
  }
  const params = new URLSearchParams();
  if (r.namespace !== null) params.set('ns', r.namespace);
  if (r.labels) params.set('l', r.labels);
  if (r.q) params.set('q', r.q);
  if (r.wide) params.set('wide', '1');
  if (r.selected && r.tab !== 'overview') params.set('tab', r.tab);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}
