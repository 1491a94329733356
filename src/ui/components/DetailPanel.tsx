/**
 * The detail panel of the selected object: actions where users expect them, and tabs for the
 * overview (important fields, owner and owned objects as links), `kubectl describe`, events, YAML,
 * logs, and for pods the scheduler's decision.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { KObject } from '../../protocol/batch';
import { useApp } from '../state/store';
import { eventsIn, findIn } from '../state/mirror';
import type { DetailTab } from '../state/route';
import { VIEW_BY_ID } from '../views';
import { closeDetail, setTab } from '../actions/navigation';
import * as obj from '../actions/objects';
import { describeCmd, getYamlCmd, logsCmd } from '../actions/commands';
import { fetchText } from '../actions/run';
import { podStatus, nodeStatus, namespaceStatus } from '../columns/cells';
import { statusTone } from '../columns/status';
import { StatusPill } from './StatusPill';
import { Icon } from './Icon';
import { OverviewTab } from './detail/OverviewTab';
import { EventsList } from './detail/EventsList';
import { SchedulingTab } from './detail/SchedulingTab';
import { useThrottled } from '../hooks';
import { formatLabelSelector } from '../../engine/api/labels';

/** The status shown in the panel header, when the kind has one. */
function headerStatus(o: KObject): string | null {
  switch (o.kind) {
    case 'Pod':
      return podStatus(o);
    case 'Node':
      return nodeStatus(o);
    case 'Namespace':
      return namespaceStatus(o);
    case 'Event':
      return o.type ?? null;
    default:
      return null;
  }
}

function tabsFor(o: KObject): Array<{ id: DetailTab; label: string }> {
  const tabs: Array<{ id: DetailTab; label: string }> = [
    { id: 'overview', label: 'Overview' },
    { id: 'describe', label: 'Describe' },
    { id: 'events', label: 'Events' },
    { id: 'yaml', label: 'YAML' },
  ];
  if (o.kind === 'Pod' || o.kind === 'Deployment') tabs.push({ id: 'logs', label: 'Logs' });
  if (o.kind === 'Pod') tabs.push({ id: 'scheduling', label: 'Scheduling' });
  return tabs;
}

const YAML_KEY = /^(\s*(?:- )?)([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):(?=\s|$)/;

/** YAML with its keys coloured (every piece is a text node: nothing is interpreted as markup). */
export function YamlLines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, i) => {
        const m = YAML_KEY.exec(line);
        const nl = i < lines.length - 1 ? '\n' : '';
        if (!m) return <span key={i}>{line + nl}</span>;
        return (
          <span key={i}>
            {m[1]}
            <span className="y-key">{m[2]}</span>:{line.slice(m[0].length) + nl}
          </span>
        );
      })}
    </>
  );
}

/** Output of a kubectl command fetched for the panel, refreshed when `version` changes. */
function CommandText({ line, version: liveVersion, kind }: { line: string; version: string; kind: 'describe' | 'yaml' | 'logs' }) {
  // Refetch when the object changes, but at most twice a second of wall time (fast clocks).
  const version = useThrottled(liveVersion, 500);
  const entry = useApp((s) => s.texts[line]);
  useEffect(() => {
    void fetchText(line, version);
  }, [line, version]);
  const r = entry?.result;
  // Logs follow their end (as `kubectl logs -f` would), unless the reader scrolled up.
  const boxRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  useEffect(() => {
    const body = boxRef.current?.closest('.detail-body');
    if (!body || kind !== 'logs') return;
    const onScroll = () => (stuck.current = body.scrollHeight - body.scrollTop - body.clientHeight < 40);
    body.addEventListener('scroll', onScroll);
    return () => body.removeEventListener('scroll', onScroll);
  }, [kind]);
  useLayoutEffect(() => {
    const body = boxRef.current?.closest('.detail-body');
    if (body && kind === 'logs' && stuck.current) body.scrollTop = body.scrollHeight;
  }, [kind, r?.stdout]);
  return (
    <div className={`cmd-text ${kind}`} ref={boxRef}>
      <div className="cmd-line">
        <span className="prompt">$</span> {line}
        {entry?.loading ? <span className="spinner" aria-label="loading" /> : null}
        {r?.stdout ? (
          <button type="button" className="btn small copy" onClick={() => void navigator.clipboard?.writeText(r.stdout).catch(() => {})} title="Copy to the clipboard">
            Copy
          </button>
        ) : null}
      </div>
      {r ? (
        <>
          {r.stdout ? <pre className="out">{kind === 'yaml' ? <YamlLines text={r.stdout} /> : r.stdout}</pre> : null}
          {r.stderr ? <pre className="err">{r.stderr}</pre> : null}
          {!r.stdout && !r.stderr ? <pre className="out muted">{kind === 'logs' ? '(no log lines yet)' : '(no output)'}</pre> : null}
        </>
      ) : (
        <pre className="out muted">…</pre>
      )}
    </div>
  );
}

