/** The overview of an object: the fields that matter for its kind, owner and owned objects as links. */
import { useMemo } from 'react';
import type { KObject } from '../../../protocol/batch';
import { useApp } from '../../state/store';
import type { KindObjects } from '../../state/mirror';
import * as c from '../../columns/cells';
import { readyTone, statusTone } from '../../columns/status';
import { openObject, openRef } from '../../actions/navigation';
import { hasView } from '../../actions/objects';
import { StatusPill } from '../StatusPill';
import { formatLabelSelector } from '../../../engine/api/labels';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Chips({ map, empty = '<none>' }: { map?: Record<string, string>; empty?: string }) {
  const entries = Object.entries(map ?? {});
  if (!entries.length) return <span className="muted">{empty}</span>;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span className="chip" key={k} title={`${k}=${v}`}>
          {k}
          {v !== '' ? `=${v}` : ''}
        </span>
      ))}
    </span>
  );
}

/** A link to an object (by kind, namespace, name), plain text when the kind has no view. */
function ObjLink({ kind, namespace, name }: { kind: string; namespace?: string | null; name: string }) {
  if (!hasView(kind)) return <span>{`${kind.toLowerCase()}/${name}`}</span>;
  return (
    <a
      href="#"
      className="objlink"
      onClick={(e) => {
        e.preventDefault();
        openRef(kind, namespace, name);
      }}
    >
      {kind.toLowerCase()}/{name}
    </a>
  );
}

function objStatus(o: KObject): { text: string; tone: ReturnType<typeof statusTone> } {
  switch (o.kind) {
    case 'Pod': {
      const t = c.podStatus(o);
      return { text: t, tone: statusTone(t) };
    }
    case 'ReplicaSet': {
      const t = `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`;
      return { text: t, tone: readyTone(t) };
    }
    case 'Deployment': {
      const t = c.deploymentReady(o);
      return { text: t, tone: readyTone(t) };
    }
    default:
      return { text: '', tone: 'muted' };
  }
}

/** A compact list of objects with their status, each a link. */
function ObjectList({ objects, now }: { objects: KObject[]; now: number }) {
  if (!objects.length) return <p className="muted">None.</p>;
  const shown = objects.slice(0, 200);
  return (
    <ul className="objlist">
      {shown.map((o) => {
        const st = objStatus(o);
        return (
          <li key={o.metadata.uid} className={o.metadata.deletionTimestamp ? 'deleting' : ''}>
            <a
              href="#"
              className="objlink"
              onClick={(e) => {
                e.preventDefault();
                openObject(o);
              }}
            >
              {o.kind.toLowerCase()}/{o.metadata.name}
            </a>
            {st.text ? <StatusPill text={st.text} tone={st.tone} /> : null}
            <span className="muted age">{c.age(o, now)}</span>
          </li>
        );
      })}
      {objects.length > shown.length ? <li className="muted">… and {objects.length - shown.length} more</li> : null}
    </ul>
  );
}

