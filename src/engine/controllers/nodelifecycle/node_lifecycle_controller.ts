/**
 * kube-controller-manager's node-lifecycle-controller (pkg/controller/nodelifecycle/
 * node_lifecycle_controller.go, v1.32), event-driven instead of polled:
 *
 * - monitorNodeHealth runs every --node-monitor-period (5 s) upstream. Here a node gets a monitor
 *   pass only at the 5 s ticks where its outcome can change: when it appears or disappears, when
 *   its kubelet stops or starts (the kubelet writes its Lease then), when its conditions change,
 *   and at the first tick after its last heartbeat + --node-monitor-grace-period (50 s in v1.32,
 *   40 s before). At that tick Ready, MemoryPressure, DiskPressure and PIDPressure turn Unknown
 *   ("NodeStatusUnknown", "Kubelet stopped posting node status."), the node gets a NodeNotReady
 *   event and its pods Ready=False (MarkPodsNotReady, with a NodeNotReady event each).
 * - TaintNodesByCondition (doNoScheduleTaintingPass) keeps NoSchedule taints in step with the
 *   conditions and spec.unschedulable: Ready Unknown -> node.kubernetes.io/unreachable, Ready False
 *   -> not-ready, MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable True -> their taints,
 *   cordoned -> node.kubernetes.io/unschedulable.
 * - Taint-based eviction: the pass after a node was seen NotReady queues it on its zone's
 *   rate-limited tainter (0.1 nodes/s, burst 1, examined every 100 ms), which adds the
 *   unreachable (or not-ready) NoExecute taint; the taint-eviction controller deletes the pods.
 *   A Ready node loses both NoExecute taints. Zone disruption states (Normal, PartialDisruption,
 *   FullDisruption) change the rate; when every zone is fully disrupted, evictions stop and the
 *   NoExecute taints are removed ("master disruption mode").
 * - RegisteredNode / RemovingNode events when the controller first sees / loses a node.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { WatchEvent } from '../../store/store';
import type { KObject, Taint } from '../../api/types';
import type { KubeletApi } from '../../contracts';
import { isApiError } from '../../api/errors';
import { parseTime, rfc3339 } from '../../api/time';
import { clone, deepEqual } from '../../sim/dev';
import { zoneKey } from '../../scheduler/cache';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE, matchTaint } from '../../scheduler/taints';
import { addNode, newZoneTainter, nextTokenAt, removeNode, swapLimiter, tryAccept, type ZoneTainter } from './ratelimited';

/** kube-controller-manager --node-monitor-period */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-monitor-grace-period: 50 s since v1.32 (kubernetes/kubernetes#126287; 40 s before). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** --node-startup-grace-period: for a node whose kubelet never posted a Ready condition. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** scheduler.NodeEvictionPeriod: how often the NoExecute tainters run. */
export const NODE_EVICTION_PERIOD_MS = 100;
/** --node-eviction-rate */
export const EVICTION_LIMITER_QPS = 0.1;
/** --secondary-node-eviction-rate */
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
/** --large-cluster-size-threshold */
export const LARGE_CLUSTER_THRESHOLD = 50;
/** --unhealthy-zone-threshold */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** Nodes with this label are left out of zone disruption checks. */
export const LABEL_NODE_DISRUPTION_EXCLUSION = 'node.kubernetes.io/exclude-disruption';
/** The namespace of the kubelets' heartbeat Leases. */
export const NAMESPACE_NODE_LEASE = 'kube-node-lease';
/** Event source of this controller. */
export const NODE_CONTROLLER_COMPONENT = 'node-controller';

/** UnreachableTaintTemplate */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
/** NotReadyTaintTemplate */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap */
export const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONTROLLER_NO_SCHEDULE_KEYS = new Set([TAINT_NODE_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m))]);

