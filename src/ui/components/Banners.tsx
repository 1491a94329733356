/**
 * Notices that must not be missed: the cluster is open in another tab (follow or take over), the
 * saved cluster could not be restored, saving fails (quota), the engine crashed or stalls, the
 * engine reported internal errors.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../state/store';
import { takeOver, followReadOnly, dismissPromoted } from '../session/session';
import { dismissEngineErrors, dismissRestoreProblem, recoverFromSave, startFresh } from '../actions/cluster';
import { downloadSaved, exportAll } from '../actions/files';
import { humanDuration } from '../../engine/api/time';
import { Icon } from './Icon';

function Ago({ at }: { at: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <>{humanDuration(Math.max(0, now - at))} ago</>;
}

/** Ownership, restore, persistence and engine-error banners. */
export function Banners() {
  const session = useApp((s) => s.session);
  const persistence = useApp((s) => s.persistence);
  const engineErrors = useApp((s) => s.engineErrors);
  const out: React.ReactNode[] = [];
  if (session.fixture) {
    out.push(
      <div key="fixture" className="banner info" role="status">
        <Icon name="warn" />
        <span>
          <strong>Sample data.</strong> This page shows a static sample cluster without an engine (the <code>?fixture</code> address). Remove it from the address to run a real simulated cluster.
        </span>
      </div>,
    );
  } else if (session.role === 'follower') {
    if (session.askOwnership) {
      out.push(
        <div key="own" className="banner info" role="alertdialog" aria-label="Cluster open in another tab">
          <Icon name="warn" />
          <span>
            <strong>This cluster is open in another tab.</strong> Only one tab runs and saves it. Follow it here read-only, or take it over (the other tab then becomes read-only).
          </span>
          <button type="button" className="btn primary small" onClick={() => void takeOver()}>
            Take over here
          </button>
          <button type="button" className="btn small" onClick={followReadOnly}>
            Follow read-only
          </button>
        </div>,
      );
    } else {
      out.push(
        <div key="own" className="banner info" role="status">
          <Icon name="warn" />
          <span>
            {session.followerReason === 'taken-over' ? <strong>Another tab took this cluster over.</strong> : <strong>Read-only:</strong>} this tab follows the cluster that runs in another tab
            {session.lastSync ? (
              <>
                {' '}
                (updated <Ago at={session.lastSync} />)
              </>
            ) : null}
            .
          </span>
          <button type="button" className="btn small" onClick={() => void takeOver()}>
            Take over here
          </button>
        </div>,
      );
    }
  }
  if (session.role === 'owner' && session.promoted) {
    out.push(
      <div key="own" className="banner ok" role="status" data-testid="promoted-banner">
        <Icon name="check" />
        <span>
          <strong>This tab runs the cluster now.</strong> The tab that ran it was closed; this one continues from its last save and saves from here on.
        </span>
        <button type="button" className="btn small" onClick={dismissPromoted}>
          OK
        </button>
      </div>,
    );
  }
  if (session.restoreProblem) {
    const p = session.restoreProblem;
    out.push(
      <div key="restore" className="banner error" role="alert">
        <Icon name="warn" />
        <span>
          <strong>The saved cluster could not be restored</strong> ({p.kind === 'incompatible' ? 'it comes from an incompatible version of Podium' : 'it is damaged'}): {p.message}. A fresh cluster was started
          {p.keptAs ? '; the old state is kept for download' : ''}.
        </span>
        {p.keptAs ? (
          <button type="button" className="btn small" onClick={() => void downloadSaved(p.keptAs!)}>
            <Icon name="download" /> Download it
          </button>
        ) : null}
        <button type="button" className="btn small" onClick={dismissRestoreProblem}>
          Dismiss
        </button>
      </div>,
    );
  } else if (session.migratedFrom !== undefined) {
    out.push(
      <div key="migrated" className="banner info" role="status">
        <span>Your saved cluster was upgraded from an older Podium save format (version {session.migratedFrom}).</span>
        <button type="button" className="btn small" onClick={dismissRestoreProblem}>
          OK
        </button>
      </div>,
    );
  }
  if (session.role === 'owner' && (persistence.state === 'quota' || persistence.state === 'error' || (persistence.state === 'off' && persistence.message))) {
    out.push(
      <div key="persist" className="banner error" role="alert" data-testid="persistence-banner">
        <Icon name="warn" />
        <span>
          <strong>{persistence.state === 'quota' ? 'Storage is full: the cluster is not being saved.' : 'The cluster is not being saved.'}</strong> {persistence.message}
        </span>
        <button type="button" className="btn small" onClick={() => void exportAll()}>
          Export as YAML
        </button>
      </div>,
    );
  }
  if (engineErrors.length) {
    out.push(
      <div key="errs" className="banner warn" role="status">
        <Icon name="warn" />
        <span title={engineErrors.join('\n')}>
          The engine reported {engineErrors.length} internal error{engineErrors.length > 1 ? 's' : ''} (a Podium bug, not yours): {engineErrors[engineErrors.length - 1]}
        </span>
        <button type="button" className="btn small" onClick={dismissEngineErrors}>
          Dismiss
        </button>
      </div>,
    );
  }
  return <div className="banners">{out}</div>;
}

/** The full-screen notice for a crashed or stalled engine, with recovery. */
export function CrashOverlay() {
  const session = useApp((s) => s.session);
  const [waitingSince, setWaitingSince] = useState<string | null>(null);
  if (session.phase !== 'crashed' && session.phase !== 'unresponsive') return null;
  const crashed = session.phase === 'crashed';
  // "Keep waiting" hides the notice for this stall; it comes back if the engine crashes instead.
  if (!crashed && waitingSince === session.crash) return null;
  return (
    <div className="crash-backdrop">
      <div className="crash" role="alertdialog" aria-labelledby="crash-title">
        <h2 id="crash-title">{crashed ? 'The cluster engine stopped' : 'The cluster engine is not responding'}</h2>
        <p>{session.crash}</p>
        <p className="muted">
          {crashed
            ? 'Your cluster is saved in this browser every few seconds. Restart the engine from the last saved state, or download that state first.'
            : 'It may be busy with a very large operation. You can wait, or restart it from the last saved state.'}
        </p>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={() => void downloadSaved('current')}>
            <Icon name="download" /> Download saved state
          </button>
          <button type="button" className="btn" onClick={() => void startFresh()}>
            Start a fresh cluster
          </button>
          {crashed ? null : (
            <button type="button" className="btn" onClick={() => setWaitingSince(session.crash ?? '')}>
              Keep waiting
            </button>
          )}
          <button type="button" className="btn primary" onClick={() => void recoverFromSave()} autoFocus>
            Recover last saved state
          </button>
        </div>
      </div>
    </div>
  );
}
