/**
 * kube-scheduler (v1.32 default profile) as a runtime component: watches Pods and Nodes, keeps the
 * cache and the scheduling queue, schedules one pod per work() call, binds it through the
 * pods/binding subresource, and records `Scheduled` / `FailedScheduling` events through the
 * events.k8s.io path (reportingController default-scheduler, action Binding / Scheduling).
 *
 * Cluster events move parked pods back only when one of the plugins that rejected them says the
 * event may help (upstream's queueing hints, enabled by default in v1.32): a node added or whose
 * allocatable, labels, taints or unschedulable flag changed, an assigned pod deleted or finished,
 * the pod's own tolerations relaxed or scheduling gates removed.
 */
import type { Component, Runtime } from '../sim/runtime';
import type { ApiStore, WatchEvent } from '../store/store';
import type { EventRecorder } from '../client/events';
import type { KObject } from '../api/types';
import type { NodeVerdict, SchedulerApi, SchedulingExplanation } from '../contracts';
import { isApiError, notFound } from '../api/errors';
import { mustKind } from '../api/registry';
import { rfc3339 } from '../api/time';
import { clone, deepEqual } from '../sim/dev';
import { bindPod } from '../store/subresources';
import { splitKey } from '../client/controller';
import { SchedulerCache, isCachedPod, type NodeTreeState } from './cache';
import { SchedulingQueue, type QueueSnapshot, type QueuedPod } from './queue';
import { newPodCycle, runFilters, type PodCycle } from './filters';
import { newPodInfo, type PodInfo } from './podinfo';
import type { NodeInfo } from './nodeinfo';
import {
  failureMessage,
  findNodesThatPassFilters,
  fitsAllocatable,
  numFeasibleNodesToFind,
  preFilter,
  prioritizeNodes,
  selectHost,
  type Diagnosis,
  type ScoreContext,
} from './framework';
import { truncateMessage } from './fiterror';
import { findUntoleratedTaint, isDoNotScheduleTaint } from './taints';
import { nodeAllocatable } from './podinfo';
import type { SelectorSources } from './topologyspread';

/** The default scheduler's name (spec.schedulerName) and event reporting controller. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The scheduler's snapshot state. */
export interface SchedulerState {
  queue: QueueSnapshot;
  nextStartNodeIndex: number;
  tree: NodeTreeState;
}

/** A cluster event that may make parked pods schedulable. */
type ClusterEvent =
  | { type: 'NodeAdd'; ni: NodeInfo }
  | { type: 'NodeUpdate'; old: KObject; ni: NodeInfo; changes: NodeChanges }
  | { type: 'AssignedPodDelete'; pi: PodInfo }
  | { type: 'AssignedPodAdd'; pi: PodInfo };

/** Which scheduling-relevant properties of a node changed (framework.nodeSchedulingPropertiesChange). */
interface NodeChanges {
  allocatable: boolean;
  labels: boolean;
  taints: boolean;
  unschedulable: boolean;
  conditions: boolean;
}

/** What a scheduling attempt decided. */
interface Attempt {
  node?: string;
  diagnosis?: Diagnosis;
  numAllNodes: number;
  error?: string;
}

function isTerminal(pod: KObject): boolean {
  const p = pod.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

function hasGates(pod: KObject): boolean {
  return (pod.spec?.schedulingGates?.length ?? 0) > 0;
}

function podKey(pod: KObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

function stripHeartbeats(conds: Array<Record<string, unknown>> | undefined): unknown {
  return (conds ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined }));
}

/** kube-scheduler: queue, cache, scheduling cycle, binding, events and explanations. */
export class Scheduler implements Component, SchedulerApi {
  readonly name = 'scheduler';
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private nextStartNodeIndex = 0;
  /** PodCycles of parked pods, for queueing hints (derived; rebuilt on demand). */
  private cycles = new Map<string, { rv: string; cycle: PodCycle }>();
  private readonly sources: SelectorSources;

  /** Creates the scheduler and registers its watches; `reportingInstance` is `default-scheduler-<host>`. */
  constructor(
    private readonly runtime: Runtime,
    private readonly store: ApiStore,
    private readonly recorder: EventRecorder,
    private readonly reportingInstance: string,
  ) {
    this.queue = new SchedulingQueue(runtime, this.name);
    this.sources = {
      services: (ns) => store.list('Service', { namespace: ns }),
      owner: (kind, ns, name) => store.get(kind, ns, name),
    };
    store.watch('Node', (ev) => this.onNode(ev));
    store.watch('Pod', (ev) => this.onPod(ev));
  }

