/**
 * The cluster at a glance: nodes as cards with their pods as coloured tiles (rolling updates are
 * visible as tiles appear, change colour and fade out), pending pods, deployments' progress and the
 * latest warnings.
 */
import { memo, useMemo } from 'react';
import type { KObject } from '../../protocol/batch';
import { useApp } from '../state/store';
import { objectsOf, latestEvents } from '../state/mirror';
import * as c from '../columns/cells';
import { statusTone, readyTone } from '../columns/status';
import { openObject, openView } from '../actions/navigation';
import { StatusPill } from './StatusPill';
import { parseQuantity } from '../../engine/api/quantity';
import { useThrottled } from '../hooks';

const MAX_TILES = 160;
/** Above this many pods the node map stops animating tiles (hundreds of CSS animations cost frames). */
const CALM_ABOVE = 300;
const NONE: KObject[] = [];

const requestCache = new WeakMap<KObject, { cpu: number; memory: number }>();

/** The cpu and memory a pod requests (cached per object). */
function podRequests(p: KObject): { cpu: number; memory: number } {
  let r = requestCache.get(p);
  if (!r) {
    r = { cpu: 0, memory: 0 };
    for (const ct of (p.spec?.containers ?? []) as Array<{ resources?: { requests?: Record<string, string> } }>) {
      const q = ct.resources?.requests;
      if (q?.cpu) r.cpu += safeQuantity(q.cpu);
      if (q?.memory) r.memory += safeQuantity(q.memory);
    }
    requestCache.set(p, r);
  }
  return r;
}

function requests(pods: KObject[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const r = podRequests(p);
    cpu += r.cpu;
    memory += r.memory;
  }
  return { cpu, memory };
}

function safeQuantity(q: string | number): number {
  try {
    return Number(parseQuantity(String(q)));
  } catch {
    return 0;
  }
}

