/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go, v1.32) on simulated time:
 *
 * - activeQ: a heap ordered by PrioritySort (higher spec.priority first, then the earlier time the
 *   pod entered the queue; ties in the order they were added);
 * - backoffQ: pods waiting out their back-off after a failed attempt: 1 s after the first attempt,
 *   doubling per attempt, at most 10 s (1, 2, 4, 8, 10, 10 ...), counted from the failure;
 * - unschedulablePods: pods that did not fit, parked until a cluster event that may help moves them
 *   (the scheduler decides, per rejecting plugin, as upstream's queueing hints do), or until the
 *   periodic leftover flush (every 30 s) finds them parked for more than 5 minutes;
 * - gated pods: pods with spec.schedulingGates, which wait for their gates to be removed.
 *
 * Each waiting pod has at most one timer (its back-off expiry or its leftover flush), plain data
 * addressed to the scheduler component.
 */
import type { Runtime } from '../sim/runtime';

/** DefaultPodInitialBackoffDuration */
export const POD_INITIAL_BACKOFF_MS = 1_000;
/** DefaultPodMaxBackoffDuration */
export const POD_MAX_BACKOFF_MS = 10_000;
/** DefaultPodMaxInUnschedulablePodsDuration */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** flushUnschedulablePodsLeftover runs every 30 s. */
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

/** Where a queued pod waits. */
export type QueueState = 'active' | 'backoff' | 'unschedulable' | 'gated';

/** framework.QueuedPodInfo, reduced to plain data. */
export interface QueuedPod {
  /** `namespace/name` */
  key: string;
  uid: string;
  priority: number;
  /** When the pod last entered the queue (PrioritySort's tie-break), ms. */
  timestamp: number;
  /** Insertion order, for ties at the same instant. */
  seq: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected the pod in its last attempt (queueing hints consult them). */
  unschedulablePlugins: string[];
  state: QueueState;
  /** Pending timer (back-off expiry or leftover flush). */
  timer?: number;
}

/** Serialisable state of the queue. */
export interface QueueSnapshot {
  seq: number;
  pods: QueuedPod[];
}

/**
 * calculateBackoffDuration: 1 s doubled per earlier attempt, capped at 10 s. Attempts 1..6 ->
 * 1, 2, 4, 8, 10, 10 s.
 */
export function backoffDurationMs(attempts: number): number {
  if (attempts <= 0) return 0;
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF_MS - d) return POD_MAX_BACKOFF_MS;
    d += d;
  }
  return d;
}

/**
 * When the leftover flush moves a pod parked at `parkedAt`: the first 30 s tick (on the simulated
 * clock's 30 s grid) strictly more than 5 minutes later.
 */
export function leftoverFlushAt(parkedAt: number): number {
  const due = parkedAt + POD_MAX_IN_UNSCHEDULABLE_MS;
  return (Math.floor(due / UNSCHEDULABLE_FLUSH_PERIOD_MS) + 1) * UNSCHEDULABLE_FLUSH_PERIOD_MS;
}

/** A heap entry: the ordering fields as they were when pushed, valid while `gen` is current. */
interface HeapEntry {
  qp: QueuedPod;
  gen: number;
  priority: number;
  timestamp: number;
  seq: number;
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

/** The three sub-queues plus gated pods, keyed by `namespace/name`. */
export class SchedulingQueue {
  private readonly pods = new Map<string, QueuedPod>();
  private heap: HeapEntry[] = [];
  private seq = 0;
  private gen = 0;
  /** key -> generation of its live heap entry */
  private live = new Map<string, number>();
  /** plugin -> number of parked pods it rejected */
  private parked = new Map<string, number>();
  /** Keys of the parked (unschedulable) pods, in the order they were parked. */
  private parkedKeys = new Set<string>();

  /** Creates a queue whose timers are addressed to component `owner`. */
  constructor(
    private readonly runtime: Runtime,
    private readonly owner: string,
  ) {}

  /** The queued pod with this key. */
  get(key: string): QueuedPod | undefined {
    return this.pods.get(key);
  }

  /** Number of pods in any sub-queue. */
  get size(): number {
    return this.pods.size;
  }

  /** Number of pods ready to be scheduled. */
  get activeCount(): number {
    let n = 0;
    for (const e of this.heap) if (this.valid(e)) n++;
    return n;
  }

  /** How many parked pods the plugin rejected. */
  parkedBy(plugin: string): number {
    return this.parked.get(plugin) ?? 0;
  }

  /** Pods parked as unschedulable (for queueing hints). */
  unschedulable(): QueuedPod[] {
    const out: QueuedPod[] = [];
    for (const k of this.parkedKeys) out.push(this.pods.get(k)!);
    return out;
  }

  /** Adds a new pending pod to activeQ (or to the gated set). No-op if it is queued already. */
  add(key: string, uid: string, priority: number, gated: boolean): void {
    const cur = this.pods.get(key);
    if (cur && cur.uid === uid) return;
    if (cur) this.delete(key);
    const qp: QueuedPod = {
      key,
      uid,
      priority,
      timestamp: this.runtime.now,
      seq: ++this.seq,
      attempts: 0,
      unschedulablePlugins: [],
      state: gated ? 'gated' : 'active',
    };
    this.pods.set(key, qp);
    if (!gated) this.push(qp);
  }