function Actions({ o }: { o: KObject }) {
  const readOnly = useApp((s) => s.session.role === 'follower');
  const b = (label: string, act: () => void, cls = '') => (
    <button type="button" className={`btn small ${cls}`} disabled={readOnly} onClick={act}>
      {label}
    </button>
  );
  const list: React.ReactNode[] = [];
  if (obj.isScalable(o)) list.push(<span key="scale">{b('Scale', () => obj.promptScale(o))}</span>);
  if (o.kind === 'Deployment' || o.kind === 'DaemonSet') list.push(<span key="img">{b('Set image', () => obj.promptSetImage(o))}</span>);
  if (obj.hasRollouts(o)) {
    list.push(<span key="restart">{b('Restart', () => obj.rolloutRestart(o))}</span>);
    list.push(<span key="undo">{b('Roll back', () => obj.rolloutUndo(o))}</span>);
  }
  if (o.kind === 'Node') {
    list.push(<span key="cordon">{o.spec?.unschedulable ? b('Uncordon', () => obj.setCordoned(o, false)) : b('Cordon', () => obj.setCordoned(o, true))}</span>);
    list.push(<span key="drain">{b('Drain', () => obj.confirmDrain(o))}</span>);
    list.push(<span key="stop">{b('Stop node', () => obj.stopNode(o))}</span>);
    list.push(<span key="start">{b('Start node', () => obj.startNode(o))}</span>);
  }
  if (o.kind !== 'Event') list.push(<span key="del">{b('Delete', () => obj.confirmDelete(o), 'danger')}</span>);
  return <div className="detail-actions">{list}</div>;
}

/** The panel's close button (icon only beside the list; with its label when the panel is a drawer). */
function CloseButton() {
  return (
    <button type="button" className="btn icon-btn detail-close" onClick={closeDetail} aria-label="Close details (Esc)" title="Close (Esc)">
      <Icon name="close" />
      <span className="detail-close-label">Close</span>
    </button>
  );
}

/** The panel for the route's selected object. */
export function DetailPanel() {
  const route = useApp((s) => s.route);
  const def = VIEW_BY_ID[route.view];
  const sel = route.selected!;
  const kindObjects = useApp((s) => s.mirror.kinds[def.kind]);
  const events = useApp((s) => s.mirror.kinds.Event);
  const o = useMemo(() => findIn(kindObjects, def.namespaced ? sel.namespace : null, sel.name), [kindObjects, def.namespaced, sel.namespace, sel.name]);
  const uid = o?.metadata.uid;
  const eventCount = useMemo(() => (uid ? eventsIn(events, uid).length : 0), [events, uid]);
  const nowSec = useApp((s) => s.nowSec);
  const loaded = useApp((s) => s.mirror.loaded);
  const tabs = useMemo(() => (o ? tabsFor(o) : []), [o]);
  const tab = tabs.some((t) => t.id === route.tab) ? route.tab : 'overview';

  if (!o) {
    return (
      <aside className="detail" aria-label="Details">
        <div className="detail-head">
          <div className="detail-title">
            <span className="kind-badge">{def.kind}</span>
            <h2>{sel.name}</h2>
          </div>
          <CloseButton />
        </div>
        <div className="detail-body">
          <p className="muted">{loaded ? `${def.kind.toLowerCase()} "${sel.name}" no longer exists${sel.namespace ? ` in namespace ${sel.namespace}` : ''}.` : 'Loading…'}</p>
        </div>
      </aside>
    );
  }
  const ref = obj.refOf(o);
  const status = headerStatus(o);
  const logVersion = `${o.metadata.resourceVersion}:${Math.floor(nowSec / 2000)}`;
  return (
    <aside className="detail" aria-label={`${o.kind} ${o.metadata.name}`} data-testid="detail">
      <div className="detail-head">
        <div className="detail-title">
          <span className="kind-badge">{o.kind}</span>
          <h2 title={o.metadata.name}>{o.metadata.name}</h2>
          {o.metadata.namespace ? <span className="ns-badge">{o.metadata.namespace}</span> : null}
          {status ? <StatusPill text={status} tone={o.kind === 'Event' && status === 'Normal' ? 'info' : statusTone(status)} /> : null}
        </div>
        <CloseButton />
      </div>
      <Actions o={o} />
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={t.id === tab} className={`tab ${t.id === tab ? 'active' : ''}`} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === 'events' && eventCount ? <span className="tab-count">{eventCount}</span> : null}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel">
        {tab === 'overview' ? <OverviewTab o={o} /> : null}
        {tab === 'describe' ? <CommandText kind="describe" line={describeCmd(ref)} version={`${o.metadata.resourceVersion}:${eventCount}`} /> : null}
        {tab === 'events' ? <EventsList uid={o.metadata.uid} /> : null}
        {tab === 'yaml' ? <CommandText kind="yaml" line={getYamlCmd(ref)} version={o.metadata.resourceVersion} /> : null}
        {tab === 'logs' ? <CommandText kind="logs" line={logsCmd(ref, { tail: o.kind === 'Pod' ? 500 : 100, selector: o.kind === 'Pod' ? undefined : formatLabelSelector(o.spec?.selector) || undefined })} version={logVersion} /> : null}
        {tab === 'scheduling' ? <SchedulingTab pod={o} /> : null}
      </div>
    </aside>
  );
}
