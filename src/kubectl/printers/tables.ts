/**
 * The server-side Table columns of every kind Podium serves, as the v1.32 API server builds them
 * (kubernetes/kubernetes pkg/printers/internalversion/printers.go), and kubectl's table printer
 * on top (cli-runtime pkg/printers/tableprinter.go: headers once per column set, `-o wide`
 * columns by priority, NAMESPACE, kind-prefixed names, -L label columns, --show-labels,
 * watch-event column).
 *
 * The API server always builds the wide row (GenerateOptions{Wide: true}); kubectl drops the
 * priority-1 columns unless `-o wide`.
 */
import type { KObject } from '../../engine/api/types';
import { age, humanDuration, parseTime } from '../../engine/api/time';
import { formatLabels, formatLabelSelector, formatSelector, fromLabelSelector } from '../../engine/api/labels';
import { kindInfo } from '../../engine/api/registry';

/** One column of a Table (metav1.TableColumnDefinition). */
export interface TableColumn {
  name: string;
  /** 1: only with `-o wide`. */
  priority?: number;
  /** `name` marks the column kubectl prefixes with the kind (`pod/web`). */
  format?: 'name';
}

/** A cell: text or an integer (printed with fmt.Sprint). */
export type Cell = string | number | null;

/** One row and the object it describes. */
export interface TableRow {
  cells: Cell[];
  object?: KObject;
}

/** A Table as the API server returns it. */
export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

/** A kind's Table handler. */
interface TableHandler {
  columns: TableColumn[];
  row(obj: KObject, now: number): Cell[];
}

const NAME: TableColumn = { name: 'Name', format: 'name' };
const AGE: TableColumn = { name: 'Age' };
const wide = (name: string): TableColumn => ({ name, priority: 1 });

/** translateTimestampSince: HumanDuration since a timestamp, `<unknown>` when unset. */
export function since(ts: string | undefined | null, now: number): string {
  return age(ts ?? undefined, now);
}

/** layoutContainerCells: container names and images joined with commas. */
export function layoutContainerCells(containers: Array<{ name: string; image?: string }> | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

const isRestartable = (c: { restartPolicy?: string } | undefined) => c?.restartPolicy === 'Always';
const laterOf = (a: number, b: string | undefined) => {
  const t = parseTime(b);
  return !Number.isNaN(t) && t > a ? t : a;
};

/** The STATUS, READY and RESTARTS cells of a pod (printPod). */
export function podSummary(pod: KObject, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  let restarts = 0;
  let restartableRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableRestart = 0;
  const phase: string = st.phase ?? '';
  let reason: string = phase;
  if (st.reason) reason = st.reason;
  // A PodScheduled condition with reason SchedulingGated shows as `SchedulingGated`.
  for (const c of st.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const inits = new Map<string, { restartPolicy?: string }>();
  for (const c of spec.initContainers ?? []) {
    inits.set(c.name, c);
    if (isRestartable(c)) totalContainers++;
  }
  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    if (c.lastState?.terminated) lastRestart = laterOf(lastRestart, c.lastState.terminated.finishedAt);
    const restartable = isRestartable(inits.get(c.name));
    if (restartable) {
      restartableRestarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestartableRestart = laterOf(lastRestartableRestart, c.lastState.terminated.finishedAt);
    }
    const term = c.state?.terminated;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }
  const initializedTrue = (st.conditions ?? []).find((c: { type: string }) => c.type === 'Initialized')?.status === 'True';
  if (!initializing || initializedTrue) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestart = laterOf(lastRestart, c.lastState.terminated.finishedAt);
      const s = c.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated?.reason) reason = s.terminated.reason;
      else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode ?? 0}`;
      else if (c.ready && s.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A container that completed while another still runs: the pod is Running (or NotReady).
    if (reason === 'Completed' && hasRunning) {
      const podReady = (st.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  // node.NodeUnreachablePodReason is "NodeLost" (pkg/util/node).
  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsStr = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

function podRow(pod: KObject, now: number): Cell[] {
  const s = podSummary(pod, now);
  const st = pod.status ?? {};
  const ip = st.podIPs?.[0]?.ip || '<none>';
  const gates: Array<{ conditionType: string }> = pod.spec?.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length) {
    let trueConditions = 0;
    for (const g of gates) {
      const c = (st.conditions ?? []).find((x: { type: string }) => x.type === g.conditionType);
      if (c?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    s.ready,
    s.status,
    s.restarts,
    since(pod.metadata.creationTimestamp, now),
    ip,
    pod.spec?.nodeName || '<none>',
    st.nominatedNodeName || '<none>',
    readinessGates,
  ];
}

/** The ROLES of a node: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
export function nodeRoles(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

/** A node's STATUS cell: `Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: KObject): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (!status.length) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: KObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: { type: string }) => a.type === type)?.address ?? '<none>';
}