function Bar({ used, total, label }: { used: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className="bar" title={`${label}: ${Math.round(pct)}% requested`}>
      <span className="bar-label">{label}</span>
      <span className="bar-track">
        <span className={`bar-fill ${pct > 90 ? 'hot' : pct > 70 ? 'warm' : ''}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="bar-pct">{Math.round(pct)}%</span>
    </div>
  );
}

const Tile = memo(function Tile({ pod, arrived, ghost }: { pod: KObject; arrived: boolean; ghost: boolean }) {
  const status = c.podStatus(pod);
  const tone = statusTone(status);
  return (
    <button
      type="button"
      className={`tile tone-${tone}${arrived ? ' arrived' : ''}${ghost ? ' ghost' : ''}${pod.metadata.deletionTimestamp ? ' deleting' : ''}`}
      title={`${pod.metadata.namespace}/${pod.metadata.name}\n${status}`}
      aria-label={`pod ${pod.metadata.name}: ${status}`}
      onClick={() => openObject(pod)}
    />
  );
});

const NO_ARRIVALS: ReadonlyMap<string, number> = new Map();

const NodeCard = memo(function NodeCard({ node, pods, ghosts, calm }: { node: KObject; pods: KObject[]; ghosts: KObject[]; calm: boolean }) {
  // A calm (big) map does not animate arrivals, so it need not re-render when they change.
  const arrivals = useApp((s) => (calm ? NO_ARRIVALS : s.mirror.arrivals));
  const status = c.nodeStatus(node);
  const req = useMemo(() => requests(pods), [pods]);
  const alloc = node.status?.allocatable ?? {};
  const podCap = Number(alloc.pods ?? 110);
  const shown = [...pods, ...ghosts].slice(0, MAX_TILES);
  const ghostSet = new Set(ghosts.map((g) => g.metadata.uid));
  return (
    <div className={`node-card tone-border-${statusTone(status)}`} data-node={node.metadata.name}>
      <div className="node-head">
        <a
          href="#"
          className="node-name"
          onClick={(e) => {
            e.preventDefault();
            openObject(node);
          }}
        >
          {node.metadata.name}
        </a>
        <StatusPill text={status} tone={statusTone(status)} />
      </div>
      <div className="node-meta muted">
        {c.nodeRoles(node)} · {c.nodeInfo(node, 'kubeletVersion')} · {c.nodeAddress(node, 'InternalIP')}
      </div>
      <Bar label="cpu" used={req.cpu} total={safeQuantity(alloc.cpu ?? 0)} />
      <Bar label="mem" used={req.memory} total={safeQuantity(alloc.memory ?? 0)} />
      <Bar label="pods" used={pods.length} total={podCap} />
      <div className="tiles" aria-label={`pods on ${node.metadata.name}`}>
        {shown.map((p) => (
          <Tile key={p.metadata.uid} pod={p} arrived={arrivals.has(p.metadata.uid)} ghost={ghostSet.has(p.metadata.uid)} />
        ))}
        {pods.length + ghosts.length > MAX_TILES ? <span className="muted more">+{pods.length + ghosts.length - MAX_TILES}</span> : null}
      </div>
      <div className="node-foot muted">{pods.length} pods</div>
    </div>
  );
});

function Stat({ label, value, sub, tone, onClick }: { label: string; value: string; sub?: string; tone?: string; onClick?: () => void }) {
  return (
    <button type="button" className={`stat ${tone ? `tone-${tone}` : ''}`} onClick={onClick}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {sub ? <span className="stat-sub">{sub}</span> : null}
    </button>
  );
}

/** The overview page. */
export function OverviewView() {
  const nodes = useApp((s) => objectsOf(s.mirror, 'Node'));
  const livePods = useApp((s) => objectsOf(s.mirror, 'Pod'));
  // The node map redraws a few times a second for big clusters (tiles animate with CSS anyway).
  const pods = useThrottled(livePods, livePods.size > 300 ? 250 : 0);
  const calm = useApp((s) => objectsOf(s.mirror, 'Pod').size > CALM_ABOVE);
  const podGhosts = useApp((s) => (calm ? undefined : s.mirror.ghosts.Pod));
  const deployments = useApp((s) => objectsOf(s.mirror, 'Deployment'));
  const liveEvents = useApp((s) => objectsOf(s.mirror, 'Event'));
  const events = useThrottled(liveEvents, liveEvents.size > 500 ? 500 : 0);
  const now = useApp((s) => s.nowSec);
  const loaded = useApp((s) => s.mirror.loaded);

  const byNode = useMemo(() => {
    const m = new Map<string, KObject[]>();
    const pending: KObject[] = [];
    for (const p of pods.values()) {
      const n = p.spec?.nodeName;
      if (!n) pending.push(p);
      else {
        let list = m.get(n);
        if (!list) m.set(n, (list = []));
        list.push(p);
      }
    }
    for (const l of m.values()) l.sort((a, b) => (a.metadata.namespace! + a.metadata.name < b.metadata.namespace! + b.metadata.name ? -1 : 1));
    return { m, pending };
  }, [pods]);
  const ghostsByNode = useMemo(() => {
    const m = new Map<string, KObject[]>();
    for (const g of podGhosts?.values() ?? []) {
      const n = g.object.spec?.nodeName ?? '';
      let list = m.get(n);
      if (!list) m.set(n, (list = []));
      list.push(g.object);
    }
    return m;
  }, [podGhosts]);
  const podStats = useMemo(() => {
    let running = 0;
    let failing = 0;
    let progressing = 0;
    for (const p of pods.values()) {
      const t = statusTone(c.podStatus(p));
      if (t === 'ok') running++;
      else if (t === 'error') failing++;
      else progressing++;
    }
    return { running, failing, progressing };
  }, [pods]);
  const nodeList = useMemo(() => [...nodes.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)), [nodes]);
  const readyNodes = nodeList.filter((n) => c.nodeStatus(n).startsWith('Ready')).length;
  const depList = useMemo(() => [...deployments.values()].sort((a, b) => ((a.metadata.namespace ?? '') + a.metadata.name < (b.metadata.namespace ?? '') + b.metadata.name ? -1 : 1)), [deployments]);
  const availableDeps = depList.filter((d) => (d.status?.availableReplicas ?? 0) >= (d.spec?.replicas ?? 0)).length;
  const latest = useMemo(() => latestEvents(events.values(), 8), [events]);
  const warnings = useMemo(() => {
    let n = 0;
    for (const e of events.values()) if (e.type === 'Warning') n++;
    return n;
  }, [events]);

  if (!loaded) return <div className="overview loading muted">Starting the cluster…</div>;
  return (
    <div className={`overview${calm ? ' calm' : ''}`} data-testid="overview">
      <div className="stats">
        <Stat label="Nodes ready" value={`${readyNodes}/${nodeList.length}`} tone={readyNodes === nodeList.length ? 'ok' : 'error'} onClick={() => openView('nodes')} />
        <Stat
          label="Pods running"
          value={`${podStats.running}/${pods.size}`}
          sub={[podStats.progressing ? `${podStats.progressing} starting or stopping` : '', podStats.failing ? `${podStats.failing} failing` : ''].filter(Boolean).join(' · ')}
          tone={podStats.failing ? 'error' : podStats.progressing ? 'progress' : 'ok'}
          onClick={() => openView('pods')}
        />
        <Stat label="Deployments available" value={`${availableDeps}/${depList.length}`} tone={availableDeps === depList.length ? 'ok' : 'progress'} onClick={() => openView('deployments')} />
        <Stat label="Warning events" value={String(warnings)} tone={warnings ? 'warn' : 'ok'} onClick={() => openView('events')} />
      </div>
      <h2 className="section-title">Nodes</h2>
      <div className="node-grid">
        {nodeList.map((n) => (
          <NodeCard key={n.metadata.uid} node={n} pods={byNode.m.get(n.metadata.name) ?? NONE} ghosts={ghostsByNode.get(n.metadata.name) ?? NONE} calm={calm} />
        ))}
        {byNode.pending.length ? (
          <div className="node-card pending-card">
            <div className="node-head">
              <span className="node-name">Not scheduled</span>
              <StatusPill text="Pending" tone="progress" />
            </div>
            <div className="node-meta muted">pods waiting for a node</div>
            <div className="tiles">
              {byNode.pending.slice(0, MAX_TILES).map((p) => (
                <Tile key={p.metadata.uid} pod={p} arrived={false} ghost={false} />
              ))}
            </div>
            <div className="node-foot muted">{byNode.pending.length} pods</div>
          </div>
        ) : null}
      </div>
      <div className="overview-cols">
        <section>
          <h2 className="section-title">Deployments</h2>
          {depList.length ? (
            <ul className="dep-list">
              {depList.map((d) => {
                const ready = c.deploymentReady(d);
                const want = d.spec?.replicas ?? 0;
                const updated = d.status?.updatedReplicas ?? 0;
                const readyN = d.status?.readyReplicas ?? 0;
                return (
                  <li key={d.metadata.uid}>
                    <a
                      href="#"
                      onClick={(e) => {
                        e.preventDefault();
                        openObject(d);
                      }}
                    >
                      {d.metadata.namespace}/{d.metadata.name}
                    </a>
                    <span className="dep-bars" title={`${updated} updated, ${readyN} ready of ${want}`}>
                      <span className="bar-track">
                        <span className="bar-fill updated" style={{ width: `${want ? Math.min(100, (updated / want) * 100) : 0}%` }} />
                      </span>
                      <span className="bar-track">
                        <span className="bar-fill" style={{ width: `${want ? Math.min(100, (readyN / want) * 100) : 0}%` }} />
                      </span>
                    </span>
                    <span className={`ready tone-${readyTone(ready)}`}>{ready}</span>
                    <span className="mono small muted">{c.containerImages(d)}</span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">No deployments yet. Create one from the Deployments view.</p>
          )}
        </section>
        <section>
          <h2 className="section-title">Latest events</h2>
          <ul className="event-list">
            {latest.map((e) => (
              <li key={e.metadata.uid}>
                <StatusPill text={e.type ?? ''} tone={e.type === 'Warning' ? 'error' : 'info'} />
                <span className="mono small muted">{c.eventLastSeen(e, now)}</span>
                <span className="ev-reason">{e.reason}</span>
                <span className="ev-obj">{c.eventObject(e)}</span>
                <span className="ev-msg">{c.eventMessage(e)}</span>
              </li>
            ))}
            {!latest.length ? <li className="muted">No events.</li> : null}
          </ul>
        </section>
      </div>
    </div>
  );
}
