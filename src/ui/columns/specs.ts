/**
 * Views as column specs (like Headlamp's per-kind List.tsx): for each kind, kubectl's columns in
 * kubectl's order, which of them only `-o wide` shows, how each renders and sorts. One generic
 * table (components/ResourceTable.tsx) draws any of them.
 */
import type { KObject } from '../../protocol/batch';
import type { ViewId } from '../views';
import * as c from './cells';
import { eventTime } from '../state/mirror';
import { readyTone, statusTone, type Tone } from './status';

/** How a cell is drawn. */
export type CellStyle = 'name' | 'status' | 'ready' | 'text' | 'num' | 'age' | 'mono' | 'message';

/** One column. */
export interface ColumnSpec {
  id: string;
  /** kubectl's header (`UP-TO-DATE`). */
  header: string;
  /** Only shown with wide columns on. */
  wide?: boolean;
  /** The cell text. */
  text: (o: KObject, now: number) => string;
  /** Sort key (defaults to the text); never depends on the time. */
  sortKey?: (o: KObject) => number | string;
  /** Drawing style. */
  style: CellStyle;
  /** The colour of a status or ready cell. */
  tone?: (text: string, o: KObject) => Tone;
  /** Whether the text changes with the simulated clock (AGE). */
  timed?: boolean;
  /** Width in `ch`-like units (a CSS grid track); 0 lets it take the remaining space. */
  width: number;
}

const name: ColumnSpec = { id: 'name', header: 'NAME', text: (o) => o.metadata.name, style: 'name', width: 0 };
const namespace: ColumnSpec = { id: 'namespace', header: 'NAMESPACE', text: (o) => o.metadata.namespace ?? '', style: 'text', width: 16 };
const ageCol: ColumnSpec = { id: 'age', header: 'AGE', text: c.age, sortKey: (o) => -c.createdMs(o), style: 'age', timed: true, width: 9 };
const intCol = (id: string, header: string, get: (o: KObject) => unknown, wide = false): ColumnSpec => ({
  id,
  header,
  wide,
  text: (o) => c.num(get(o)),
  sortKey: (o) => Number(get(o) ?? 0),
  style: 'num',
  width: Math.max(8, header.length + 2),
});
const workloadWide: ColumnSpec[] = [
  { id: 'containers', header: 'CONTAINERS', wide: true, text: c.containerNames, style: 'text', width: 14 },
  { id: 'images', header: 'IMAGES', wide: true, text: c.containerImages, style: 'mono', width: 24 },
  { id: 'selector', header: 'SELECTOR', wide: true, text: c.workloadSelector, style: 'mono', width: 24 },
];
const readyCount = (text: (o: KObject) => string): ColumnSpec => ({
  id: 'ready',
  header: 'READY',
  text,
  sortKey: (o) => {
    const [a, b] = text(o).split('/').map(Number);
    return b ? a / b : -1;
  },
  style: 'ready',
  tone: (t) => readyTone(t),
  width: 9,
});

