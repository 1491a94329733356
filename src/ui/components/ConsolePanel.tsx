/** A small kubectl console: type a command line, see kubectl's output (the xterm terminal comes later). */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../state/store';
import { cancelCommand, runCommand } from '../actions/run';
import { Icon } from './Icon';

let cancelSeq = 0;

/** The console drawer. */
export function ConsolePanel() {
  const open = useApp((s) => s.consoleOpen);
  const activity = useApp((s) => s.activity);
  const [line, setLine] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [hIndex, setHIndex] = useState(-1);
  const [running, setRunning] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [activity, open]);
  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const run = async () => {
    const l = line.trim();
    if (!l) return;
    if (l === 'clear') {
      useApp.setState({ activity: [] });
      setLine('');
      return;
    }
    setHistory((h) => [...h.filter((x) => x !== l), l].slice(-100));
    setHIndex(-1);
    setLine('');
    const id = `console-${++cancelSeq}`;
    setRunning(id);
    await runCommand(l, { source: 'console', cancelId: id });
    setRunning(null);
  };
  return (
    <section className="console" aria-label="kubectl console">
      <div className="console-head">
        <span>
          <Icon name="terminal" /> kubectl console
        </span>
        <span className="muted">every action of the dashboard shows here as the command it ran</span>
        <div className="spacer" />
        <button type="button" className="btn icon-btn" aria-label="Close console" onClick={() => useApp.setState({ consoleOpen: false })}>
          <Icon name="close" />
        </button>
      </div>
      <div className="console-out" ref={scrollRef} data-testid="console-output">
        {activity.map((a) => (
          <div key={a.id} className="console-entry">
            <div className="cmd-line">
              <span className="prompt">$</span> {a.line}
            </div>
            {a.result?.stdout ? <pre className="out">{a.result.stdout}</pre> : null}
            {a.result?.stderr ? <pre className="err">{a.result.stderr}</pre> : null}
            {a.running ? <span className="spinner" aria-label="running" /> : null}
          </div>
        ))}
      </div>
      <form
        className="console-in"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <span className="prompt">$ kubectl</span>
        <input
          ref={inputRef}
          value={line}
          aria-label="kubectl command"
          placeholder="get pods -A"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'c' && e.ctrlKey && running) {
              cancelCommand(running);
              e.preventDefault();
            } else if (e.key === 'ArrowUp' && history.length) {
              const i = hIndex < 0 ? history.length - 1 : Math.max(0, hIndex - 1);
              setHIndex(i);
              setLine(history[i]);
              e.preventDefault();
            } else if (e.key === 'ArrowDown' && hIndex >= 0) {
              const i = hIndex + 1;
              if (i >= history.length) {
                setHIndex(-1);
                setLine('');
              } else {
                setHIndex(i);
                setLine(history[i]);
              }
              e.preventDefault();
            }
          }}
        />
        {running ? (
          <button type="button" className="btn small" onClick={() => cancelCommand(running)}>
            Ctrl-C
          </button>
        ) : null}
      </form>
    </section>
  );
}
