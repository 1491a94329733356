/** The window's width in the store, and whether the detail panel shows as a drawer over the list. */
import { getApp, setApp, type AppState } from '../state/store';
import { detailIsDrawer } from '../state/layout';

/** Starts following the window's width. */
export function installLayout(): void {
  const sync = () => {
    if (getApp().viewportWidth !== innerWidth) setApp({ viewportWidth: innerWidth });
  };
  window.addEventListener('resize', sync);
  sync();
}

/** Selector: the detail panel is open and shown as a drawer over the list (narrow screen or large text). */
export function detailDrawerOpen(s: Pick<AppState, 'viewportWidth' | 'prefs' | 'route'>): boolean {
  return s.route.selected !== null && s.route.view !== 'overview' && detailIsDrawer(s.viewportWidth, s.prefs.projector);
}
