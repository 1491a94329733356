/** The dashboard's entry: styles, preferences, routing, keyboard, the React tree, then the engine session. */
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './components/App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { applyPrefsToDocument } from './actions/prefs';
import { installRouting } from './actions/navigation';
import { installKeyboard } from './actions/keyboard';
import { installLayout } from './actions/layout';
import { startSession, engine } from './session/session';
import { useApp } from './state/store';
import type { KubectlOutput } from '../protocol/facade';

/** What `window.podium` offers in the browser console (and to the end-to-end tests). */
export interface PodiumDebugApi {
  /** Runs a kubectl line in the engine, as the console does. */
  kubectl(line: string, stdin?: string): Promise<KubectlOutput>;
  /** The dashboard's store (read it with podium.state()). */
  state(): ReturnType<typeof useApp.getState>;
  /** Provokes an engine crash, to try the recovery. */
  crash(mode?: 'throw' | 'exit'): void;
}

declare global {
  interface Window {
    podium: PodiumDebugApi;
  }
}

applyPrefsToDocument();
installRouting();
installKeyboard();
installLayout();
window.podium = {
  kubectl: (line, stdin) => engine().kubectl(line, { stdin, wait: 'realtime' }),
  state: () => useApp.getState(),
  crash: (mode = 'throw') => void engine().debugCrash(mode),
};
createRoot(document.getElementById('root')!).render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
);
void startSession();
