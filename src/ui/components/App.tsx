/** The dashboard's layout: top bar, banners, navigation, the current view, details, console, dialogs. */
import { useApp } from '../state/store';
import { TopBar } from './TopBar';
import { Banners, CrashOverlay } from './Banners';
import { Sidebar } from './Sidebar';
import { ListView } from './ListView';
import { OverviewView } from './OverviewView';
import { DetailPanel } from './DetailPanel';
import { ConsolePanel } from './ConsolePanel';
import { Dialogs } from './Dialogs';
import { Toasts } from './Toasts';
import { ErrorBoundary } from './ErrorBoundary';
import { detailDrawerOpen } from '../actions/layout';
import { closeDetail } from '../actions/navigation';

/** The whole app. */
export function App() {
  const view = useApp((s) => s.route.view);
  const selected = useApp((s) => s.route.selected !== null);
  const consoleOpen = useApp((s) => s.consoleOpen);
  // Narrow screens and large text: the details open as a drawer over the (dimmed) list.
  const drawer = useApp(detailDrawerOpen);
  return (
    <div className={`app ${consoleOpen ? 'with-console' : ''}`}>
      <TopBar />
      <Banners />
      <div className={`main ${selected ? 'with-detail' : ''} ${drawer ? 'detail-drawer' : ''}`}>
        <Sidebar />
        <main className="content">
          <ErrorBoundary>{view === 'overview' ? <OverviewView /> : <ListView key={view} view={view} />}</ErrorBoundary>
        </main>
        {drawer ? <div className="detail-scrim" onClick={closeDetail} aria-hidden="true" data-testid="detail-scrim" /> : null}
        {selected && view !== 'overview' ? (
          <ErrorBoundary>
            <DetailPanel />
          </ErrorBoundary>
        ) : null}
      </div>
      <ConsolePanel />
      <Dialogs />
      <Toasts />
      <CrashOverlay />
    </div>
  );
}
