/**
 * The DaemonSet controller's incremental view of one DaemonSet: per node, whether the daemon
 * should run there and which of its pods are there, with the status totals kept up to date.
 *
 * Upstream walks every node and every daemon pod on each sync. With 1,000 nodes whose kube-proxy
 * pods each change state at their own instant that is a million node checks; here a sync only
 * revisits the nodes whose node object or daemon pods changed since the last one (the watch
 * handlers note them), and manage() only looks at the nodes where something must be created or
 * deleted. The view is rebuilt from the store when the DaemonSet's generation, template
 * generation or collision count moves, and after a snapshot restore (it is derived state); in
 * verification mode every sync compares it with a rebuild.
 */
import type { KObject } from '../../api/types';
import { type Selector, matches } from '../../api/labels';
import { isPodReady, podAvailableAt } from '../../api/podutil';
import { type ShouldRun, comparePodsByCreationTimestampAndPhase, getTargetNodeName, isPodUpdated, nodeShouldRunDaemonPodWith } from './util';
import type { ApiStore } from '../../store/store';

/** What one node contributes to the status, and whether manage() has work there. */
interface NodeEntry {
  exists: boolean;
  run: ShouldRun;
  /** Claimed daemon pods meant for this node (terminal pods being deleted left out). */
  pods: Set<string>;
  desired: number;
  current: number;
  misscheduled: number;
  ready: number;
  updated: number;
  /** When the oldest pod became available (ms), for a node that counts it as ready. */
  availableAtMs: number;
  /** manage() would create or delete a pod here. */
  needsAction: boolean;
}

/** The status totals of a DaemonSet, before numberAvailable (which depends on the time). */
export interface DaemonTotals {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
}

/** Everything that, when it changes, invalidates a view (besides the uid). */
export function daemonViewSignature(ds: KObject, hash: string, generation: number | undefined): string {
  return `${ds.metadata.generation ?? 0}|${generation ?? ''}|${hash}`;
}

