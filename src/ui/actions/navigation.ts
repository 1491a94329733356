/** Navigation: the route lives in location.hash; the store follows hashchange (back button works). */
import { formatRoute, parseRoute, type DetailTab, type Route } from '../state/route';
import { getApp, setApp } from '../state/store';
import { VIEW_BY_ID, viewForKind, type ViewId } from '../views';
import type { KObject } from '../../protocol/batch';

/** Starts following location.hash. */
export function installRouting(): void {
  const sync = () => setApp({ route: parseRoute(location.hash), cursor: null });
  window.addEventListener('hashchange', sync);
  sync();
}

/** Goes to a route (a new history entry unless `replace`). */
export function navigate(patch: Partial<Route>, opts: { replace?: boolean } = {}): void {
  const next: Route = { ...getApp().route, ...patch };
  const hash = formatRoute(next);
  if (hash === location.hash) return;
  if (opts.replace) {
    history.replaceState(null, '', hash);
    setApp({ route: parseRoute(hash) });
  } else {
    location.hash = hash;
  }
}

/** Opens a view's list (keeps the namespace; clears filters and the selection). */
export function openView(view: ViewId): void {
  navigate({ view, selected: null, q: '', labels: '', tab: 'overview' });
}

/** Opens the detail panel of an object in its own view. */
export function openObject(o: Pick<KObject, 'kind' | 'metadata'>, tab: DetailTab = 'overview'): void {
  const def = viewForKind(o.kind);
  if (!def) return;
  const r = getApp().route;
  const sameView = r.view === def.id;
  navigate({
    view: def.id,
    selected: { namespace: def.namespaced ? (o.metadata.namespace ?? 'default') : null, name: o.metadata.name },
    tab,
    ...(sameView ? {} : { q: '', labels: '' }),
  });
}

/** Opens an object by kind and name (owner links). */
export function openRef(kind: string, namespace: string | null | undefined, name: string): void {
  openObject({ kind, metadata: { name, namespace: namespace ?? undefined, uid: '', resourceVersion: '', creationTimestamp: '' } });
}

/** Closes the detail panel. */
export function closeDetail(): void {
  navigate({ selected: null, tab: 'overview' });
}

/** Switches the detail tab (replacing the history entry, so Back leaves the object). */
export function setTab(tab: DetailTab): void {
  navigate({ tab }, { replace: true });
}

/** Updates list filters in place (no history entry per keystroke). */
export function setFilters(patch: Partial<Pick<Route, 'q' | 'labels' | 'wide' | 'namespace'>>): void {
  navigate(patch, { replace: patch.namespace === undefined });
}

/** Whether a view lists namespaced objects. */
export function isNamespacedView(view: ViewId): boolean {
  return VIEW_BY_ID[view].namespaced;
}
