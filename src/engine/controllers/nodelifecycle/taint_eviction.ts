/**
 * The taint-eviction-controller (pkg/controller/tainteviction/taint_eviction.go, v1.32): deletes
 * pods from nodes with NoExecute taints they do not tolerate, at once, or after the shortest
 * tolerationSeconds of the tolerations they use (a pod with the default 300 s tolerations of
 * node.kubernetes.io/unreachable is deleted 300 s after the taint appeared). The deletion is
 * announced by a `TaintManagerEviction` event "Marking for deletion Pod NS/NAME", and the pod gets
 * the DisruptionTarget condition before it is deleted (with its grace period; a pod on a stopped
 * node stays Terminating until its kubelet returns). A scheduled deletion is cancelled, with a
 * "Cancelling deletion of Pod NS/NAME" event, when the taint goes away or becomes tolerated.
 *
 * Scheduled deletions are TimedWorkerQueue entries: a timer per pod, plain data. An entry whose
 * deletion already ran stays (with no timer) so the pod is not deleted twice, until the pod goes
 * or the node is untainted.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { KObject, Taint } from '../../api/types';
import { isApiError } from '../../api/errors';
import { rfc3339 } from '../../api/time';
import { clone, deepEqual } from '../../sim/dev';
import { matchingTolerations, minTolerationSeconds } from '../../scheduler/taints';

/** Event source of this controller (names.TaintEvictionController). */
export const TAINT_EVICTION_COMPONENT = 'taint-eviction-controller';

/** A scheduled deletion; `timer` is absent once it ran. */
interface Work {
  createdAt: number;
  fireAt: number;
  timer?: number;
}

/** The controller's snapshot state. */
export interface TaintEvictionState {
  workers: Array<[string, Work]>;
}

function noExecuteTaints(node: KObject | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute');
}

/** The taint eviction controller. */
export class TaintEvictionController extends Controller {
  /** `namespace/name` -> scheduled or done deletion */
  private workers = new Map<string, Work>();

  /** Creates the controller and its watches. */
  constructor(ctx: ControllerContext) {
    super(TAINT_EVICTION_COMPONENT, ctx);
    this.store.watch('Node', (ev) => {
      if (ev.type === 'MODIFIED' && deepEqual(noExecuteTaints(ev.old), noExecuteTaints(ev.object))) return;
      this.queue.add(`n/${ev.object.metadata.name}`);
    });
    this.store.watch('Pod', (ev) => {
      const pod = ev.object;
      if (ev.type === 'MODIFIED' && ev.old!.spec?.nodeName === pod.spec?.nodeName && deepEqual(ev.old!.spec?.tolerations, pod.spec?.tolerations)) return;
      this.queue.add(`p/${pod.metadata.namespace}/${pod.metadata.name}`);
    });
  }

  /** Deletion timers. */
  onTimer(type: string, data: unknown): void {
    if (type !== 'evict') return;
    const key = data as string;
    const w = this.workers.get(key);
    if (!w || w.timer === undefined) return;
    w.timer = undefined;
    this.queue.add(`d/${key}`);
  }

  protected sync(key: string): void {
    const kind = key.slice(0, 2);
    const rest = key.slice(2);
    if (kind === 'n/') this.handleNodeUpdate(rest);
    else if (kind === 'p/') this.handlePodUpdate(rest);
    else if (kind === 'd/') this.deletePod(rest);
  }

