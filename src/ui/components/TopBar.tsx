/** The top bar: brand, cluster summary, time controls, save status and the menu. */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../state/store';
import { objectsOf } from '../state/mirror';
import { TimeControls } from './TimeControls';
import { Icon } from './Icon';
import { toggleProjector, toggleTheme } from '../actions/prefs';
import { exportAll, importFile, downloadSaved } from '../actions/files';
import { confirmReset } from '../actions/cluster';
import { openDialog } from '../actions/objects';
import { humanDuration } from '../../engine/api/time';

function SaveStatus() {
  const p = useApp((s) => s.persistence);
  const role = useApp((s) => s.session.role);
  const [, force] = useState(0);
  useEffect(() => {
    const t = setInterval(() => force((n) => n + 1), 5000);
    return () => clearInterval(t);
  }, []);
  if (role === 'follower')
    return (
      <span className="save follower" title="Another tab owns this cluster; this tab follows it read-only" data-testid="save-status">
        read-only
      </span>
    );
  const ago = p.lastSavedAt ? humanDuration(Math.max(0, Date.now() - p.lastSavedAt)) : null;
  const label =
    p.state === 'saving'
      ? 'saving…'
      : p.state === 'saved'
        ? `saved ${ago} ago`
        : p.state === 'quota'
          ? 'storage full'
          : p.state === 'error'
            ? 'not saved'
            : p.state === 'off'
              ? 'not saved'
              : 'unsaved';
  return (
    <span className={`save state-${p.state}`} title={p.message ?? (p.lastSavedAt ? `Saved in this browser (IndexedDB) at ${new Date(p.lastSavedAt).toLocaleTimeString()}` : 'The cluster is saved in this browser every few seconds')} data-testid="save-status">
      {label}
    </span>
  );
}

function Menu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const theme = useApp((s) => s.prefs.theme);
  const projector = useApp((s) => s.prefs.projector);
  const readOnly = useApp((s) => s.session.role === 'follower');
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const item = (label: string, icon: string, act: () => void, disabled = false) => (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      disabled={disabled}
      onClick={() => {
        setOpen(false);
        act();
      }}
    >
      <Icon name={icon} /> {label}
    </button>
  );
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn icon-btn" aria-haspopup="menu" aria-expanded={open} aria-label="Menu" onClick={() => setOpen(!open)}>
        <Icon name="menu" />
      </button>
      {open ? (
        <div className="menu-pop" role="menu">
          {item(theme === 'dark' ? 'Light theme' : 'Dark theme', theme === 'dark' ? 'sun' : 'moon', toggleTheme)}
          {item(projector ? 'Normal text' : 'Projector mode (large text)', 'projector', toggleProjector)}
          <div className="menu-sep" />
          {item('Export all as YAML', 'download', () => void exportAll())}
          {item('Import YAML file…', 'upload', () => fileRef.current?.click(), readOnly)}
          {item('Download saved state', 'download', () => void downloadSaved('current'))}
          <div className="menu-sep" />
          {item('Keyboard shortcuts', 'help', () => openDialog({ type: 'help' }))}
          {item('Reset cluster…', 'warn', confirmReset, readOnly)}
        </div>
      ) : null}
      <input
        ref={fileRef}
        type="file"
        accept=".yaml,.yml,.json,text/yaml,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
    </div>
  );
}

/** The top bar. */
export function TopBar() {
  const nodes = useApp((s) => objectsOf(s.mirror, 'Node').size);
  const pods = useApp((s) => objectsOf(s.mirror, 'Pod').size);
  const consoleOpen = useApp((s) => s.consoleOpen);
  const theme = useApp((s) => s.prefs.theme);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          <Icon name="cube" />
        </span>
        <span className="brand-name">Podium</span>
        <span className="cluster-chip" title="kind-style cluster, Kubernetes v1.32">
          podium · v1.32 · {nodes} nodes · {pods} pods
        </span>
      </div>
      <TimeControls />
      <div className="topbar-right">
        <SaveStatus />
        <button
          type="button"
          className={`btn icon-btn ${consoleOpen ? 'on' : ''}`}
          aria-pressed={consoleOpen}
          aria-label="kubectl console"
          title="kubectl console (`)"
          onClick={() => useApp.setState({ consoleOpen: !consoleOpen })}
        >
          <Icon name="terminal" />
        </button>
        <button type="button" className="btn icon-btn" aria-label="Toggle theme" title="Dark / light theme" onClick={toggleTheme}>
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
        <Menu />
      </div>
    </header>
  );
}