function owned(objs: KindObjects | undefined, uid: string): KObject[] {
  const out: KObject[] = [];
  if (objs) for (const o of objs.values()) if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push(o);
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

function Conditions({ list }: { list?: Array<{ type: string; status: string; reason?: string; message?: string }> }) {
  if (!list?.length) return null;
  return (
    <section className="ov-section">
      <h3>Conditions</h3>
      <table className="kv-table">
        <thead>
          <tr>
            <th>Type</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {list.map((cnd) => (
            <tr key={cnd.type}>
              <td>{cnd.type}</td>
              <td>
                <StatusPill text={cnd.status} tone={cnd.status === 'True' ? (/Pressure|Unavailable/.test(cnd.type) ? 'error' : 'ok') : cnd.status === 'False' ? (/Pressure|Unavailable/.test(cnd.type) ? 'ok' : 'warn') : 'error'} />
              </td>
              <td>{cnd.reason ?? ''}</td>
              <td className="msg">{cnd.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Containers({ pod }: { pod: KObject }) {
  const statuses = (pod.status?.containerStatuses ?? []) as Array<{ name: string; ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string }>; image?: string }>;
  const containers = (pod.spec?.containers ?? []) as Array<{ name: string; image: string; ports?: Array<{ containerPort: number; protocol?: string }> }>;
  return (
    <section className="ov-section">
      <h3>Containers</h3>
      <table className="kv-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Image</th>
            <th>State</th>
            <th>Ready</th>
            <th>Restarts</th>
            <th>Ports</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((ct) => {
            const st = statuses.find((s) => s.name === ct.name);
            const stateName = st?.state ? Object.keys(st.state)[0] : 'waiting';
            const reason = st?.state?.[stateName]?.reason;
            const label = stateName === 'running' ? 'Running' : reason || (stateName === 'terminated' ? 'Terminated' : 'Waiting');
            return (
              <tr key={ct.name}>
                <td>{ct.name}</td>
                <td className="mono">{ct.image}</td>
                <td>
                  <StatusPill text={label} tone={statusTone(label)} />
                </td>
                <td>{st?.ready ? 'true' : 'false'}</td>
                <td className="num">{st?.restartCount ?? 0}</td>
                <td className="mono">{(ct.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ') || '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The overview tab. */
export function OverviewTab({ o }: { o: KObject }) {
  const kinds = useApp((s) => s.mirror.kinds);
  const now = useApp((s) => s.nowSec);
  const m = o.metadata;
  const ownedObjects = useMemo(() => {
    if (o.kind === 'Deployment') {
      const rss = owned(kinds.ReplicaSet, m.uid);
      const pods = rss.flatMap((rs) => owned(kinds.Pod, rs.metadata.uid));
      return { rss, pods };
    }
    if (o.kind === 'ReplicaSet' || o.kind === 'DaemonSet') return { rss: [], pods: owned(kinds.Pod, m.uid) };
    if (o.kind === 'Node') {
      const pods: KObject[] = [];
      for (const p of kinds.Pod?.values() ?? []) if (p.spec?.nodeName === m.name) pods.push(p);
      return { rss: [], pods: pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)) };
    }
    if (o.kind === 'Service' && o.spec?.selector && Object.keys(o.spec.selector).length) {
      const sel = o.spec.selector as Record<string, string>;
      const pods: KObject[] = [];
      for (const p of kinds.Pod?.values() ?? []) if (p.metadata.namespace === m.namespace && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v)) pods.push(p);
      return { rss: [], pods };
    }
    return { rss: [], pods: [] };
  }, [o, kinds, m.uid, m.name, m.namespace]);

  return (
    <div className="overview-tab">
      <dl className="fields">
        <Field label="Name">{m.name}</Field>
        {m.namespace ? <Field label="Namespace">{m.namespace}</Field> : null}
        <Field label="Created">
          {c.age(o, now)} ago <span className="muted">({m.creationTimestamp})</span>
        </Field>
        <Field label="UID">
          <span className="mono small">{m.uid}</span>
        </Field>
        {m.ownerReferences?.length ? (
          <Field label="Controlled by">
            {m.ownerReferences.map((r) => (
              <span key={r.uid}>
                <ObjLink kind={r.kind} namespace={m.namespace} name={r.name} />{' '}
              </span>
            ))}
          </Field>
        ) : null}
        {m.deletionTimestamp ? (
          <Field label="Deleting">
            since {m.deletionTimestamp} (grace {m.deletionGracePeriodSeconds ?? 0}s)
          </Field>
        ) : null}
        <KindFields o={o} now={now} />
        <Field label="Labels">
          <Chips map={m.labels} />
        </Field>
        <Field label="Annotations">
          <Chips map={m.annotations} />
        </Field>
      </dl>
      {o.kind === 'Pod' ? <Containers pod={o} /> : null}
      {ownedObjects.rss.length ? (
        <section className="ov-section">
          <h3>ReplicaSets ({ownedObjects.rss.length})</h3>
          <ObjectList objects={ownedObjects.rss} now={now} />
        </section>
      ) : null}
      {o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'DaemonSet' || o.kind === 'Node' || o.kind === 'Service' ? (
        <section className="ov-section">
          <h3>Pods ({ownedObjects.pods.length})</h3>
          <ObjectList objects={ownedObjects.pods} now={now} />
        </section>
      ) : null}
      <Conditions list={o.status?.conditions} />
    </div>
  );
}

function KindFields({ o, now }: { o: KObject; now: number }) {
  switch (o.kind) {
    case 'Pod':
      return (
        <>
          <Field label="Status">
            <StatusPill text={c.podStatus(o)} tone={statusTone(c.podStatus(o))} />
          </Field>
          <Field label="Ready">{c.podReady(o)}</Field>
          <Field label="Restarts">{c.podRestarts(o, now)}</Field>
          <Field label="Node">{o.spec?.nodeName ? <ObjLink kind="Node" name={o.spec.nodeName} /> : <span className="muted">&lt;none&gt; (not scheduled)</span>}</Field>
          <Field label="Pod IP">{c.podIP(o)}</Field>
          <Field label="QoS class">{o.status?.qosClass ?? '—'}</Field>
        </>
      );
    case 'Deployment':
      return (
        <>
          <Field label="Replicas">
            {o.spec?.replicas ?? 0} desired · {o.status?.updatedReplicas ?? 0} updated · {o.status?.readyReplicas ?? 0} ready · {o.status?.availableReplicas ?? 0} available
            {o.status?.unavailableReplicas ? ` · ${o.status.unavailableReplicas} unavailable` : ''}
          </Field>
          <Field label="Strategy">
            {o.spec?.strategy?.type ?? 'RollingUpdate'}
            {o.spec?.strategy?.rollingUpdate ? ` (max surge ${o.spec.strategy.rollingUpdate.maxSurge ?? '25%'}, max unavailable ${o.spec.strategy.rollingUpdate.maxUnavailable ?? '25%'})` : ''}
          </Field>
          <Field label="Selector">
            <span className="mono">{formatLabelSelector(o.spec?.selector) || '<none>'}</span>
          </Field>
          <Field label="Images">
            <span className="mono">{c.containerImages(o)}</span>
          </Field>
          <Field label="Revision">{o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '—'}</Field>
          {o.spec?.paused ? <Field label="Paused">true</Field> : null}
        </>
      );
    case 'ReplicaSet':
      return (
        <>
          <Field label="Replicas">
            {o.spec?.replicas ?? 0} desired · {o.status?.replicas ?? 0} current · {o.status?.readyReplicas ?? 0} ready
          </Field>
          <Field label="Selector">
            <span className="mono">{c.workloadSelector(o)}</span>
          </Field>
          <Field label="Images">
            <span className="mono">{c.containerImages(o)}</span>
          </Field>
          <Field label="Revision">{o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '—'}</Field>
        </>
      );
    case 'DaemonSet':
      return (
        <>
          <Field label="Pods">
            {o.status?.desiredNumberScheduled ?? 0} desired · {o.status?.currentNumberScheduled ?? 0} current · {o.status?.numberReady ?? 0} ready
          </Field>
          <Field label="Images">
            <span className="mono">{c.containerImages(o)}</span>
          </Field>
        </>
      );
    case 'Node':
      return (
        <>
          <Field label="Status">
            <StatusPill text={c.nodeStatus(o)} tone={statusTone(c.nodeStatus(o))} />
          </Field>
          <Field label="Roles">{c.nodeRoles(o)}</Field>
          <Field label="Version">{c.nodeInfo(o, 'kubeletVersion')}</Field>
          <Field label="Internal IP">{c.nodeAddress(o, 'InternalIP')}</Field>
          <Field label="Pod CIDR">{o.spec?.podCIDR ?? '—'}</Field>
          <Field label="Capacity">
            cpu {o.status?.capacity?.cpu ?? '?'} · memory {o.status?.capacity?.memory ?? '?'} · pods {o.status?.capacity?.pods ?? '?'}
          </Field>
          <Field label="Allocatable">
            cpu {o.status?.allocatable?.cpu ?? '?'} · memory {o.status?.allocatable?.memory ?? '?'} · pods {o.status?.allocatable?.pods ?? '?'}
          </Field>
          <Field label="Taints">
            {(o.spec?.taints ?? []).length ? (
              <span className="chips">
                {(o.spec.taints as Array<{ key: string; value?: string; effect: string }>).map((t) => (
                  <span className="chip warn" key={`${t.key}:${t.effect}`}>
                    {t.key}
                    {t.value ? `=${t.value}` : ''}:{t.effect}
                  </span>
                ))}
              </span>
            ) : (
              <span className="muted">&lt;none&gt;</span>
            )}
          </Field>
          <Field label="OS image">{c.nodeInfo(o, 'osImage')}</Field>
          <Field label="Container runtime">{c.nodeInfo(o, 'containerRuntimeVersion')}</Field>
        </>
      );
    case 'Service':
      return (
        <>
          <Field label="Type">{o.spec?.type ?? 'ClusterIP'}</Field>
          <Field label="Cluster IP">{c.serviceClusterIP(o)}</Field>
          <Field label="External IP">{c.serviceExternalIP(o, true)}</Field>
          <Field label="Ports">
            <span className="mono">{c.servicePorts(o)}</span>
          </Field>
          <Field label="Selector">
            <Chips map={o.spec?.selector} />
          </Field>
          <Field label="Endpoints">
            <ObjLink kind="Endpoints" namespace={o.metadata.namespace} name={o.metadata.name} />
          </Field>
        </>
      );
    case 'Endpoints':
      return (
        <Field label="Endpoints">
          <span className="mono">{c.formatEndpoints(o)}</span>
        </Field>
      );
    case 'Namespace':
      return <Field label="Status">{c.namespaceStatus(o)}</Field>;
    case 'Event':
      return (
        <>
          <Field label="Type">{o.type}</Field>
          <Field label="Reason">{o.reason}</Field>
          <Field label="Object">{o.involvedObject?.name ? <ObjLink kind={o.involvedObject.kind} namespace={o.involvedObject.namespace} name={o.involvedObject.name} /> : c.eventObject(o)}</Field>
          <Field label="Message">{c.eventMessage(o)}</Field>
          <Field label="Source">{c.eventSource(o)}</Field>
          <Field label="Count">{c.eventCount(o)}</Field>
          <Field label="First seen">{c.eventFirstSeen(o, now)} ago</Field>
          <Field label="Last seen">{c.eventLastSeen(o, now)} ago</Field>
        </>
      );
    default:
      return null;
  }
}