  private handleNodeUpdate(name: string): void {
    const node = this.store.get('Node', undefined, name);
    if (!node) return;
    const taints = noExecuteTaints(node);
    const pods = this.store.byIndex('Pod', 'node', name).sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1));
    for (const pod of pods) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (!taints.length) this.cancelWorkWithEvent(key);
      else this.processPodOnNode(key, pod.spec?.tolerations ?? [], taints);
    }
  }

  private handlePodUpdate(key: string): void {
    const slash = key.indexOf('/');
    const pod = this.store.get('Pod', key.slice(0, slash), key.slice(slash + 1));
    if (!pod) {
      this.cancelWorkWithEvent(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = noExecuteTaints(this.store.get('Node', undefined, nodeName));
    // A node without NoExecute taints had its evictions cancelled when they went away.
    if (!taints.length) return;
    this.processPodOnNode(key, pod.spec?.tolerations ?? [], taints);
  }

  /**
   * processPodOnNode: not every taint tolerated -> delete now; tolerated forever -> cancel;
   * otherwise delete at (start + shortest tolerationSeconds), keeping an earlier schedule.
   */
  private processPodOnNode(key: string, tolerations: KObject['spec']['tolerations'], taints: Taint[]): void {
    const now = this.now;
    if (!taints.length) this.cancelWorkWithEvent(key);
    const { ok, used } = matchingTolerations(taints, tolerations ?? []);
    if (!ok) {
      this.cancelWorkWithEvent(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationSeconds(used);
    if (min < 0) {
      this.cancelWorkWithEvent(key);
      return;
    }
    let start = now;
    const trigger = start + min * 1000;
    const scheduled = this.workers.get(key);
    if (scheduled && scheduled.timer !== undefined) {
      start = scheduled.createdAt;
      if (start + min * 1000 < trigger) return;
      this.cancelWorkWithEvent(key);
    }
    this.addWork(key, start, start + min * 1000);
  }

  /** TimedWorkerQueue.AddWork: ignored when an entry (pending or done) exists. */
  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    const w: Work = { createdAt, fireAt };
    this.workers.set(key, w);
    // createWorker: a deletion that is already due runs at once (no timer to cancel).
    if (fireAt <= this.now) this.queue.add(`d/${key}`);
    else w.timer = this.runtime.setTimer(this.name, fireAt, 'evict', key);
  }

  /** CancelWork, with the "Cancelling deletion" event only when a deletion was still pending. */
  private cancelWorkWithEvent(key: string): void {
    const w = this.workers.get(key);
    if (!w) return;
    this.workers.delete(key);
    if (w.timer === undefined) return;
    this.runtime.cancelTimer(w.timer);
    this.emit(key, `Cancelling deletion of Pod ${key}`);
  }

  private emit(key: string, message: string): void {
    const slash = key.indexOf('/');
    // The reference carries no uid (emitPodDeletionEvent builds it from the name alone).
    const ref = { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: key.slice(0, slash), name: key.slice(slash + 1) } } as unknown as KObject;
    this.recorder.event(ref, 'Normal', 'TaintManagerEviction', message, { component: TAINT_EVICTION_COMPONENT });
  }

  /** deletePodHandler: the event, then DisruptionTarget=True, then the deletion. */
  private deletePod(key: string): void {
    this.emit(key, `Marking for deletion Pod ${key}`);
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pod = this.store.get('Pod', ns, name);
    if (!pod) {
      this.workers.delete(key);
      return;
    }
    const conds: Array<Record<string, unknown>> = pod.status?.conditions ?? [];
    const cond = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    const old = conds.find((c) => c.type === 'DisruptionTarget');
    if (!old || old.status !== cond.status || old.reason !== cond.reason || old.message !== cond.message) {
      const next = clone(pod);
      const list = conds.filter((c) => c.type !== 'DisruptionTarget').map((c) => clone(c));
      list.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: old && old.status === 'True' ? old.lastTransitionTime : rfc3339(this.now), reason: cond.reason, message: cond.message });
      next.status = { ...(next.status ?? {}), conditions: list };
      try {
        this.store.updateStatus(next);
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
    try {
      this.store.delete('Pod', ns, name);
    } catch (e) {
      if (!isApiError(e)) throw e;
      this.workers.delete(key);
    }
  }

  /** Scheduled and done deletions. */
  save(): TaintEvictionState {
    return { workers: [...this.workers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, w]) => [k, { ...w }]) };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    const s = raw as TaintEvictionState;
    this.workers = new Map(s.workers.map(([k, w]) => [k, { ...w }]));
  }
}
