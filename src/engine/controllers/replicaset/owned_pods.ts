/**
 * The ReplicaSet controller's incremental view of the pods one ReplicaSet controls.
 *
 * Upstream lists the pods of a ReplicaSet on every sync, which is fine when informers run in
 * parallel goroutines but costs O(replicas) per sync here: a 10,000-replica ReplicaSet whose
 * pods turn Ready at a thousand different instants would walk 10,000 pods a thousand times.
 * Instead, each pod the ReplicaSet controls is reduced to a few facts (active, matching the
 * selector, carrying all the template labels, ready and since when) and the counts the status
 * needs are kept up to date from the pods that changed since the last sync (the watch handler
 * notes their names). A cache is rebuilt from the store's `controller` index when what the facts
 * derive from changes (the selector or the template's labels; not on every generation: the
 * Deployment controller scales a ReplicaSet thousands of times in a rollout, and a rebuild per
 * scale would walk every pod each time) and after a snapshot restore, so it is derived state
 * only; in verification mode (tests) every sync compares it with a rebuild.
 *
 * A scale-down ranks the pods by ActivePodsWithRanks. The facts carry the fields it compares, and
 * each view counts its active pods per node and keeps its common pods (assigned, Running, ready,
 * no deletion cost: nearly all of them) per node, newest ready first, with the numbers the order
 * compares in a typed array; so a scale-down reads no pod object, visits the nodes by rank, and
 * settles most pods from those numbers without touching their facts (selectForDeletion). Before,
 * each of the thousands of scale-downs of a 10,000-replica rollout sorted every pod (with
 * O(pods) ranking): most of the 494 s the rollout took.
 */
import type { KObject } from '../../api/types';
import { type Selector, matches } from '../../api/labels';
import { isPodReady, podCondition } from '../../api/podutil';
import { parseTime } from '../../api/time';
import { DeletionSelection, type RankKey, SCREEN_BEHIND, SCREEN_OLDER, cmpRankPrefix, isPodActive, maxContainerRestarts, phaseOrdinal, podDeletionCost } from '../controller_utils';

/**
 * Small integers for node names, shared by all views, so that per-node counts are arrays. Only
 * a lookup aid: nothing depends on the numbers, so it needs no snapshot.
 */
const nodeIds = new Map<string, number>();
const nodeNames: string[] = [];
/** Every node id, in node name order (a canonical order, whatever order the ids were made in). */
const nodesByName: number[] = [];

/** How many node ids exist (the length per-node count arrays need). */
export function nodeIdCount(): number {
  return nodeIds.size;
}

function nodeId(name: string): number {
  let id = nodeIds.get(name);
  if (id === undefined) {
    nodeIds.set(name, (id = nodeIds.size));
    nodeNames.push(name);
    let lo = 0;
    let hi = nodesByName.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nodeNames[nodesByName[mid]] < name) lo = mid + 1;
      else hi = mid;
    }
    nodesByName.splice(lo, 0, id);
  }
  return id;
}

/**
 * What the controller needs to know about one pod it controls: the counts' inputs and the fields
 * the scale-down order (ActivePodsWithRanks) compares. `rank` is scratch space for a scale-down.
 */
export interface PodFacts extends RankKey {
  /** Neither Succeeded nor Failed nor being deleted (controller.IsPodActive). */
  active: boolean;
  /** Matches the owner's selector (else it is released). */
  matches: boolean;
  /** Carries every label of the owner's pod template. */
  fullyLabeled: boolean;
  /** spec.nodeName, '' when unassigned. */
  node: string;
  /** The node's number in the shared node id table. */
  nodeIdx: number;
  /** The UID's first 8 hex digits as a number (same order as the strings), NaN for another form. */
  uidKey: number;
  /** Scratch of the scale-down order: age ranks and the ages (ns) they hold for (see AgeRanks). */
  readyRank: number | undefined;
  readyLo: number;
  readyHi: number;
  createdRank: number | undefined;
  createdLo: number;
  createdHi: number;
}