/** The conditions the controller turns Unknown (NetworkUnavailable is left to the network plugin). */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** A zone's disruption state. */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** ComputeZoneState: FullDisruption with no Ready node, PartialDisruption with > 2 and >= 55% not ready. */
export function computeZoneState(readyNodes: number, notReadyNodes: number): ZoneState {
  if (readyNodes === 0 && notReadyNodes > 0) return 'FullDisruption';
  if (notReadyNodes > 2 && notReadyNodes / (notReadyNodes + readyNodes) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** setLimiterInZone: the eviction rate for a zone state (ReducedQPSFunc stops small zones). */
export function zoneQps(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption') return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0;
  return EVICTION_LIMITER_QPS;
}

/** The first monitor tick strictly after `t` (ticks every 5 s on the simulated clock's grid). */
export function nextMonitorTick(t: number): number {
  return (Math.floor(t / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;
}

function nextEvictionTick(t: number): number {
  return (Math.floor(t / NODE_EVICTION_PERIOD_MS) + 1) * NODE_EVICTION_PERIOD_MS;
}

type Condition = Record<string, unknown> & { type: string; status: string };

function condition(node: KObject, type: string): Condition | undefined {
  return (node.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

function hasTaint(node: KObject, t: Taint): boolean {
  return (node.spec?.taints ?? []).some((x: Taint) => matchTaint(x, t));
}

/** The controller's snapshot state. */
export interface NodeLifecycleState {
  /** knownNodeSet: name -> uid */
  known: Record<string, string>;
  zoneStates: Record<string, ZoneState>;
  tainters: Record<string, ZoneTainter>;
  /** Pending monitor passes: tick -> [timer id, node names]. */
  passes: Array<[number, number, string[]]>;
  /** Pending tainter runs: zone -> [at, timer id]. */
  evictTimers: Record<string, [number, number]>;
  /** probeTimestamp floors set when leaving master disruption mode. */
  probeFloor: Record<string, number>;
  due: string[];
}

/** The node lifecycle controller. */
export class NodeLifecycleController extends Controller {
  private known = new Map<string, string>();
  private zoneStates = new Map<string, ZoneState>();
  private tainters = new Map<string, ZoneTainter>();
  private passes = new Map<number, { timer: number; nodes: Set<string> }>();
  private evictTimers = new Map<string, [number, number]>();
  private probeFloor = new Map<string, number>();
  private due = new Set<string>();

  /** Creates the controller; `kubelets` tells whether a node's kubelet runs (absent: all run). */
  constructor(
    ctx: ControllerContext,
    private readonly kubelets: () => KubeletApi | undefined,
  ) {
    super('node-lifecycle-controller', ctx);
    this.store.watch('Node', (ev) => this.onNode(ev));
    this.store.watch('Lease', (ev) => {
      if (ev.object.metadata.namespace === NAMESPACE_NODE_LEASE) this.requestPass(ev.object.metadata.name, nextMonitorTick(this.now));
    });
    this.store.watch('Pod', (ev) => {
      const pod = ev.object;
      const nodeName = pod.spec?.nodeName;
      if (ev.type === 'DELETED' || !nodeName) return;
      if (ev.old && ev.old.spec?.nodeName === nodeName) return;
      this.queue.add(`p/${pod.metadata.namespace}/${pod.metadata.name}`);
    });
  }

  private onNode(ev: WatchEvent): void {
    const name = ev.object.metadata.name;
    if (ev.type !== 'MODIFIED') {
      this.requestPass(name, nextMonitorTick(this.now));
      if (ev.type === 'ADDED') this.queue.add(`n/${name}`);
      return;
    }
    const old = ev.old!;
    const node = ev.object;
    const strip = (n: KObject) => (n.status?.conditions ?? []).map((c: Condition) => ({ type: c.type, status: c.status }));
    const condChanged = !deepEqual(strip(old), strip(node));
    if (condChanged || zoneKey(old.metadata.labels) !== zoneKey(node.metadata.labels)) this.requestPass(name, nextMonitorTick(this.now));
    if (condChanged || !!old.spec?.unschedulable !== !!node.spec?.unschedulable || !deepEqual(old.spec?.taints, node.spec?.taints)) this.queue.add(`n/${name}`);
  }

  /** Asks for a monitor pass of `name` at tick `at`. */
  private requestPass(name: string, at: number): void {
    let p = this.passes.get(at);
    if (!p) {
      p = { timer: this.runtime.setTimer(this.name, at, 'monitor', at), nodes: new Set() };
      this.passes.set(at, p);
    }
    p.nodes.add(name);
  }

  /** Monitor ticks and tainter runs. */
  onTimer(type: string, data: unknown): void {
    if (type === 'monitor') {
      const p = this.passes.get(data as number);
      this.passes.delete(data as number);
      if (!p) return;
      for (const n of p.nodes) this.due.add(n);
      this.queue.add('monitor');
    } else if (type === 'evict') {
      const zone = data as string;
      this.evictTimers.delete(zone);
      this.queue.add(`z/${zone}`);
    }
  }

  protected sync(key: string): void {
    if (key === 'monitor') return this.monitorNodeHealth();
    const kind = key.slice(0, 2);
    const rest = key.slice(2);
    if (kind === 'n/') return this.doNoScheduleTaintingPass(rest);
    if (kind === 'z/') return this.doNoExecuteTaintingPass(rest);
    if (kind === 'p/') return this.processPod(rest);
  }

  // -------------------------------------------------------------------------------------------
  // monitorNodeHealth

  private monitorNodeHealth(): void {
    const names = [...this.due].sort();
    this.due.clear();
    for (const name of names) this.monitorNode(name);
    this.handleDisruption();
  }

  private recordNodeEvent(name: string, uid: string, reason: string, message: string): void {
    // controllerutil.RecordNodeEvent / RecordNodeStatusChange build a bare reference (no resourceVersion).
    const ref = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } } as unknown as KObject;
    this.recorder.event(ref, 'Normal', reason, message, { component: NODE_CONTROLLER_COMPONENT });
  }

  private tainter(zone: string): ZoneTainter {
    let t = this.tainters.get(zone);
    if (!t) {
      // addPodEvictorForNewZone
      t = newZoneTainter(EVICTION_LIMITER_QPS, this.now);
      this.tainters.set(zone, t);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    return t;
  }

  private monitorNode(name: string): void {
    let node = this.store.get('Node', undefined, name);
    if (!node) {
      const uid = this.known.get(name);
      if (uid !== undefined) {
        this.recordNodeEvent(name, uid, 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
        this.known.delete(name);
        for (const t of this.tainters.values()) removeNode(t, name);
        this.probeFloor.delete(name);
      }
      return;
    }
    if (!this.known.has(name)) {
      this.recordNodeEvent(name, node.metadata.uid, 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      this.known.set(name, node.metadata.uid);
      this.tainter(zoneKey(node.metadata.labels));
      node = this.markNodeAsReachable(node);
    }
    // tryUpdateNodeHealth
    const observed = condition(node, 'Ready');
    const observedStatus = observed?.status ?? 'Unknown';
    const grace = observed ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
    const running = this.kubelets()?.isRunning(name) ?? true;
    let currentStatus = observed?.status;
    if (!running) {
      let probe = this.lastRenew(node);
      probe = Math.max(probe, this.probeFloor.get(name) ?? -Infinity);
      if (this.now > probe + grace) {
        const updated = this.markConditionsUnknown(node);
        if (updated) {
          node = updated;
          this.requestPass(name, nextMonitorTick(this.now));
        }
        currentStatus = 'Unknown';
      } else {
        this.requestPass(name, nextMonitorTick(probe + grace));
      }
    }
    if (currentStatus === undefined) return;
    this.processTaintBaseEviction(node, observedStatus);
    if (currentStatus !== 'True' && observedStatus === 'True') {
      this.recordNodeEvent(name, node.metadata.uid, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      this.markPodsNotReady(this.store.byIndex('Pod', 'node', name), name);
    }
  }

  /** When the node's kubelet last heartbeated: its Lease's renewTime, else the node's creation. */
  private lastRenew(node: KObject): number {
    const lease = this.store.get('Lease', NAMESPACE_NODE_LEASE, node.metadata.name);
    const t = parseTime(lease?.spec?.renewTime);
    return Number.isNaN(t) ? parseTime(node.metadata.creationTimestamp) : t;
  }

  /** Sets the monitored conditions Unknown; returns the updated node, or undefined if nothing changed. */
  private markConditionsUnknown(node: KObject): KObject | undefined {
    const shown = this.store.present(node);
    const next = clone(node);
    const conds: Condition[] = next.status?.conditions ?? [];
    const now = rfc3339(this.now);
    let changed = false;
    for (const type of MONITORED_CONDITIONS) {
      const c = conds.find((x) => x.type === type);
      if (!c) {
        conds.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: now, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
        changed = true;
      } else if (c.status !== 'Unknown') {
        const seen = condition(shown, type);
        if (seen?.lastHeartbeatTime) c.lastHeartbeatTime = seen.lastHeartbeatTime;
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = now;
        changed = true;
      }
    }
    if (!changed) return undefined;
    next.status = { ...(next.status ?? {}), conditions: conds };
    return this.store.updateStatus(next);
  }

  private processTaintBaseEviction(node: KObject, observed: string): void {
    if (observed === 'False') {
      if (hasTaint(node, UNREACHABLE_NO_EXECUTE)) this.swapTaints(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'False');
    } else if (observed === 'Unknown') {
      if (hasTaint(node, NOT_READY_NO_EXECUTE)) this.swapTaints(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'Unknown');
    } else if (observed === 'True') {
      this.markNodeAsReachable(node);
    }
  }

  private markNodeForTainting(node: KObject, status: 'False' | 'Unknown'): void {
    const zone = zoneKey(node.metadata.labels);
    const t = this.tainter(zone);
    const name = node.metadata.name;
    if (status === 'False' && !hasTaint(node, NOT_READY_NO_EXECUTE)) removeNode(t, name);
    if (status === 'Unknown' && !hasTaint(node, UNREACHABLE_NO_EXECUTE)) removeNode(t, name);
    if (addNode(t, name)) this.scheduleTainter(zone, nextEvictionTick(this.now));
  }

  /** Removes both NoExecute taints and forgets the node in its zone's tainter; returns the node as stored. */
  private markNodeAsReachable(node: KObject): KObject {
    let out = node;
    if (hasTaint(node, UNREACHABLE_NO_EXECUTE) || hasTaint(node, NOT_READY_NO_EXECUTE)) out = this.swapTaints(node, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    const t = this.tainters.get(zoneKey(node.metadata.labels));
    if (t) removeNode(t, node.metadata.name);
    return out;
  }

  /**
   * controllerutil.SwapNodeControllerTaint: adds taints (timeAdded = now; a taint with the same key
   * and effect is replaced) and removes others by key and effect, in one update.
   */
  private swapTaints(node: KObject, add: Taint[], remove: Taint[]): KObject {
    const cur = this.store.get('Node', undefined, node.metadata.name) ?? node;
    let taints: Taint[] = (cur.spec?.taints ?? []).map((t: Taint) => clone(t));
    const now = rfc3339(this.now);
    for (const a of add) {
      const withTime: Taint = { ...a, timeAdded: now };
      const i = taints.findIndex((t) => matchTaint(t, a));
      if (i < 0) taints.push(withTime);
      else if (!deepEqual(taints[i], withTime)) taints[i] = withTime;
    }
    taints = taints.filter((t) => !remove.some((r) => matchTaint(t, r)));
    if (deepEqual(taints, cur.spec?.taints ?? [])) return cur;
    const next = clone(cur);
    next.spec = { ...(next.spec ?? {}), taints };
    if (!taints.length) delete next.spec.taints;
    try {
      return this.store.update(next);
    } catch (e) {
      if (isApiError(e, 'NotFound')) return cur;
      throw e;
    }
  }

  /** MarkPodsNotReady: Ready=False on the node's pods, each with a NodeNotReady event. */
  private markPodsNotReady(pods: KObject[], nodeName: string): void {
    const sorted = [...pods].sort((a, b) => (a.metadata.namespace! + '/' + a.metadata.name < b.metadata.namespace! + '/' + b.metadata.name ? -1 : 1));
    for (const pod of sorted) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const conds: Condition[] = pod.status?.conditions ?? [];
      const i = conds.findIndex((c) => c.type === 'Ready');
      if (i < 0 || conds[i].status === 'False') continue;
      const next = clone(pod);
      next.status.conditions[i] = { ...next.status.conditions[i], status: 'False', lastTransitionTime: rfc3339(this.now) };
      try {
        this.store.updateStatus(next);
      } catch (e) {
        if (isApiError(e, 'NotFound')) continue;
        throw e;
      }
      this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready', { component: NODE_CONTROLLER_COMPONENT });
    }
  }

  /** processPod: a pod newly assigned to a node that is not Ready is marked not ready. */
  private processPod(key: string): void {
    const slash = key.indexOf('/');
    const pod = this.store.get('Pod', key.slice(0, slash), key.slice(slash + 1));
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName || !this.known.has(nodeName)) return;
    const node = this.store.get('Node', undefined, nodeName);
    const ready = node && condition(node, 'Ready');
    if (!ready) return;
    if (ready.status !== 'True') this.markPodsNotReady([pod], nodeName);
  }

  // -------------------------------------------------------------------------------------------
  // Zones

  private handleDisruption(): void {
    const zoneConds = new Map<string, { ready: number; notReady: number }>();
    const nodes = this.store.list('Node');
    for (const n of nodes) {
      if (n.metadata.labels?.[LABEL_NODE_DISRUPTION_EXCLUSION] !== undefined) continue;
      const z = zoneKey(n.metadata.labels);
      const e = zoneConds.get(z) ?? { ready: 0, notReady: 0 };
      if (condition(n, 'Ready')?.status === 'True') e.ready++;
      else e.notReady++;
      zoneConds.set(z, e);
    }
    const newStates = new Map<string, ZoneState>();
    let allAre = true;
    for (const [z, e] of zoneConds) {
      const s = computeZoneState(e.ready, e.notReady);
      if (s !== 'FullDisruption') allAre = false;
      newStates.set(z, s);
      if (!this.zoneStates.has(z)) this.zoneStates.set(z, 'Initial');
      this.tainter(z);
    }
    let allWas = true;
    for (const [z, s] of [...this.zoneStates]) {
      if (!zoneConds.has(z)) {
        this.zoneStates.delete(z);
        continue;
      }
      if (s !== 'FullDisruption') allWas = false;
    }
    if (allAre && allWas) return;
    if (allAre) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode."
      for (const n of nodes) this.markNodeAsReachable(n);
      for (const z of this.zoneStates.keys()) {
        this.setQps(z, 0);
        this.zoneStates.set(z, 'FullDisruption');
      }
      return;
    }
    if (allWas) {
      // "Exiting master disruption mode": every node gets a fresh grace period.
      for (const n of nodes) {
        this.probeFloor.set(n.metadata.name, this.now);
        if (condition(n, 'Ready')?.status !== 'True') this.requestPass(n.metadata.name, nextMonitorTick(this.now));
      }
      for (const z of this.zoneStates.keys()) {
        const e = zoneConds.get(z)!;
        this.setQps(z, zoneQps(newStates.get(z)!, e.ready + e.notReady));
        this.zoneStates.set(z, newStates.get(z)!);
      }
      return;
    }
    for (const [z, s] of this.zoneStates) {
      const ns = newStates.get(z)!;
      if (s === ns) continue;
      const e = zoneConds.get(z)!;
      this.setQps(z, zoneQps(ns, e.ready + e.notReady));
      this.zoneStates.set(z, ns);
    }
  }

  private setQps(zone: string, qps: number): void {
    const t = this.tainter(zone);
    swapLimiter(t, qps, this.now);
    if (t.queue.length && qps > 0) this.scheduleTainter(zone, nextEvictionTick(this.now));
  }

  private scheduleTainter(zone: string, at: number): void {
    const cur = this.evictTimers.get(zone);
    if (cur && cur[0] <= at) return;
    if (cur) this.runtime.cancelTimer(cur[1]);
    this.evictTimers.set(zone, [at, this.runtime.setTimer(this.name, at, 'evict', zone)]);
  }

  /** doNoExecuteTaintingPass for one zone: taints queued nodes as tokens allow. */
  private doNoExecuteTaintingPass(zone: string): void {
    const t = this.tainters.get(zone);
    if (!t) return;
    while (t.queue.length) {
      if (!tryAccept(t, this.now)) {
        const at = nextTokenAt(t, this.now);
        if (at !== undefined) this.scheduleTainter(zone, Math.max(nextEvictionTick(at - 1), nextEvictionTick(this.now)));
        return;
      }
      const name = t.queue[0];
      const node = this.store.get('Node', undefined, name);
      const ready = node && condition(node, 'Ready');
      if (node && !ready) {
        // "Failed to get NodeCondition from the node status": retry in 50 ms.
        this.scheduleTainter(zone, nextEvictionTick(this.now + 50));
        return;
      }
      t.queue.shift(); // stays in the set
      if (!node) continue;
      if (ready!.status === 'False') this.swapTaints(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else if (ready!.status === 'Unknown') this.swapTaints(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
    }
  }

  // -------------------------------------------------------------------------------------------
  // TaintNodesByCondition

  private doNoScheduleTaintingPass(name: string): void {
    const node = this.store.get('Node', undefined, name);
    if (!node) return;
    const want: Taint[] = [];
    for (const c of (node.status?.conditions ?? []) as Condition[]) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    const have: Taint[] = (node.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoSchedule' && CONTROLLER_NO_SCHEDULE_KEYS.has(t.key));
    const add = want.filter((w) => !have.some((h) => matchTaint(h, w)));
    const del = have.filter((h) => !want.some((w) => matchTaint(h, w)));
    if (add.length || del.length) this.swapTaints(node, add, del);
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots

  /** Known nodes, zones, tainters and pending passes. */
  save(): NodeLifecycleState {
    return {
      known: Object.fromEntries([...this.known].sort(([a], [b]) => (a < b ? -1 : 1))),
      zoneStates: Object.fromEntries(this.zoneStates),
      tainters: Object.fromEntries([...this.tainters].map(([z, t]) => [z, { ...t, queue: [...t.queue], set: [...t.set] }])),
      passes: [...this.passes].sort(([a], [b]) => a - b).map(([at, p]) => [at, p.timer, [...p.nodes].sort()]),
      evictTimers: Object.fromEntries(this.evictTimers),
      probeFloor: Object.fromEntries(this.probeFloor),
      due: [...this.due].sort(),
    };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    const s = raw as NodeLifecycleState;
    this.known = new Map(Object.entries(s.known));
    this.zoneStates = new Map(Object.entries(s.zoneStates));
    this.tainters = new Map(Object.entries(s.tainters).map(([z, t]) => [z, { ...t, queue: [...t.queue], set: [...t.set] }]));
    this.passes = new Map(s.passes.map(([at, timer, nodes]) => [at, { timer, nodes: new Set(nodes) }]));
    this.evictTimers = new Map(Object.entries(s.evictTimers));
    this.probeFloor = new Map(Object.entries(s.probeFloor));
    this.due = new Set(s.due);
  }
}