const orUnknown = (s: string | undefined) => s || '<unknown>';

/** makePortString: `80/TCP`, `80:30080/TCP`, joined with commas. */
export function servicePorts(svc: KObject): string {
  const ports: Array<{ port: number; nodePort?: number; protocol?: string }> = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function loadBalancerStatusString(svc: KObject, wideOutput: boolean): string {
  const ingress: Array<{ ip?: string; hostname?: string }> = svc.status?.loadBalancer?.ingress ?? [];
  const set = new Set<string>();
  for (const i of ingress) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  const r = [...set].sort().join(',');
  // Without -o wide a long list is cut to 16 characters: 13 and "...".
  if (!wideOutput && r.length > 16) return r.slice(0, 13) + '...';
  return r;
}

/** getServiceExternalIP. */
export function serviceExternalIP(svc: KObject, wideOutput: boolean): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      let lb = loadBalancerStatusString(svc, wideOutput);
      if (externalIPs.length) lb = lb ? `${lb},${externalIPs.join(',')}` : externalIPs.join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

const joinHostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** formatEndpoints: up to three `ip:port` entries, then `+ N more...`. */
export function formatEndpoints(ep: KObject): string {
  const subsets: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }> = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (!ports.length) {
      for (const a of addrs) {
        if (list.length < max) list.push(a.ip);
        else more = true;
        count++;
      }
    } else {
      for (const p of ports) {
        for (const a of addrs) {
          if (list.length < max) list.push(joinHostPort(a.ip, p.port));
          else more = true;
          count++;
        }
      }
    }
  }
  let ret = list.join(',');
  if (more) ret += ` + ${count - max} more...`;
  return ret;
}

function formatDiscoveryPorts(ports: Array<{ port?: number }> | undefined): string {
  if (!ports?.length) return '<unset>';
  return ports.map((p) => (p.port === undefined ? '<unset>' : String(p.port))).join(',');
}

function formatDiscoveryEndpoints(eps: Array<{ addresses?: string[] }> | undefined): string {
  if (!eps?.length) return '<unset>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const e of eps) {
    for (const a of e.addresses ?? []) {
      if (list.length < max) list.push(a);
      else more = true;
      count++;
    }
  }
  let ret = list.join(',');
  if (more) ret += ` + ${count - max} more...`;
  return ret;
}

