/**
 * Pure cell functions for kubectl's `get` columns (upstream pkg/printers/internalversion/printers.go,
 * summarised in shared/reference/kubectl-get-columns.md). Each takes an object (and the simulated
 * time for durations) and returns the text kubectl would print in that cell.
 */
import type { KObject } from '../../protocol/batch';
import { humanDuration, parseTime } from '../../engine/api/time';
import { formatLabelSelector, formatLabels } from '../../engine/api/labels';

/** kubectl's `translateTimestampSince`: HumanDuration since `ts`, `<unknown>` when unset. */
export function since(ts: string | undefined | null, now: number): string {
  const t = parseTime(ts ?? undefined);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** AGE of any object. */
export function age(o: KObject, now: number): string {
  return since(o.metadata.creationTimestamp, now);
}

/** Creation time in ms (NaN when unset), the sort key of AGE (sort ascending by -created). */
export function createdMs(o: KObject): number {
  return parseTime(o.metadata.creationTimestamp);
}

// ------------------------------------------------------------------------------------------------
// Pods

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: { reason?: string; exitCode?: number; signal?: number } };
  lastState?: { terminated?: { finishedAt?: string } };
}

const restartableInit = (o: KObject): Set<string> =>
  new Set(((o.spec?.initContainers ?? []) as Array<{ name: string; restartPolicy?: string }>).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));

/** READY of a pod: ready/total containers, counting restartable init containers (sidecars). */
export function podReady(o: KObject): string {
  const sidecars = restartableInit(o);
  const total = (o.spec?.containers?.length ?? 0) + sidecars.size;
  let ready = 0;
  for (const cs of (o.status?.containerStatuses ?? []) as ContainerStatus[]) if (cs.ready && cs.state?.running) ready++;
  for (const cs of (o.status?.initContainerStatuses ?? []) as ContainerStatus[])
    if (sidecars.has(cs.name ?? '') && cs.started && cs.ready) ready++;
  return `${ready}/${total}`;
}

/** The node-lifecycle reason of a pod on an unreachable node (node.NodeUnreachablePodReason). */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const statusCache = new WeakMap<KObject, string>();

/** STATUS of a pod, as kubectl's printPod computes it (cached per object: objects never change). */
export function podStatus(o: KObject): string {
  let s = statusCache.get(o);
  if (s === undefined) {
    s = computePodStatus(o);
    statusCache.set(o, s);
  }
  return s;
}

