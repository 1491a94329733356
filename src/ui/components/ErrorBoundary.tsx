/** The last line of defence: a rendering error shows a way out instead of a blank page. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { recoverFromSave } from '../actions/cluster';
import { downloadSaved } from '../actions/files';

interface State {
  error: Error | null;
}

/** Catches rendering errors of its children. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  /** Switches to the error view. */
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  /** Logs the error for the developer console. */
  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Podium UI error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash-backdrop" role="alert">
        <div className="crash">
          <h2>Something in the dashboard broke</h2>
          <p>The page hit an error while drawing: {error.message}</p>
          <p className="muted">Your cluster is unaffected and saved in this browser. Try again, or restart the engine from the last saved state.</p>
          <div className="modal-actions">
            <button type="button" className="btn" onClick={() => void downloadSaved('current').catch(() => {})}>
              Download saved state
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                void recoverFromSave().finally(() => this.setState({ error: null }));
              }}
            >
              Recover last saved state
            </button>
            <button type="button" className="btn primary" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
          </div>
        </div>
      </div>
    );
  }
}