  /** Takes the highest-priority active pod (it stays known until re-queued or deleted). */
  pop(): QueuedPod | undefined {
    while (this.heap.length) {
      const e = this.popHeap();
      if (!this.valid(e)) continue;
      const qp = e.qp;
      this.live.delete(qp.key);
      this.setState(qp, 'backoff'); // in flight: not in any sub-queue until the attempt ends
      qp.attempts++;
      this.pods.delete(qp.key);
      return qp;
    }
    return undefined;
  }

  /** Forgets a pod (deleted, bound, or no longer pending). */
  delete(key: string): void {
    const qp = this.pods.get(key);
    if (!qp) return;
    this.runtime.cancelTimer(qp.timer);
    qp.timer = undefined;
    this.setState(qp, 'backoff');
    this.pods.delete(key);
    this.live.delete(key);
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: parks the pod with the plugins that
   * rejected it and schedules its leftover flush.
   */
  addUnschedulable(qp: QueuedPod, plugins: string[]): void {
    if (this.pods.has(qp.key)) return;
    qp.timestamp = this.runtime.now;
    qp.unschedulablePlugins = plugins;
    this.setState(qp, 'unschedulable');
    qp.seq = ++this.seq;
    qp.timer = this.runtime.setTimer(this.owner, leftoverFlushAt(qp.timestamp), 'flush', qp.key);
    this.pods.set(qp.key, qp);
  }

  /** Requeues a pod after an error: it waits out its back-off, then becomes active. */
  addBackoff(qp: QueuedPod): void {
    if (this.pods.has(qp.key)) return;
    qp.timestamp = this.runtime.now;
    qp.seq = ++this.seq;
    this.pods.set(qp.key, qp);
    this.toBackoffOrActive(qp);
  }

  /** Moves a parked or gated pod to backoffQ (if still backing off) or activeQ. */
  activate(key: string): void {
    const qp = this.pods.get(key);
    if (!qp || (qp.state !== 'unschedulable' && qp.state !== 'gated')) return;
    this.runtime.cancelTimer(qp.timer);
    qp.timer = undefined;
    this.toBackoffOrActive(qp);
  }

  /** Marks a queued pod gated (its gates came back) or refreshes its priority. */
  setGated(key: string): void {
    const qp = this.pods.get(key);
    if (!qp || qp.state === 'gated') return;
    this.runtime.cancelTimer(qp.timer);
    qp.timer = undefined;
    this.setState(qp, 'gated');
  }

  /** Handles the queue's timers: back-off expiry and leftover flush. Returns the key moved, if any. */
  onTimer(type: string, key: string): boolean {
    const qp = this.pods.get(key);
    if (!qp) return false;
    if (type === 'backoff' && qp.state === 'backoff') {
      qp.timer = undefined;
      this.setState(qp, 'active');
      this.push(qp);
      return true;
    }
    if (type === 'flush' && qp.state === 'unschedulable') {
      qp.timer = undefined;
      this.toBackoffOrActive(qp);
      return true;
    }
    return false;
  }

  /** Snapshot state. */
  save(): QueueSnapshot {
    const pods = [...this.pods.values()].sort((a, b) => a.seq - b.seq).map((qp) => ({ ...qp, unschedulablePlugins: [...qp.unschedulablePlugins] }));
    return { seq: this.seq, pods };
  }

  /** Restores what save() produced (timers are restored with the runtime). */
  load(s: QueueSnapshot): void {
    this.pods.clear();
    this.heap = [];
    this.live.clear();
    this.parked.clear();
    this.parkedKeys.clear();
    this.seq = s.seq;
    for (const p of s.pods) {
      const qp: QueuedPod = { ...p, unschedulablePlugins: [...p.unschedulablePlugins] };
      this.pods.set(qp.key, qp);
      if (qp.state === 'unschedulable') {
        for (const pl of qp.unschedulablePlugins) this.parked.set(pl, (this.parked.get(pl) ?? 0) + 1);
        this.parkedKeys.add(qp.key);
      }
      if (qp.state === 'active') this.push(qp);
    }
  }

  private toBackoffOrActive(qp: QueuedPod): void {
    const expiry = qp.timestamp + backoffDurationMs(qp.attempts);
    if (expiry > this.runtime.now) {
      this.setState(qp, 'backoff');
      qp.timer = this.runtime.setTimer(this.owner, expiry, 'backoff', qp.key);
    } else {
      this.setState(qp, 'active');
      this.push(qp);
    }
  }

  /** Changes a pod's state, keeping the per-plugin counts of parked pods. */
  private setState(qp: QueuedPod, state: QueueState): void {
    if (qp.state === state) return;
    const sign = state === 'unschedulable' ? 1 : qp.state === 'unschedulable' ? -1 : 0;
    if (sign) for (const p of qp.unschedulablePlugins) this.parked.set(p, (this.parked.get(p) ?? 0) + sign);
    if (sign > 0) this.parkedKeys.add(qp.key);
    else if (sign < 0) this.parkedKeys.delete(qp.key);
    qp.state = state;
  }

  private valid(e: HeapEntry): boolean {
    return e.qp.state === 'active' && this.pods.get(e.qp.key) === e.qp && this.live.get(e.qp.key) === e.gen;
  }

  private push(qp: QueuedPod): void {
    const h = this.heap;
    const e: HeapEntry = { qp, gen: ++this.gen, priority: qp.priority, timestamp: qp.timestamp, seq: qp.seq };
    this.live.set(qp.key, e.gen);
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private popHeap(): HeapEntry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