/** The first 8 hex digits of a UID as a number, or NaN (numbers compare as the strings do). */
function uidKeyOf(uid: string | undefined): number {
  return uid && /^[0-9a-f]{8}/.test(uid) ? parseInt(uid.slice(0, 8), 16) : NaN;
}

/** Reduces a pod to its facts for an owner with `selector` and pod template labels `templateLabels`. */
export function podFacts(pod: KObject, selector: Selector, templateLabels: Record<string, string>): PodFacts {
  const labels = pod.metadata.labels ?? {};
  let fullyLabeled = true;
  for (const k in templateLabels) {
    if (labels[k] !== templateLabels[k]) {
      fullyLabeled = false;
      break;
    }
  }
  const ready = isPodReady(pod);
  const node: string = pod.spec?.nodeName ?? '';
  return {
    active: isPodActive(pod),
    matches: selector.length > 0 && matches(selector, labels),
    fullyLabeled,
    node,
    nodeIdx: nodeId(node),
    uidKey: uidKeyOf(pod.metadata.uid),
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    assigned: !!node,
    phase: phaseOrdinal(pod),
    ready,
    cost: podDeletionCost(pod),
    rank: 0,
    readySinceMs: ready ? parseTime(podCondition(pod, 'Ready')?.lastTransitionTime) : NaN,
    restarts: maxContainerRestarts(pod),
    createdMs: parseTime(pod.metadata.creationTimestamp),
    readyRank: undefined,
    readyLo: 0,
    readyHi: 0,
    createdRank: undefined,
    createdLo: 0,
    createdHi: 0,
  };
}

/** The status counts of a ReplicaSet (over its active pods that match its selector). */
export interface ReplicaCounts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** When the next ready pod becomes available (ms), if any is still waiting. */
  nextAvailableAtMs?: number;
}

const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