/** formatEventSource: `kubelet, node-1`. */
function eventSource(ev: KObject): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** The LAST SEEN, FIRST SEEN and COUNT of an event (printEvent). */
export function eventTimes(ev: KObject, now: number): { lastSeen: string; firstSeen: string; count: number } {
  let firstSeen = since(ev.firstTimestamp, now);
  if (!ev.firstTimestamp) firstSeen = since(ev.eventTime, now);
  let lastSeen = since(ev.lastTimestamp, now);
  if (!ev.lastTimestamp) lastSeen = firstSeen;
  let count: number = ev.count ?? 0;
  if (ev.series) {
    lastSeen = since(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  return { lastSeen, firstSeen, count };
}

/** The columns of a ReplicaSet or ReplicationController; `selector` formats its selector. */
function replicaTable(selector: (o: KObject) => string): TableHandler {
  return {
    columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => {
      const [containers, images] = layoutContainerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name, o.spec?.replicas ?? 0, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, since(o.metadata.creationTimestamp, now), containers, images, selector(o)];
    },
  };
}

const HANDLERS: Record<string, TableHandler> = {
  Pod: {
    columns: [NAME, { name: 'Ready' }, { name: 'Status' }, { name: 'Restarts' }, AGE, wide('IP'), wide('Node'), wide('Nominated Node'), wide('Readiness Gates')],
    row: podRow,
  },
  Node: {
    columns: [NAME, { name: 'Status' }, { name: 'Roles' }, AGE, { name: 'Version' }, wide('Internal-IP'), wide('External-IP'), wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime')],
    row: (n, now) => {
      const info = n.status?.nodeInfo ?? {};
      const roles = nodeRoles(n).join(',') || '<none>';
      return [
        n.metadata.name,
        nodeStatus(n),
        roles,
        since(n.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        nodeAddress(n, 'InternalIP'),
        nodeAddress(n, 'ExternalIP'),
        orUnknown(info.osImage),
        orUnknown(info.kernelVersion),
        orUnknown(info.containerRuntimeVersion),
      ];
    },
  },
  Deployment: {
    columns: [NAME, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (d, now) => {
      const [containers, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
      const st = d.status ?? {};
      return [
        d.metadata.name,
        `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
        st.updatedReplicas ?? 0,
        st.availableReplicas ?? 0,
        since(d.metadata.creationTimestamp, now),
        containers,
        images,
        // LabelSelectorAsSelector(...).String(): empty for an empty selector.
        formatSelector(fromLabelSelector(d.spec?.selector)),
      ];
    },
  },
  // printReplicaSet and printReplicationController: the same columns; an RC's selector is a map.
  ReplicaSet: replicaTable((rs) => formatLabelSelector(rs.spec?.selector)),
  ReplicationController: replicaTable((rc) => formatLabels(rc.spec?.selector)),
  DaemonSet: {
    columns: [
      NAME,
      { name: 'Desired' },
      { name: 'Current' },
      { name: 'Ready' },
      { name: 'Up-to-date' },
      { name: 'Available' },
      { name: 'Node Selector' },
      AGE,
      wide('Containers'),
      wide('Images'),
      wide('Selector'),
    ],
    row: (ds, now) => {
      const st = ds.status ?? {};
      const [containers, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
      return [
        ds.metadata.name,
        st.desiredNumberScheduled ?? 0,
        st.currentNumberScheduled ?? 0,
        st.numberReady ?? 0,
        st.updatedNumberScheduled ?? 0,
        st.numberAvailable ?? 0,
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        since(ds.metadata.creationTimestamp, now),
        containers,
        images,
        formatLabelSelector(ds.spec?.selector),
      ];
    },
  },
  Service: {
    columns: [NAME, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, AGE, wide('Selector')],
    row: (svc, now) => {
      const spec = svc.spec ?? {};
      const clusterIP = spec.clusterIPs?.length ? spec.clusterIPs[0] : spec.clusterIP || '<none>';
      return [
        svc.metadata.name,
        spec.type ?? 'ClusterIP',
        clusterIP,
        // The server builds the wide row, so the external IP list is not truncated there;
        // kubectl shows the same cell with or without -o wide (priority 0 column).
        serviceExternalIP(svc, true),
        servicePorts(svc),
        since(svc.metadata.creationTimestamp, now),
        formatLabels(spec.selector),
      ];
    },
  },
  Endpoints: {
    columns: [NAME, { name: 'Endpoints' }, AGE],
    row: (ep, now) => [ep.metadata.name, formatEndpoints(ep), since(ep.metadata.creationTimestamp, now)],
  },
  EndpointSlice: {
    columns: [NAME, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, AGE],
    row: (es, now) => [es.metadata.name, es.addressType ?? '', formatDiscoveryPorts(es.ports), formatDiscoveryEndpoints(es.endpoints), since(es.metadata.creationTimestamp, now)],
  },
  Event: {
    columns: [
      { name: 'Last Seen' },
      { name: 'Type' },
      { name: 'Reason' },
      { name: 'Object' },
      wide('Subobject'),
      wide('Source'),
      { name: 'Message' },
      wide('First Seen'),
      wide('Count'),
      { name: 'Name', priority: 1, format: 'name' },
    ],
    row: (ev, now) => {
      const t = eventTimes(ev, now);
      const io = ev.involvedObject ?? {};
      const target = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
      return [t.lastSeen, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', eventSource(ev), String(ev.message ?? '').trim(), t.firstSeen, t.count, ev.metadata.name];
    },
  },
  Namespace: {
    columns: [NAME, { name: 'Status' }, AGE],
    row: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', since(ns.metadata.creationTimestamp, now)],
  },
  ConfigMap: {
    columns: [NAME, { name: 'Data' }, AGE],
    row: (cm, now) => [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, since(cm.metadata.creationTimestamp, now)],
  },
  Secret: {
    columns: [NAME, { name: 'Type' }, { name: 'Data' }, AGE],
    row: (s, now) => [s.metadata.name, s.type ?? '', Object.keys(s.data ?? {}).length, since(s.metadata.creationTimestamp, now)],
  },
  ServiceAccount: {
    columns: [NAME, { name: 'Secrets' }, AGE],
    row: (sa, now) => [sa.metadata.name, (sa.secrets ?? []).length, since(sa.metadata.creationTimestamp, now)],
  },
  Lease: {
    columns: [NAME, { name: 'Holder' }, AGE],
    row: (l, now) => [l.metadata.name, l.spec?.holderIdentity ?? '', since(l.metadata.creationTimestamp, now)],
  },
};

/** The default table of kinds without a handler: NAME and AGE (printObjectMeta). */
const DEFAULT_HANDLER: TableHandler = {
  columns: [NAME, { name: 'Age' }],
  row: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)],
};

/** The Table the API server returns for objects of one kind (all columns, wide cells included). */
export function buildTable(kind: string, objs: KObject[], now: number): Table {
  const h = HANDLERS[kind] ?? DEFAULT_HANDLER;
  return { columns: h.columns, rows: objs.map((o) => ({ cells: h.row(o, now), object: o })) };
}

/** Whether a kind has its own table handler. */
export function hasTableHandler(kind: string): boolean {
  return kind in HANDLERS;
}

/** How kubectl decorates and filters a Table (cli-runtime PrintOptions). */
export interface TablePrintOptions {
  noHeaders?: boolean;
  wide?: boolean;
  /** NAMESPACE as the first column (-A). */
  withNamespace?: boolean;
  /** Prefix names with the lower-case kind (`deployment.apps/web`); set when several kinds print. */
  withKind?: string;
  showLabels?: boolean;
  /** -L label columns. */
  columnLabels?: string[];
}

/** printers.EscapeTerminal: ESC as `^[`, CR as `\r`. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  const s = String(c);
  // Cut at the first newline, carriage return or form feed, and mark the cut with "...".
  const brk = s.search(/[\f\n\r]/);
  if (brk >= 0) return escapeTerminal(s.slice(0, brk)) + '...';
  return escapeTerminal(s);
}

/** The kind as kubectl prefixes names with it: `pod`, `deployment.apps`. */
export function kindPrefix(kind: string): string {
  const info = kindInfo(kind);
  return (info?.group ? `${kind}.${info.group}` : kind).toLowerCase();
}

/**
 * kubectl's HumanReadablePrinter for Tables: prints headers once per column set, adds the
 * namespace, label and event-type columns, drops wide columns, and writes tab-separated lines for
 * a tabwriter.
 */
export class TablePrinter {
  private lastColumns: TableColumn[] | undefined;
  private printedHeaders = false;

  /** Creates a printer with fixed options (one per resource kind, as kubectl's ToPrinter). */
  constructor(private readonly opts: TablePrintOptions) {}

  /** Renders a table (optionally as a watch event) as tab-separated text. */
  print(table: Table, eventType?: string): string {
    const local = { ...this.opts };
    if (this.printedHeaders && this.lastColumns === table.columns) local.noHeaders = true;
    if (this.lastColumns !== table.columns) {
      this.lastColumns = table.columns;
      this.printedHeaders = false;
    }
    if (table.rows.length) this.printedHeaders = true;
    const { columns, rows } = decorate(table, local);
    let cols = columns;
    let rws = rows;
    if (eventType !== undefined) {
      const label = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' }[eventType] ?? eventType;
      cols = [{ name: 'Event' }, ...cols];
      rws = rws.map((r) => ({ ...r, cells: [label, ...r.cells] }));
    }
    let out = '';
    if (!local.noHeaders) {
      if (!rws.length) return '';
      out += cols.filter((c) => local.wide || !c.priority).map((c) => c.name.toUpperCase()).join('\t') + '\n';
    }
    for (const r of rws) {
      const cells: string[] = [];
      r.cells.forEach((c, i) => {
        if (i >= cols.length) return;
        if (!local.wide && cols[i].priority) return;
        cells.push(cellText(c));
      });
      out += cells.join('\t') + '\n';
    }
    return out;
  }
}

function decorate(table: Table, o: TablePrintOptions): Table {
  const labels = o.columnLabels ?? [];
  const nameCol = o.withKind ? table.columns.findIndex((c) => c.format === 'name') : -1;
  const columns: TableColumn[] = [
    ...(o.withNamespace ? [{ name: 'Namespace' }] : []),
    ...table.columns,
    ...labels.map((l) => ({ name: l.split('/').pop()!.toUpperCase() })),
    ...(o.showLabels ? [{ name: 'Labels' }] : []),
  ];
  const rows = table.rows.map((r) => {
    let cells = [...r.cells];
    if (nameCol >= 0) cells[nameCol] = `${o.withKind}/${cells[nameCol]}`;
    // The server always sends every cell, so the row has as many cells as columns.
    if (o.withNamespace) cells = [r.object?.metadata.namespace ?? '', ...cells];
    const l = r.object?.metadata.labels ?? {};
    for (const key of labels) cells.push(l[key] ?? '');
    if (o.showLabels) cells.push(formatLabels(r.object?.metadata.labels));
    return { cells, object: r.object };
  });
  return { columns, rows };
}