const COLUMNS: Record<Exclude<ViewId, 'overview'>, ColumnSpec[]> = {
  pods: [
    name,
    readyCount(c.podReady),
    { id: 'status', header: 'STATUS', text: c.podStatus, style: 'status', tone: (t) => statusTone(t), width: 22 },
    { id: 'restarts', header: 'RESTARTS', text: c.podRestarts, sortKey: c.podRestartCount, style: 'num', timed: true, width: 16 },
    ageCol,
    { id: 'ip', header: 'IP', wide: true, text: c.podIP, style: 'mono', width: 14 },
    { id: 'node', header: 'NODE', wide: true, text: c.podNode, style: 'text', width: 20 },
    { id: 'nominated', header: 'NOMINATED NODE', wide: true, text: c.podNominatedNode, style: 'text', width: 15 },
    { id: 'gates', header: 'READINESS GATES', wide: true, text: c.podReadinessGates, style: 'text', width: 15 },
  ],
  deployments: [
    name,
    readyCount(c.deploymentReady),
    intCol('uptodate', 'UP-TO-DATE', (o) => o.status?.updatedReplicas),
    intCol('available', 'AVAILABLE', (o) => o.status?.availableReplicas),
    ageCol,
    ...workloadWide,
  ],
  replicasets: [
    name,
    intCol('desired', 'DESIRED', (o) => o.spec?.replicas),
    intCol('current', 'CURRENT', (o) => o.status?.replicas),
    { ...intCol('ready', 'READY', (o) => o.status?.readyReplicas), style: 'ready', tone: (t, o) => readyTone(`${t}/${o.spec?.replicas ?? 0}`) },
    ageCol,
    ...workloadWide,
  ],
  daemonsets: [
    name,
    intCol('desired', 'DESIRED', (o) => o.status?.desiredNumberScheduled),
    intCol('current', 'CURRENT', (o) => o.status?.currentNumberScheduled),
    { ...intCol('ready', 'READY', (o) => o.status?.numberReady), style: 'ready', tone: (t, o) => readyTone(`${t}/${o.status?.desiredNumberScheduled ?? 0}`) },
    intCol('uptodate', 'UP-TO-DATE', (o) => o.status?.updatedNumberScheduled),
    intCol('available', 'AVAILABLE', (o) => o.status?.numberAvailable),
    { id: 'nodeselector', header: 'NODE SELECTOR', text: c.daemonSetNodeSelector, style: 'mono', width: 22 },
    ageCol,
    ...workloadWide,
  ],
  services: [
    name,
    { id: 'type', header: 'TYPE', text: (o) => o.spec?.type ?? 'ClusterIP', style: 'text', width: 13 },
    { id: 'clusterip', header: 'CLUSTER-IP', text: c.serviceClusterIP, style: 'mono', width: 14 },
    { id: 'externalip', header: 'EXTERNAL-IP', text: (o) => c.serviceExternalIP(o), style: 'mono', width: 16 },
    { id: 'ports', header: 'PORT(S)', text: c.servicePorts, style: 'mono', width: 28 },
    ageCol,
    { id: 'selector', header: 'SELECTOR', wide: true, text: c.serviceSelector, style: 'mono', width: 24 },
  ],
  endpoints: [name, { id: 'endpoints', header: 'ENDPOINTS', text: c.formatEndpoints, style: 'mono', width: 44 }, ageCol],
  nodes: [
    name,
    // Wide enough for the longest common one, NotReady,SchedulingDisabled (a stopped, drained node).
    { id: 'status', header: 'STATUS', text: c.nodeStatus, style: 'status', tone: (t) => statusTone(t), width: 30 },
    { id: 'roles', header: 'ROLES', text: c.nodeRoles, style: 'text', width: 14 },
    ageCol,
    { id: 'version', header: 'VERSION', text: (o) => c.nodeInfo(o, 'kubeletVersion'), style: 'text', width: 10 },
    { id: 'internalip', header: 'INTERNAL-IP', wide: true, text: (o) => c.nodeAddress(o, 'InternalIP'), style: 'mono', width: 13 },
    { id: 'externalip', header: 'EXTERNAL-IP', wide: true, text: (o) => c.nodeAddress(o, 'ExternalIP'), style: 'mono', width: 13 },
    { id: 'osimage', header: 'OS-IMAGE', wide: true, text: (o) => c.nodeInfo(o, 'osImage'), style: 'text', width: 30 },
    { id: 'kernel', header: 'KERNEL-VERSION', wide: true, text: (o) => c.nodeInfo(o, 'kernelVersion'), style: 'text', width: 18 },
    { id: 'runtime', header: 'CONTAINER-RUNTIME', wide: true, text: (o) => c.nodeInfo(o, 'containerRuntimeVersion'), style: 'text', width: 20 },
  ],
  namespaces: [name, { id: 'status', header: 'STATUS', text: c.namespaceStatus, style: 'status', tone: (t) => statusTone(t), width: 12 }, ageCol],
  events: [
    { id: 'lastseen', header: 'LAST SEEN', text: c.eventLastSeen, sortKey: (o) => -eventTime(o), style: 'age', timed: true, width: 12 },
    { id: 'type', header: 'TYPE', text: (o) => o.type ?? '', style: 'status', tone: (t) => (t === 'Normal' ? 'info' : statusTone(t)), width: 13 },
    { id: 'reason', header: 'REASON', text: (o) => o.reason ?? '', style: 'text', width: 18 },
    { id: 'object', header: 'OBJECT', text: c.eventObject, style: 'text', width: 30 },
    { id: 'subobject', header: 'SUBOBJECT', wide: true, text: (o) => o.involvedObject?.fieldPath ?? '', style: 'mono', width: 22 },
    { id: 'source', header: 'SOURCE', wide: true, text: c.eventSource, style: 'text', width: 22 },
    { id: 'message', header: 'MESSAGE', text: c.eventMessage, style: 'message', width: 0 },
    { id: 'firstseen', header: 'FIRST SEEN', wide: true, text: c.eventFirstSeen, sortKey: (o) => -Date.parse(o.firstTimestamp || o.eventTime || ''), style: 'age', timed: true, width: 12 },
    { id: 'count', header: 'COUNT', wide: true, text: c.eventCount, sortKey: (o) => Number(c.eventCount(o)), style: 'num', width: 7 },
    { ...name, wide: true, width: 28 },
  ],
};

/** The columns of a view: kubectl's, with NAMESPACE first for all namespaces, wide ones when asked. */
export function columnsFor(view: Exclude<ViewId, 'overview'>, opts: { wide: boolean; allNamespaces: boolean; namespaced: boolean }): ColumnSpec[] {
  const cols = COLUMNS[view].filter((col) => opts.wide || !col.wide);
  return opts.allNamespaces && opts.namespaced ? [namespace, ...cols] : cols;
}

/** The text of every non-timed column of an object, lower-cased, for the text filter. */
export function searchText(view: Exclude<ViewId, 'overview'>, o: KObject): string {
  const parts = [o.metadata.namespace ?? '', o.metadata.name];
  for (const col of COLUMNS[view]) if (!col.timed && col.id !== 'name') parts.push(col.text(o, 0));
  return parts.join('\u0000').toLowerCase();
}