/** The per-node view of one DaemonSet. */
export class DaemonView {
  /** Node name -> entry (also for nodes that no longer exist but still have daemon pods). */
  readonly nodes = new Map<string, NodeEntry>();
  /** Claimed pod name -> the node it is for. */
  readonly podNode = new Map<string, string>();
  /** Controlled pods that stopped matching the selector: to be released. */
  readonly nonMatching = new Set<string>();
  /** Nodes that need a recount at the next sync. */
  readonly dirtyNodes = new Set<string>();
  /** Pods that changed since the last sync. */
  readonly dirtyPods = new Set<string>();
  private totals: DaemonTotals = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0 };

  /** An empty view; `spec` is the daemon pod spec (tolerations added) shared by every node check. */
  constructor(
    readonly ds: KObject,
    readonly signature: string,
    private readonly selector: Selector,
    private readonly spec: Record<string, any>,
    private readonly hash: string,
    private readonly generation: number | undefined,
  ) {}

  /** A view built from the store: every node, every pod the DaemonSet controls. */
  static build(store: ApiStore, ds: KObject, selector: Selector, spec: Record<string, any>, hash: string, generation: number | undefined): DaemonView {
    const v = new DaemonView(ds, daemonViewSignature(ds, hash, generation), selector, spec, hash, generation);
    for (const node of store.list('Node')) v.dirtyNodes.add(node.metadata.name);
    for (const pod of store.byIndex('Pod', 'controller', ds.metadata.uid)) v.dirtyPods.add(pod.metadata.name);
    v.refresh(store);
    return v;
  }

  /** Whether the daemon should run on a node (using the shared daemon pod spec). */
  shouldRun(node: KObject): ShouldRun {
    return nodeShouldRunDaemonPodWith(node, this.ds, this.spec);
  }

  /** Folds the noted pod and node changes into the view. */
  refresh(store: ApiStore): void {
    const uid = this.ds.metadata.uid;
    const ns = this.ds.metadata.namespace;
    for (const name of this.dirtyPods) {
      const before = this.podNode.get(name);
      const pod = store.get('Pod', ns, name);
      let after: string | undefined;
      this.nonMatching.delete(name);
      if (pod && pod.metadata.ownerReferences?.some((r: { uid: string; controller?: boolean }) => r.controller && r.uid === uid)) {
        if (!matches(this.selector, pod.metadata.labels)) this.nonMatching.add(name);
        else {
          const phase = pod.status?.phase;
          const terminalDeleted = (phase === 'Succeeded' || phase === 'Failed') && !!pod.metadata.deletionTimestamp;
          if (!terminalDeleted) after = getTargetNodeName(pod);
        }
      }
      if (before !== undefined && before !== after) {
        this.nodes.get(before)?.pods.delete(name);
        this.dirtyNodes.add(before);
      }
      if (after !== undefined) {
        this.podNode.set(name, after);
        this.entry(after).pods.add(name);
        this.dirtyNodes.add(after);
      } else this.podNode.delete(name);
    }
    this.dirtyPods.clear();
    for (const name of this.dirtyNodes) this.recount(store, name);
    this.dirtyNodes.clear();
  }

  private entry(name: string): NodeEntry {
    let e = this.nodes.get(name);
    if (!e) {
      e = {
        exists: false,
        run: { shouldRun: false, shouldContinueRunning: false },
        pods: new Set(),
        desired: 0,
        current: 0,
        misscheduled: 0,
        ready: 0,
        updated: 0,
        availableAtMs: NaN,
        needsAction: false,
      };
      this.nodes.set(name, e);
    }
    return e;
  }

  private add(e: NodeEntry, sign: 1 | -1): void {
    const t = this.totals;
    t.desiredNumberScheduled += sign * e.desired;
    t.currentNumberScheduled += sign * e.current;
    t.numberMisscheduled += sign * e.misscheduled;
    t.numberReady += sign * e.ready;
    t.updatedNumberScheduled += sign * e.updated;
  }

  /** Recomputes one node's decision, contribution and pending work (updateDaemonSetStatus, per node). */
  private recount(store: ApiStore, name: string): void {
    const e = this.entry(name);
    this.add(e, -1);
    const node = store.get('Node', undefined, name);
    e.exists = !!node;
    e.run = node ? this.shouldRun(node) : { shouldRun: false, shouldContinueRunning: false };
    const pods = [...e.pods].map((n) => store.get('Pod', this.ds.metadata.namespace, n)).filter((p): p is KObject => !!p);
    e.desired = e.current = e.misscheduled = e.ready = e.updated = 0;
    e.availableAtMs = NaN;
    if (e.exists) {
      if (e.run.shouldRun) {
        e.desired = 1;
        if (pods.length) {
          e.current = 1;
          const oldest = pods.length > 1 ? [...pods].sort(comparePodsByCreationTimestampAndPhase)[0] : pods[0];
          if (isPodReady(oldest)) {
            e.ready = 1;
            e.availableAtMs = podAvailableAt(oldest, 0) ?? NaN;
          }
          if (isPodUpdated(oldest, this.hash, this.generation)) e.updated = 1;
        }
      } else if (pods.length) e.misscheduled = 1;
    }
    e.needsAction = needsAction(e, pods);
    this.add(e, 1);
    if (!e.exists && !e.pods.size) this.nodes.delete(name);
  }

  /** The status totals. */
  counts(): DaemonTotals {
    return { ...this.totals };
  }

  /**
   * numberAvailable at `nowMs` and when the next ready pod becomes available: with
   * minReadySeconds 0 every ready pod counts; otherwise one pass over the nodes.
   */
  available(minReadySeconds: number, nowMs: number): { available: number; nextAtMs?: number } {
    if (!minReadySeconds) return { available: this.totals.numberReady };
    let available = 0;
    let next = Infinity;
    for (const e of this.nodes.values()) {
      if (!e.ready) continue;
      const at = e.availableAtMs + minReadySeconds * 1000;
      if (at <= nowMs) available++;
      else if (at < next) next = at;
    }
    return next === Infinity ? { available } : { available, nextAtMs: next };
  }

  /** Names of the nodes where manage() has something to do, sorted. */
  pendingNodes(): string[] {
    const out: string[] = [];
    for (const [name, e] of this.nodes) if (e.needsAction) out.push(name);
    return out.sort();
  }

  /** The node entry of a name (exists, decision, pods). */
  node(name: string): { exists: boolean; run: ShouldRun; pods: string[] } | undefined {
    const e = this.nodes.get(name);
    return e && { exists: e.exists, run: e.run, pods: [...e.pods].sort() };
  }

  /** Every node that should run the daemon or has daemon pods, sorted by name. */
  entries(): Array<{ name: string; exists: boolean; run: ShouldRun; pods: string[] }> {
    const out: Array<{ name: string; exists: boolean; run: ShouldRun; pods: string[] }> = [];
    for (const [name, e] of this.nodes) {
      if (!(e.exists && e.run.shouldRun) && !e.pods.size) continue;
      out.push({ name, exists: e.exists, run: e.run, pods: [...e.pods].sort() });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Whether two views agree (verification mode). */
  sameAs(o: DaemonView): boolean {
    const a = this.counts();
    const b = o.counts();
    if (JSON.stringify(a) !== JSON.stringify(b)) return false;
    if (this.nodes.size !== o.nodes.size || this.nonMatching.size !== o.nonMatching.size) return false;
    for (const n of this.nonMatching) if (!o.nonMatching.has(n)) return false;
    for (const [name, e] of this.nodes) {
      const f = o.nodes.get(name);
      if (!f || f.exists !== e.exists || f.needsAction !== e.needsAction || f.run.shouldRun !== e.run.shouldRun || f.run.shouldContinueRunning !== e.run.shouldContinueRunning) return false;
      if (f.pods.size !== e.pods.size || [...e.pods].some((p) => !f.pods.has(p))) return false;
      if (!(f.availableAtMs === e.availableAtMs || (Number.isNaN(f.availableAtMs) && Number.isNaN(e.availableAtMs)))) return false;
    }
    return true;
  }
}

/** Whether manage() would create or delete a daemon pod on a node (podsShouldBeOnNode, without side effects). */
function needsAction(e: NodeEntry, pods: KObject[]): boolean {
  if (!e.exists) return pods.some((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp);
  if (e.run.shouldRun && !pods.length) return true;
  if (e.run.shouldContinueRunning) {
    let running = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      const phase = p.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') return true;
      running++;
    }
    return running > 1;
  }
  return pods.some((p) => !p.metadata.deletionTimestamp);
}