function computePodStatus(o: KObject): string {
  const status = o.status ?? {};
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  const conditions = (status.conditions ?? []) as Array<{ type: string; status: string; reason?: string }>;
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const sidecars = restartableInit(o);
  const initStatuses = (status.initContainerStatuses ?? []) as ContainerStatus[];
  const initCount = o.spec?.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecars.has(c.name ?? '') && c.started) continue;
    if (t) {
      if (t.reason) reason = `Init:${t.reason}`;
      else reason = t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as ContainerStatus[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      const w = c.state?.waiting;
      const t = c.state?.terminated;
      if (w?.reason) reason = w.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (o.metadata.deletionTimestamp) {
    if (status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return reason;
}

/** RESTARTS of a pod: the count, with `(2m ago)` after the latest termination. */
export function podRestarts(o: KObject, now: number): string {
  const sidecars = restartableInit(o);
  const initStatuses = (o.status?.initContainerStatuses ?? []) as ContainerStatus[];
  const initializing = podStatus(o).startsWith('Init:');
  let restarts = 0;
  let last = NaN;
  const count = (c: ContainerStatus) => {
    restarts += c.restartCount ?? 0;
    const f = parseTime(c.lastState?.terminated?.finishedAt);
    if (!Number.isNaN(f) && (Number.isNaN(last) || f > last)) last = f;
  };
  if (initializing) for (const c of initStatuses) count(c);
  else {
    for (const c of initStatuses) if (sidecars.has(c.name ?? '')) count(c);
    for (const c of (o.status?.containerStatuses ?? []) as ContainerStatus[]) count(c);
  }
  if (restarts !== 0 && !Number.isNaN(last)) return `${restarts} (${humanDuration(now - last)} ago)`;
  return String(restarts);
}

/** The restart count alone (sort key of RESTARTS). */
export function podRestartCount(o: KObject): number {
  let n = 0;
  for (const c of (o.status?.containerStatuses ?? []) as ContainerStatus[]) n += c.restartCount ?? 0;
  return n;
}

/** IP of a pod (`<none>` before it has one). */
export function podIP(o: KObject): string {
  return o.status?.podIPs?.[0]?.ip ?? o.status?.podIP ?? '<none>';
}

/** NODE of a pod. */
export function podNode(o: KObject): string {
  return o.spec?.nodeName || '<none>';
}

/** NOMINATED NODE of a pod. */
export function podNominatedNode(o: KObject): string {
  return o.status?.nominatedNodeName || '<none>';
}

/** READINESS GATES of a pod: `<none>` or `true/total`. */
export function podReadinessGates(o: KObject): string {
  const gates = (o.spec?.readinessGates ?? []) as Array<{ conditionType: string }>;
  if (!gates.length) return '<none>';
  const conds = (o.status?.conditions ?? []) as Array<{ type: string; status: string }>;
  const ok = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return `${ok}/${gates.length}`;
}

// ------------------------------------------------------------------------------------------------
// Workloads

const containersOf = (o: KObject): Array<{ name: string; image?: string }> => o.spec?.template?.spec?.containers ?? [];

/** CONTAINERS of a workload: container names joined with commas. */
export function containerNames(o: KObject): string {
  return containersOf(o).map((c) => c.name).join(',');
}

/** IMAGES of a workload: images joined with commas. */
export function containerImages(o: KObject): string {
  return containersOf(o).map((c) => c.image ?? '').join(',');
}

/** SELECTOR of a Deployment/ReplicaSet/DaemonSet (`app=web`), `<none>` when empty. */
export function workloadSelector(o: KObject): string {
  const s = formatLabelSelector(o.spec?.selector);
  return s === '' ? '<none>' : s;
}

/** READY of a Deployment: readyReplicas/replicas. */
export function deploymentReady(o: KObject): string {
  return `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`;
}

/** A numeric status field, 0 when absent (UP-TO-DATE, AVAILABLE, CURRENT, ...). */
export function num(v: unknown): string {
  return String(typeof v === 'number' ? v : 0);
}

/** NODE SELECTOR of a DaemonSet. */
export function daemonSetNodeSelector(o: KObject): string {
  const s = formatLabels(o.spec?.template?.spec?.nodeSelector);
  return s === '' ? '<none>' : s;
}

// ------------------------------------------------------------------------------------------------
// Services and Endpoints

/** CLUSTER-IP of a Service. */
export function serviceClusterIP(o: KObject): string {
  const ips = o.spec?.clusterIPs as string[] | undefined;
  if (ips && ips.length) return ips[0];
  return o.spec?.clusterIP || '<none>';
}

/** EXTERNAL-IP of a Service (getServiceExternalIP); `wide` disables the 16-character cut. */
export function serviceExternalIP(o: KObject, wide = false): string {
  const type = o.spec?.type ?? 'ClusterIP';
  const external = (o.spec?.externalIPs ?? []) as string[];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (o.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string; hostname?: string }>;
      const lb = [...new Set(ingress.map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      let s = lb.join(',');
      if (!wide && s.length > 16) s = `${s.slice(0, 13)}...`;
      const all = [s, ...external].filter(Boolean);
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return o.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S) of a Service: `80/TCP` or `80:30080/TCP`, comma-joined; `<none>` when empty. */
export function servicePorts(o: KObject): string {
  const ports = (o.spec?.ports ?? []) as Array<{ port: number; nodePort?: number; protocol?: string }>;
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** SELECTOR of a Service (a label map). */
export function serviceSelector(o: KObject): string {
  const s = formatLabels(o.spec?.selector);
  return s === '' ? '<none>' : s;
}

/** ENDPOINTS of an Endpoints object: up to three `ip:port`, then `+ N more...`. */
export function formatEndpoints(o: KObject): string {
  const subsets = (o.subsets ?? []) as Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }>;
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (!ports.length) {
      for (const a of addrs) {
        count++;
        if (list.length < 3) list.push(a.ip);
      }
    } else {
      for (const p of ports)
        for (const a of addrs) {
          count++;
          if (list.length < 3) list.push(hostPort(a.ip, p.port));
        }
    }
  }
  if (!list.length) return '<none>';
  const s = list.join(',');
  return count > list.length ? `${s} + ${count - list.length} more...` : s;
}

// ------------------------------------------------------------------------------------------------
// Nodes and Namespaces

/** STATUS of a node: Ready / NotReady / Unknown, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(o: KObject): string {
  const ready = ((o.status?.conditions ?? []) as Array<{ type: string; status: string }>).find((c) => c.type === 'Ready');
  const parts = [!ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** ROLES of a node from its `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(o: KObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((o.metadata.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

/** The first node address of a type (`InternalIP`, `ExternalIP`), or `<none>`. */
export function nodeAddress(o: KObject, type: string): string {
  return ((o.status?.addresses ?? []) as Array<{ type: string; address: string }>).find((a) => a.type === type)?.address ?? '<none>';
}

/** A field of status.nodeInfo, `<unknown>` when empty. */
export function nodeInfo(o: KObject, field: string): string {
  return o.status?.nodeInfo?.[field] || '<unknown>';
}

/** STATUS of a namespace (its phase). */
export function namespaceStatus(o: KObject): string {
  return o.status?.phase ?? 'Active';
}

// ------------------------------------------------------------------------------------------------
// Events

/** LAST SEEN of an event (series, lastTimestamp, else first seen). */
export function eventLastSeen(o: KObject, now: number): string {
  if (o.series?.lastObservedTime) return since(o.series.lastObservedTime, now);
  if (o.lastTimestamp) return since(o.lastTimestamp, now);
  return eventFirstSeen(o, now);
}

/** FIRST SEEN of an event (firstTimestamp, else eventTime). */
export function eventFirstSeen(o: KObject, now: number): string {
  return since(o.firstTimestamp || o.eventTime, now);
}

/** OBJECT of an event: `pod/web-1`. */
export function eventObject(o: KObject): string {
  const kind = String(o.involvedObject?.kind ?? '').toLowerCase();
  const name = o.involvedObject?.name;
  return name ? `${kind}/${name}` : kind;
}

/** SOURCE of an event: `kubelet, node-1`. */
export function eventSource(o: KObject): string {
  const component = o.source?.component || o.reportingComponent || '';
  const host = o.source?.host || o.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** COUNT of an event. */
export function eventCount(o: KObject): string {
  const c = o.series ? o.series.count : o.count;
  return String(c || 1);
}

/** MESSAGE of an event, trimmed. */
export function eventMessage(o: KObject): string {
  return String(o.message ?? '').trim();
}