const byName = (a: PodFacts, b: PodFacts): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Whether a pod is in the common group of the scale-down order: assigned, Running, ready, no
 * deletion cost. ActivePodsWithRanks compares these fields before the rank, so among such pods
 * the rank (the node's) decides first; the others are few and are kept apart.
 */
function isCommon(f: PodFacts): boolean {
  return f.assigned && f.phase === 2 && f.ready && f.cost === 0;
}

/** The prefix of the scale-down order that a common pod on a node of rank `rank` has. */
const commonKey = (rank: number): RankKey => ({ name: '', uid: '', assigned: true, phase: 2, ready: true, cost: 0, rank, readySinceMs: NaN, restarts: 0, createdMs: NaN });

/**
 * The order of the common pods of one node: newest ready first (a ready pod without a ready time
 * counts as the newest, as ActivePodsWithRanks has it), then by name. A scale-down takes the
 * newest ready first, so it can stop reading a node's list at the first pod that is older (by
 * the log2 age rank) than every pod it has already picked.
 */
function byReadyThenName(a: PodFacts, b: PodFacts): number {
  const ta = a.readySinceMs;
  const tb = b.readySinceMs;
  if (ta !== tb && !(ta !== ta && tb !== tb)) {
    if (ta !== ta) return -1;
    if (tb !== tb) return 1;
    return tb - ta;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Scratch of selectForDeletion: where each rank's node ids start, and the node ids by rank. */
let rankStart = new Int32Array(64);
let sortedNodes = new Int32Array(1024);

/**
 * The common pods of one node in byReadyThenName order, with the numbers a scale-down screens
 * them by (ready time, UID key, restarts, creation time: NODE_STRIDE per pod) side by side in one
 * typed array, so that most pods are passed over without touching their facts objects.
 */
interface NodePods {
  facts: PodFacts[];
  /** Per pod: ready time, UID key, restarts, creation time. */
  data: Float64Array;
  name: string[];
}

/** Numbers per pod in NodePods.data. */
const NODE_STRIDE = 4;

function newNodePods(): NodePods {
  return { facts: [], data: new Float64Array(8 * NODE_STRIDE), name: [] };
}

/** Inserts `f` into a node's list of common pods (see byReadyThenName). */
function insertInOrder(list: NodePods, f: PodFacts): void {
  const facts = list.facts;
  let lo = 0;
  let hi = facts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byReadyThenName(facts[mid], f) < 0) lo = mid + 1;
    else hi = mid;
  }
  const n = facts.length;
  if ((n + 1) * NODE_STRIDE > list.data.length) {
    const grown = new Float64Array(2 * list.data.length);
    grown.set(list.data);
    list.data = grown;
  }
  const d = list.data;
  d.copyWithin((lo + 1) * NODE_STRIDE, lo * NODE_STRIDE, n * NODE_STRIDE);
  const at = lo * NODE_STRIDE;
  d[at] = f.readySinceMs;
  d[at + 1] = f.uidKey;
  d[at + 2] = f.restarts;
  d[at + 3] = f.createdMs;
  facts.splice(lo, 0, f);
  list.name.splice(lo, 0, f.name);
}

/** Removes `f` from a node's list of common pods. */
function removeFrom(list: NodePods, f: PodFacts): void {
  const i = list.facts.indexOf(f);
  const n = list.facts.length;
  list.data.copyWithin(i * NODE_STRIDE, (i + 1) * NODE_STRIDE, n * NODE_STRIDE);
  list.facts.splice(i, 1);
  list.name.splice(i, 1);
}

/**
 * The pods one owner controls, as facts, with running totals: the status counts, the active pods
 * per node (the ranks of a scale-down of a related owner), and the active pods grouped for a
 * scale-down of this owner: common ones (see isCommon) per node, newest ready first, the rest apart.
 */
export class OwnedPods {
  /** Pod name -> facts, for every pod whose controller reference names the owner. */
  readonly pods = new Map<string, PodFacts>();
  /** Active pods that match the selector: upstream's `filteredPods` after claiming. */
  active = 0;
  fullyLabeled = 0;
  ready = 0;
  /** Active pods that stopped matching the selector: to be released. */
  readonly nonMatching = new Set<string>();
  /** Node id (see nodeId; '' for none has one too) -> active matching pods on it. */
  onNode = new Int32Array(16);
  /** Node id -> the active matching common pods on it, newest ready first (see byReadyThenName). */
  private readonly common: Array<NodePods | undefined> = [];
  /** How many nodes have a list in `common`. */
  private commonNodes = 0;
  /** The active matching pods that are not common. */
  private readonly uncommon = new Set<PodFacts>();

  /**
   * An empty view for the owner `uid`; `signature` identifies what the facts were derived with
   * (the owner's selector and template labels): a view with another signature is rebuilt.
   */
  constructor(
    readonly uid: string,
    readonly signature: string | number,
  ) {}

  /**
   * Records a pod's new facts (undefined: it is gone or no longer controlled by the owner). The
   * view keeps one facts object per pod: new facts are copied into it.
   */
  set(name: string, facts: PodFacts | undefined): void {
    const old = this.pods.get(name);
    if (old) this.account(name, old, -1);
    if (facts && old) {
      Object.assign(old, facts);
      this.account(name, old, 1);
    } else if (facts) {
      this.pods.set(name, facts);
      this.account(name, facts, 1);
    } else if (old) {
      this.pods.delete(name);
    }
  }

  private account(name: string, f: PodFacts, sign: 1 | -1): void {
    if (!f.active) return;
    if (!f.matches) {
      if (sign > 0) this.nonMatching.add(name);
      else this.nonMatching.delete(name);
      return;
    }
    this.active += sign;
    if (f.fullyLabeled) this.fullyLabeled += sign;
    if (f.ready) this.ready += sign;
    if (f.nodeIdx >= this.onNode.length) {
      const grown = new Int32Array(Math.max(2 * this.onNode.length, f.nodeIdx + 1));
      grown.set(this.onNode);
      this.onNode = grown;
    }
    this.onNode[f.nodeIdx] += sign;
    if (!isCommon(f)) {
      if (sign > 0) this.uncommon.add(f);
      else this.uncommon.delete(f);
      return;
    }
    let list = this.common[f.nodeIdx];
    if (sign > 0) {
      if (!list) {
        while (this.common.length <= f.nodeIdx) this.common.push(undefined);
        this.common[f.nodeIdx] = list = newNodePods();
        this.commonNodes++;
      }
      insertInOrder(list, f);
    } else if (list) {
      removeFrom(list, f);
      if (!list.facts.length) {
        this.common[f.nodeIdx] = undefined;
        this.commonNodes--;
      }
    }
  }

  /** Facts of the active matching pods, in name order. */
  activeFacts(): PodFacts[] {
    const out = [...this.uncommon];
    for (const list of this.common) if (list) out.push(...list.facts);
    return out.sort(byName);
  }

  /** Names of the active matching pods, sorted. */
  activeNames(): string[] {
    return this.activeFacts().map((f) => f.name);
  }

  /**
   * getPodsToDelete over the active matching pods: the `diff` to delete first, in deletion order
   * (see DeletionSelection), each ranked by `perNode` (active related pods per node id, from
   * relatedPods); all of them, in name order, when diff reaches their number. No pod object is
   * read, and not every pod is looked at: the candidates are offered in a fixed order (the
   * uncommon ones that go before the common ones, in name order; then the common ones by node
   * rank, highest first, nodes in name order, each node's newest ready first, then by name; then
   * the other uncommon ones); every lower rank is skipped once a rank cannot compete, and each
   * common pod is first screened from its numbers (DeletionSelection.screenReady), which settles
   * exactly what offer() would reject, and the rest of a node's list once one is older by the
   * log2 age rank of its ready time. Where the order is transitive this picks exactly what sorting
   * all does; where it is not, the fixed order makes the answer deterministic.
   */
  selectForDeletion(diff: number, nowMs: number, perNode: () => ArrayLike<number>): PodFacts[] {
    if (diff >= this.active) return this.activeFacts();
    const ranks = perNode();
    const sel = new DeletionSelection<PodFacts>(diff, nowMs);
    const uncommon = [...this.uncommon].sort(byName);
    for (const f of uncommon) f.rank = ranks[f.nodeIdx] ?? 0;
    const probe = commonKey(0);
    const after: PodFacts[] = [];
    for (const f of uncommon) {
      if (cmpRankPrefix(f, probe) < 0) sel.offer(f);
      else after.push(f);
    }
    // Common pods by node rank, highest first, nodes in name order: a counting sort of the node
    // ids into a scratch array (no allocation per scale-down).
    const common = this.common;
    let top = -1;
    let n = 0;
    for (const id of nodesByName) {
      if (!common[id]) continue;
      const r = ranks[id] ?? 0;
      if (r > top) top = r;
      n++;
    }
    if (rankStart.length < top + 2) rankStart = new Int32Array(2 * (top + 2));
    if (sortedNodes.length < n) sortedNodes = new Int32Array(2 * n);
    const start = rankStart.fill(0, 0, top + 2);
    for (const id of nodesByName) if (common[id]) start[top - (ranks[id] ?? 0) + 1]++;
    for (let i = 1; i <= top + 1; i++) start[i] += start[i - 1];
    for (const id of nodesByName) if (common[id]) sortedNodes[start[top - (ranks[id] ?? 0)]++] = id;
    // start[k] is now the end of the nodes of rank top - k.
    for (let k = 0, i = 0; k <= top; k++) {
      const end = start[k];
      if (i === end) continue;
      const r = top - k;
      const key = commonKey(r);
      if (sel.settledBefore(key)) break;
      for (; i < end; i++) {
        // Screened from the plain numbers: most pods are passed over without touching their facts.
        const { facts, data, name } = common[sortedNodes[i]]!;
        for (let j = 0, at = 0; j < facts.length; j++, at += NODE_STRIDE) {
          const verdict = sel.screenReady(key, data[at], data[at + 1], data[at + 2], data[at + 3], name[j]);
          if (verdict === SCREEN_OLDER) break;
          if (verdict === SCREEN_BEHIND) continue;
          const f = facts[j];
          f.rank = r;
          sel.offer(f);
        }
      }
    }
    for (const f of after) sel.offer(f);
    return sel.result();
  }

  /**
   * The counts at `nowMs`: with minReadySeconds 0 every ready pod is available; otherwise a pod
   * is available once Ready for minReadySeconds (podutil.IsPodAvailable), which takes one pass
   * over the facts (not over the pods).
   */
  counts(minReadySeconds: number, nowMs: number): ReplicaCounts {
    const out: ReplicaCounts = { replicas: this.active, fullyLabeledReplicas: this.fullyLabeled, readyReplicas: this.ready, availableReplicas: this.ready };
    if (!minReadySeconds) return out;
    let available = 0;
    let next = Infinity;
    for (const f of this.pods.values()) {
      if (!f.active || !f.matches || !f.ready) continue;
      const at = f.readySinceMs + minReadySeconds * 1000;
      if (at <= nowMs) available++;
      else if (at < next) next = at;
    }
    out.availableReplicas = available;
    if (next !== Infinity) out.nextAvailableAtMs = next;
    return out;
  }

  /** Whether two views hold the same facts and totals (verification mode). */
  sameAs(other: OwnedPods): boolean {
    if (this.active !== other.active || this.fullyLabeled !== other.fullyLabeled || this.ready !== other.ready) return false;
    if (this.pods.size !== other.pods.size || this.nonMatching.size !== other.nonMatching.size) return false;
    for (const [name, f] of this.pods) {
      const g = other.pods.get(name);
      if (!g || g.active !== f.active || g.matches !== f.matches || g.fullyLabeled !== f.fullyLabeled || g.ready !== f.ready) return false;
      if (g.node !== f.node || g.nodeIdx !== f.nodeIdx || !sameNumber(g.uidKey, f.uidKey) || g.uid !== f.uid || g.phase !== f.phase || g.cost !== f.cost || g.restarts !== f.restarts) return false;
      if (!(g.createdMs === f.createdMs || (Number.isNaN(g.createdMs) && Number.isNaN(f.createdMs)))) return false;
      if (!(g.readySinceMs === f.readySinceMs || (Number.isNaN(g.readySinceMs) && Number.isNaN(f.readySinceMs)))) return false;
    }
    for (const n of this.nonMatching) if (!other.nonMatching.has(n)) return false;
    for (let i = 0; i < Math.max(this.onNode.length, other.onNode.length); i++) if ((this.onNode[i] ?? 0) !== (other.onNode[i] ?? 0)) return false;
    if (this.uncommon.size !== other.uncommon.size || this.commonNodes !== other.commonNodes) return false;
    for (const f of this.uncommon) if (other.pods.get(f.name) === undefined || !other.uncommon.has(other.pods.get(f.name)!)) return false;
    for (let id = 0; id < this.common.length; id++) {
      const list = this.common[id];
      if (!list) continue;
      const theirs = other.common[id];
      if (!theirs || theirs.facts.length !== list.facts.length || list.facts.some((f, i) => theirs.facts[i].name !== f.name)) return false;
      const d = list.data;
      const k = NODE_STRIDE;
      if (list.facts.some((f, i) => !sameNumber(d[i * k], f.readySinceMs) || !sameNumber(d[i * k + 1], f.uidKey) || d[i * k + 2] !== f.restarts || !sameNumber(d[i * k + 3], f.createdMs) || list.name[i] !== f.name)) return false;
    }
    return true;
  }
}