  // -------------------------------------------------------------------------------------------
  // Component

  /** Schedules the next pod of activeQ; false when activeQ is empty. */
  work(): boolean {
    const qp = this.queue.pop();
    if (!qp) return false;
    this.scheduleOne(qp);
    return true;
  }

  /** Back-off expiries and leftover flushes. */
  onTimer(type: string, data: unknown): void {
    this.queue.onTimer(type, data as string);
  }

  /** Queue, node order and the rotating start index. */
  save(): SchedulerState {
    return { queue: this.queue.save(), nextStartNodeIndex: this.nextStartNodeIndex, tree: this.cache.saveTree() };
  }

  /** Restores the queue and rebuilds the cache from the store. */
  load(raw: unknown): void {
    const s = raw as SchedulerState;
    this.cache.rebuild(this.store.list('Node'), this.store.list('Pod'), s.tree);
    this.queue.load(s.queue);
    this.nextStartNodeIndex = s.nextStartNodeIndex;
    this.cycles.clear();
  }

  // -------------------------------------------------------------------------------------------
  // Watches (internal bookkeeping only; no store writes)

  private responsible(pod: KObject): boolean {
    const name = pod.spec?.schedulerName;
    return !name || name === DEFAULT_SCHEDULER_NAME;
  }

  private pending(pod: KObject): boolean {
    return !pod.spec?.nodeName && this.responsible(pod) && !isTerminal(pod) && !pod.metadata.deletionTimestamp;
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object;
    if (ev.type === 'ADDED') {
      if (isCachedPod(pod)) this.moveOnSpread(this.cache.addPod(pod));
      else if (this.pending(pod)) this.queue.add(podKey(pod), pod.metadata.uid, pod.spec?.priority ?? 0, hasGates(pod));
      return;
    }
    if (ev.type === 'DELETED') {
      const gone = ev.old ?? pod;
      const pi = this.cache.removePod(gone.metadata.uid);
      if (pi) this.moveOnEvent({ type: 'AssignedPodDelete', pi });
      else if (this.queue.get(podKey(gone))?.uid === gone.metadata.uid) this.queue.delete(podKey(gone));
      this.cycles.delete(podKey(gone));
      return;
    }
    const old = ev.old!;
    const wasCached = this.cache.hasPod(old.metadata.uid);
    const nowCached = isCachedPod(pod);
    if (wasCached) {
      if (nowCached) {
        this.cache.updatePod(old, pod);
        return;
      }
      const pi = this.cache.removePod(old.metadata.uid);
      if (pi) this.moveOnEvent({ type: 'AssignedPodDelete', pi });
      return;
    }
    const key = podKey(pod);
    if (nowCached) {
      this.queue.delete(key);
      this.cycles.delete(key);
      this.moveOnSpread(this.cache.addPod(pod));
      return;
    }
    if (!this.pending(pod)) {
      this.queue.delete(key);
      this.cycles.delete(key);
      return;
    }
    const qp = this.queue.get(key);
    if (!qp || qp.uid !== pod.metadata.uid) {
      // Not known yet (e.g. a pod handed over from another scheduler name).
      if (!qp) this.queue.add(key, pod.metadata.uid, pod.spec?.priority ?? 0, hasGates(pod));
      return;
    }
    this.onPendingPodUpdate(qp, old, pod);
  }

  /** An update of a pending pod: scheduling gates removed, tolerations or requests relaxed. */
  private onPendingPodUpdate(qp: QueuedPod, old: KObject, pod: KObject): void {
    if (qp.state === 'gated') {
      if (!hasGates(pod)) this.queue.activate(qp.key);
      return;
    }
    if (hasGates(pod)) {
      this.queue.setGated(qp.key);
      return;
    }
    if (qp.state !== 'unschedulable') return;
    const plugins = qp.unschedulablePlugins;
    if (!plugins.length) return;
    // PodSchedulingPropertiesChange: UpdatePodToleration (TaintToleration, NodeUnschedulable),
    // UpdatePodScaleDown (NodeResourcesFit).
    if (!deepEqual(old.spec?.tolerations, pod.spec?.tolerations) && (plugins.includes('TaintToleration') || plugins.includes('NodeUnschedulable'))) {
      this.queue.activate(qp.key);
      return;
    }
    if (plugins.includes('NodeResourcesFit')) {
      const a = newPodInfo(old).requests;
      const b = newPodInfo(pod).requests;
      if (b.milliCPU < a.milliCPU || b.memory < a.memory || b.ephemeralStorage < a.ephemeralStorage) this.queue.activate(qp.key);
    }
  }

