/** Short-lived notes of what the dashboard's actions ran and what kubectl answered. */
import { useEffect, useState } from 'react';
import { useApp } from '../state/store';

const SHOW_MS = 6000;

/** The toast stack (bottom right). */
export function Toasts() {
  const activity = useApp((s) => s.activity);
  const consoleOpen = useApp((s) => s.consoleOpen);
  const [now, setNow] = useState(Date.now());
  const [dismissed, setDismissed] = useState<Set<number>>(new Set());
  const recent = activity.filter((a) => a.source === 'ui' && !dismissed.has(a.id) && now - a.at < SHOW_MS + (a.result?.exitCode ? 6000 : 0)).slice(-4);
  useEffect(() => {
    if (!recent.length) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [recent.length]);
  useEffect(() => setNow(Date.now()), [activity]);
  if (consoleOpen || !recent.length) return null;
  return (
    <div className="toasts" aria-live="polite">
      {recent.map((a) => {
        const failed = !!a.result && a.result.exitCode !== 0;
        const text = (a.result ? (failed ? a.result.stderr : a.result.stdout || a.result.stderr) : '').trim();
        return (
          <div key={a.id} className={`toast ${a.running ? 'running' : failed ? 'error' : 'ok'}`} role={failed ? 'alert' : 'status'}>
            <div className="cmd-line">
              <span className="prompt">$</span> {a.line}
            </div>
            {text ? <pre>{text.split('\n').slice(0, 6).join('\n')}</pre> : null}
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => setDismissed(new Set([...dismissed, a.id]))}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