  private onNode(ev: WatchEvent): void {
    if (ev.type === 'ADDED') {
      const ni = this.cache.addNode(ev.object);
      this.moveOnEvent({ type: 'NodeAdd', ni });
      return;
    }
    if (ev.type === 'DELETED') {
      this.cache.removeNode(ev.old ?? ev.object);
      return;
    }
    const old = ev.old!;
    const node = ev.object;
    const changes: NodeChanges = {
      allocatable: !deepEqual(old.status?.allocatable, node.status?.allocatable),
      labels: !deepEqual(old.metadata.labels, node.metadata.labels),
      taints: !deepEqual(old.spec?.taints, node.spec?.taints),
      unschedulable: !!old.spec?.unschedulable !== !!node.spec?.unschedulable,
      conditions: !deepEqual(stripHeartbeats(old.status?.conditions), stripHeartbeats(node.status?.conditions)),
    };
    const ni = this.cache.updateNode(old, node);
    if (changes.allocatable || changes.labels || changes.taints || changes.unschedulable || changes.conditions) this.moveOnEvent({ type: 'NodeUpdate', old, ni, changes });
  }

  // -------------------------------------------------------------------------------------------
  // Queueing hints

  /** An assigned pod appeared: only PodTopologySpread rejections can be helped by that. */
  private moveOnSpread(pi: PodInfo): void {
    if (this.queue.parkedBy('PodTopologySpread') === 0) return;
    this.moveOnEvent({ type: 'AssignedPodAdd', pi });
  }

  private cycleOf(qp: QueuedPod): PodCycle | undefined {
    const [ns, name] = splitKey(qp.key);
    const pod = this.store.get('Pod', ns, name);
    if (!pod || pod.metadata.uid !== qp.uid) return undefined;
    const hit = this.cycles.get(qp.key);
    if (hit && hit.rv === pod.metadata.resourceVersion) return hit.cycle;
    const cycle = newPodCycle(newPodInfo(pod));
    this.cycles.set(qp.key, { rv: pod.metadata.resourceVersion, cycle });
    return cycle;
  }

  /** movePodsToActiveOrBackoffQueue for the parked pods whose rejecting plugins say the event may help. */
  private moveOnEvent(ev: ClusterEvent): void {
    if (ev.type === 'AssignedPodDelete' && !(['NodeResourcesFit', 'NodePorts', 'PodTopologySpread'] as const).some((p) => this.queue.parkedBy(p) > 0)) return;
    for (const qp of this.queue.unschedulable()) {
      const c = this.cycleOf(qp);
      if (!c) continue;
      const plugins = qp.unschedulablePlugins;
      if (!plugins.length || plugins.some((p) => this.hint(p, c, ev))) this.queue.activate(qp.key);
    }
  }

  /** One plugin's queueing hint: Queue (true) or QueueSkip (false). */
  private hint(plugin: string, c: PodCycle, ev: ClusterEvent): boolean {
    if (ev.type === 'AssignedPodAdd') return plugin === 'PodTopologySpread' && ev.pi.namespace === c.pi.namespace;
    if (ev.type === 'AssignedPodDelete') {
      if (plugin === 'NodeResourcesFit' || plugin === 'PodTopologySpread') return true;
      if (plugin === 'NodePorts') return ev.pi.hostPorts.some((a) => c.pi.hostPorts.some((b) => a.port === b.port && a.protocol === b.protocol));
      return false;
    }
    const ni = ev.ni;
    const tolerations = c.pi.tolerations;
    if (ev.type === 'NodeAdd') {
      switch (plugin) {
        case 'NodeUnschedulable':
          return !ni.unschedulable;
        case 'NodeName':
          return c.pi.pod.spec?.nodeName === ni.name;
        case 'TaintToleration':
          return !findUntoleratedTaint(ni.taints, tolerations, isDoNotScheduleTaint);
        case 'NodeAffinity':
          return c.affinity.matches(ni.labels, ni.name);
        case 'NodePorts':
          return true;
        case 'NodeResourcesFit':
          return fitsAllocatable(c, ni);
        default:
          return true;
      }
    }
    if (plugin === 'PodTopologySpread') return ev.changes.labels || ev.changes.taints;
    const { old, changes } = ev;
    switch (plugin) {
      case 'NodeUnschedulable':
        return changes.unschedulable && !!old.spec?.unschedulable && !ni.unschedulable;
      case 'TaintToleration':
        return changes.taints && !!findUntoleratedTaint(old.spec?.taints ?? [], tolerations, isDoNotScheduleTaint) && !findUntoleratedTaint(ni.taints, tolerations, isDoNotScheduleTaint);
      case 'NodeAffinity':
        return changes.labels && c.affinity.matches(ni.labels, ni.name) && !c.affinity.matches(old.metadata.labels ?? {}, old.metadata.name);
      case 'NodePorts':
        return true;
      case 'NodeResourcesFit': {
        if (!changes.allocatable || !fitsAllocatable(c, ni)) return false;
        const before = nodeAllocatable(old);
        const after = ni.allocatable;
        const r = c.pi.requests;
        if (after.pods > before.pods) return true;
        if (r.milliCPU > 0 && after.milliCPU > before.milliCPU) return true;
        if (r.memory > 0 && after.memory > before.memory) return true;
        if (r.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage) return true;
        for (const [k, v] of Object.entries(r.scalar ?? {})) if (v > 0 && (after.scalar?.[k] ?? 0) > (before.scalar?.[k] ?? 0)) return true;
        return false;
      }
      default:
        return false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Scheduling cycle

  private scoreContext(): ScoreContext {
    return { cache: this.cache, sources: this.sources };
  }

  /** schedulePod: PreFilter, Filter (sampled), Score, selectHost. */
  private schedulePod(c: PodCycle): Attempt {
    const all = this.cache.list();
    if (!all.length) return { numAllNodes: 0, error: 'no nodes available to schedule pods' };
    const pre = preFilter(c, this.cache);
    if (pre.rejected) return { numAllNodes: all.length, diagnosis: pre.diagnosis };
    const numToFind = numFeasibleNodesToFind(pre.nodes.length);
    const { feasible, processed } = findNodesThatPassFilters(c, pre.nodes, this.nextStartNodeIndex, numToFind, pre.diagnosis);
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    if (!feasible.length) return { numAllNodes: all.length, diagnosis: pre.diagnosis };
    if (feasible.length === 1) return { numAllNodes: all.length, node: feasible[0].name };
    const table = prioritizeNodes(c, feasible, this.scoreContext());
    return { numAllNodes: all.length, node: feasible[selectHost(table.totals, this.runtime.rng, feasible.length)].name };
  }

  private scheduleOne(qp: QueuedPod): void {
    const [ns, name] = splitKey(qp.key);
    const pod = this.store.get('Pod', ns, name);
    if (!pod || pod.metadata.uid !== qp.uid || !this.pending(pod)) return;
    if (hasGates(pod)) {
      this.queue.add(qp.key, qp.uid, qp.priority, true);
      return;
    }
    const c = newPodCycle(newPodInfo(pod));
    const res = this.schedulePod(c);
    const source = { component: DEFAULT_SCHEDULER_NAME };
    if (res.node) {
      try {
        bindPod(this.store, ns!, name, res.node, this.runtime.now);
      } catch (e) {
        if (isApiError(e)) return; // deleted or bound meanwhile; the watch sorts it out
        throw e;
      }
      this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${res.node}`, source, {
        newApi: { action: 'Binding', reportingInstance: this.reportingInstance },
      });
      return;
    }
    let message: string;
    let reason = 'Unschedulable';
    if (res.error) {
      // upstream retries errors with back-off; with no node at all, Podium parks the pod until
      // a node appears (any node event moves it) instead of retrying every 10 s forever.
      message = res.error;
      reason = 'SchedulerError';
      this.queue.addUnschedulable(qp, []);
    } else {
      message = failureMessage(c, res.numAllNodes, res.diagnosis!, this.cache);
      this.queue.addUnschedulable(qp, [...res.diagnosis!.unschedulablePlugins].sort());
    }
    this.recorder.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message), source, {
      newApi: { action: 'Scheduling', reportingInstance: this.reportingInstance },
    });
    this.setPodScheduledFalse(ns!, name, qp.uid, reason, message);
  }

  /** updatePod: PodScheduled=False with the reason and message, written only when it changes. */
  private setPodScheduledFalse(ns: string, name: string, uid: string, reason: string, message: string): void {
    const cur = this.store.get('Pod', ns, name);
    if (!cur || cur.metadata.uid !== uid) return;
    const conditions: Array<Record<string, unknown>> = cur.status?.conditions ?? [];
    const i = conditions.findIndex((c) => c.type === 'PodScheduled');
    const old = i >= 0 ? conditions[i] : undefined;
    if (old && old.status === 'False' && old.reason === reason && old.message === message) return;
    const cond = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : rfc3339(this.runtime.now),
      reason,
      message,
    };
    const next = clone(cur);
    const list = [...conditions.map((c) => clone(c))];
    if (i >= 0) list[i] = cond;
    else list.push(cond);
    next.status = { ...(next.status ?? {}), conditions: list };
    try {
      this.store.updateStatus(next);
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Explanations

  /** Evaluates every node for the pod (no sampling, no randomness) as the scheduler sees the cluster now. */
  explain(namespace: string, podName: string): SchedulingExplanation {
    const stored = this.store.get('Pod', namespace, podName);
    if (!stored) throw notFound(mustKind('Pod'), podName);
    const boundTo: string | undefined = stored.spec?.nodeName || undefined;
    // Explain a bound pod as if it were still pending: without its own nodeName and requests.
    const pod = clone(stored);
    if (pod.spec) delete pod.spec.nodeName;
    const removed = boundTo ? this.cache.removePod(stored.metadata.uid) : undefined;
    try {
      return this.evaluateAll(namespace, podName, pod, boundTo);
    } finally {
      if (removed) this.cache.addPod(stored);
    }
  }

  private evaluateAll(namespace: string, podName: string, pod: KObject, boundTo: string | undefined): SchedulingExplanation {
    const c = newPodCycle(newPodInfo(pod));
    const all = this.cache.list();
    const out: SchedulingExplanation = { namespace, pod: podName, nodes: [] };
    if (boundTo) out.boundTo = boundTo;
    if (!all.length) {
      out.message = 'no nodes available to schedule pods';
      return out;
    }
    const pre = preFilter(c, this.cache);
    const allowed = new Set(pre.nodes);
    const verdicts = new Map<string, NodeVerdict>();
    const feasible: NodeInfo[] = [];
    for (const ni of all) {
      if (pre.rejected) {
        verdicts.set(ni.name, { node: ni.name, rejectedBy: 'NodeAffinity', reason: pre.diagnosis.preFilterMsg });
        continue;
      }
      if (!allowed.has(ni)) {
        verdicts.set(ni.name, { node: ni.name, rejectedBy: 'NodeAffinity', reason: pre.diagnosis.absent!.reasons[0] });
        continue;
      }
      const s = runFilters(c, ni);
      if (s) {
        verdicts.set(ni.name, { node: ni.name, rejectedBy: s.plugin, reason: s.reasons.join(', ') });
        pre.diagnosis.statuses.set(ni.name, s);
        pre.diagnosis.unschedulablePlugins.add(s.plugin);
      } else feasible.push(ni);
    }
    if (feasible.length) {
      const table = prioritizeNodes(c, feasible, this.scoreContext(), true);
      let best = -1;
      feasible.forEach((ni, i) => {
        const scores: Record<string, number> = {};
        for (const [p, arr] of Object.entries(table.perPlugin)) scores[p] = arr![i];
        verdicts.set(ni.name, { node: ni.name, score: table.totals[i], scores });
        if (best < 0 || table.totals[i] > table.totals[best]) best = i;
      });
      out.chosen = feasible[best].name;
    } else {
      out.message = failureMessage(c, all.length, pre.diagnosis, this.cache);
    }
    out.nodes = all.map((ni) => verdicts.get(ni.name)!);
    return out;
  }
}
