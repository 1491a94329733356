/**
 * Helpers shared by the workload controllers, re-expressed from Kubernetes'
 * pkg/controller/controller_utils.go and controller_ref_manager.go (v1.32): expectations,
 * slow-start batching, the scale-down preference order (ActivePodsWithRanks), pods built from a
 * template, controllerRef adoption and release, and the template hash (ComputeHash).
 *
 * Everything here is deterministic: time comes in as an argument, never from a clock.
 */
import type { ApiStore } from '../store/store';
import type { EventRecorder } from '../client/events';
import { type KObject, type NewObject, type OwnerReference, controllerRef } from '../api/types';
import { type Selector, matches } from '../api/labels';
import { isApiError } from '../api/errors';
import { isPodReady, podCondition } from '../api/podutil';
import { parseTime, rfc3339 } from '../api/time';
import { clone } from '../sim/dev';

// ------------------------------------------------------------------------------------------------
// Constants

/** controller.SlowStartInitialBatchSize: the first batch of a slow start creates one pod. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** The ReplicaSet/ReplicationController controllers' burstReplicas: at most 500 creations or deletions per sync. */
export const RS_BURST_REPLICAS = 500;
/** The DaemonSet controller's BurstReplicas: at most 250 creations or deletions per sync. */
export const DS_BURST_REPLICAS = 250;
/** controller.ExpectationsTimeout: expectations not met after 5 minutes no longer block a sync. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

/** Event reason when a controller fails to create a pod (also the ReplicaFailure condition reason). */
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
/** Event reason when a controller created a pod. */
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
/** Event reason when a controller fails to delete a pod. */
export const FAILED_DELETE_POD_REASON = 'FailedDelete';
/** Event reason when a controller deleted a pod. */
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';

/** The annotation that ranks pods for scale-down (core.PodDeletionCost). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

// ------------------------------------------------------------------------------------------------
// Expectations

interface Expectation {
  add: number;
  del: number;
  /** ms when set; expectations older than EXPECTATIONS_TIMEOUT_MS are treated as met. */
  timestamp: number;
  /** Keys (`ns/name`) of the pods whose deletion is expected (UIDTrackingControllerExpectations). */
  deleteKeys: string[];
}

/** The serialisable form of ControllerExpectations. */
export type ExpectationsState = Array<[string, Expectation]>;

/**
 * ControllerExpectations with UID-tracked deletions (UIDTrackingControllerExpectations): what a
 * controller expects to observe before it syncs a key again. A deletion counts once, whether it
 * is seen as the deletionTimestamp being set or as the object disappearing.
 *
 * In Podium watch handlers run inside the write, so expectations are normally met as soon as the
 * writes of a sync return; they still matter when a write fails and for fidelity of the flow.
 */
export class ControllerExpectations {
  private exp = new Map<string, Expectation>();

  /** Creates an empty store reading the simulated time from `now`. */
  constructor(private readonly now: () => number) {}

  /** Whether the controller may sync `key`: nothing expected, all observed, or expired. */
  satisfiedExpectations(key: string): boolean {
    const e = this.exp.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Sets the expectations of a key: `add` creations and the deletion of the pods `deleteKeys`. */
  setExpectations(key: string, add: number, deleteKeys: string[] = []): void {
    const keys = [...new Set(deleteKeys)];
    this.exp.set(key, { add, del: keys.length, timestamp: this.now(), deleteKeys: keys });
  }

  /** Expects `adds` creations (replaces earlier expectations of the key). */
  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, []);
  }

  /** Expects the deletion of the pods with these `ns/name` keys. */
  expectDeletions(key: string, podKeys: string[]): void {
    this.setExpectations(key, 0, podKeys);
  }

  /** Lowers the expected creations and deletions (skipped or failed writes). */
  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.exp.get(key);
    if (!e) return;
    e.add -= add;
    e.del -= del;
  }

  /** A pod the controller created was observed (or its creation failed). */
  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  /** A pod with this `ns/name` key was observed being deleted; counts once per expected pod. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.exp.get(key);
    if (!e) return;
    const i = e.deleteKeys.indexOf(podKey);
    if (i < 0) return;
    e.deleteKeys.splice(i, 1);
    e.del -= 1;
  }

  /** Forgets a key (its controller was deleted). */
  deleteExpectations(key: string): void {
    this.exp.delete(key);
  }

  /** The raw counters of a key, for tests and debugging. */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.exp.get(key);
    return e && { add: e.add, del: e.del };
  }

  /** Snapshot state (only keys with something outstanding). */
  save(): ExpectationsState {
    return [...this.exp.entries()].filter(([, e]) => e.add > 0 || e.del > 0).map(([k, e]) => [k, clone(e)]);
  }

  /** Restores what save() produced. */
  load(state: ExpectationsState | undefined): void {
    this.exp = new Map((state ?? []).map(([k, e]) => [k, clone(e)]));
  }
}

// ------------------------------------------------------------------------------------------------
// Slow start

/** What slowStartBatch did. */
export interface SlowStartResult {
  successes: number;
  /** The first error of the batch that failed, if any. */
  error?: unknown;
}

/**
 * Calls `fn` `count` times in batches of 1, 2, 4, 8, ... (starting at `initialBatchSize`),
 * stopping after the first batch in which a call threw (replica_set.go slowStartBatch). Every
 * call of a batch runs even when an earlier one of the same batch failed, as the goroutines of a
 * batch do upstream. Example: count 10 with the 3rd call failing runs batches 1 and 2 (3 calls,
 * 2 successes) and skips the other 7; with no failure the batches are 1, 2, 4, 3.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => void): SlowStartResult {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: unknown;
    let failed = false;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        successes++;
      } catch (e) {
        if (!failed) firstError = e;
        failed = true;
      }
    }
    if (failed) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

/** The batch sizes slowStartBatch uses for `count` calls that all succeed (for tests and docs). */
export function slowStartBatchSizes(count: number, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const out: number[] = [];
  let remaining = count;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    out.push(batch);
    remaining -= batch;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Pod predicates and the scale-down order

/** controller.IsPodActive: neither Succeeded nor Failed, and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** `namespace/name` of a pod (controller.PodKey). */
export function podKey(pod: KObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** podPhaseToOrdinal: Pending < Unknown < Running; any other phase counts as Pending (Go's zero value). */
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** podPhaseToOrdinal of a pod. */
export function phaseOrdinal(pod: KObject): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

/**
 * The pod-deletion-cost annotation as an int32 (helper.GetDeletionCostFromPodAnnotations): 0 when
 * absent or invalid. "+10" and "008" are invalid (the first character must be '-', '1'-'9', or the
 * value exactly "0"), as are values outside the int32 range.
 */
export function podDeletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || v === '') return 0;
  if (!(v[0] === '-' || v === '0' || (v[0] >= '1' && v[0] <= '9'))) return 0;
  if (!/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** The highest restartCount of the pod's containers (maxContainerRestarts). */
export function maxContainerRestarts(pod: KObject): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) if ((c.restartCount ?? 0) > max) max = c.restartCount;
  return max;
}

/** When the pod became Ready (ms), or NaN when it is not ready (podReadyTime's zero time). */
export function podReadyTime(pod: KObject): number {
  if (!isPodReady(pod)) return NaN;
  return parseTime(podCondition(pod, 'Ready')?.lastTransitionTime);
}

/** afterOrZero: t1 after t2, where a zero (NaN) time counts as after any real one. */
function afterOrZero(t1: number, t2: number): boolean {
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1);
  return t1 > t2;
}

/**
 * logarithmicRankDiff: the difference of floor(log2(age in nanoseconds)) of two times, so that
 * ages within the same power of two compare equal. Example, now = 10:00:00: a pod created at
 * 09:59:00 is 60 s old (6e10 ns, log2 = 35.8, rank 35) and one created at 09:59:30 is 30 s old
 * (3e10 ns, rank 34): they differ. Pods 40 s and 50 s old both have rank 35 and tie.
 */
export function logarithmicRankDiff(t1Ms: number, t2Ms: number, nowMs: number): number {
  const d1 = (nowMs - t1Ms) * 1e6;
  const d2 = (nowMs - t2Ms) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/**
 * ActivePodsWithRanks.Less (controller_utils.go, v1.32 with LogarithmicScaleDown and
 * PodDeletionCost on): true when pod `a` (rank `ra`) should be deleted before pod `b` (rank `rb`).
 *  1. unassigned before assigned;
 *  2. Pending before Unknown before Running;
 *  3. not ready before ready;
 *  4. lower pod-deletion-cost first;
 *  5. higher rank first (more active related pods on the same node: doubled-up pods go first);
 *  6. both ready: ready for a shorter time first (log2 scale, ties broken by UID);
 *  7. more container restarts first;
 *  8. newer first (log2 scale of the age, ties broken by UID).
 */
export function activePodsWithRanksLess(a: KObject, b: KObject, ra: number, rb: number, nowMs: number): boolean {
  return lessRankKeys(rankKey(a, ra), rankKey(b, rb), nowMs);
}

/** The fields ActivePodsWithRanks compares, read once per pod rather than once per comparison. */
export interface RankKey {
  name: string;
  uid: string;
  assigned: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  rank: number;
  /** When the pod turned Ready (ms), NaN when it is not ready. */
  readySinceMs: number;
  restarts: number;
  createdMs: number;
}

/** The RankKey of a pod with the given rank (ActivePodsWithRanks' fields, read once). */
export function rankKey(p: KObject, rank: number): RankKey {
  return {
    name: p.metadata.name,
    uid: p.metadata.uid,
    assigned: !!p.spec?.nodeName,
    phase: phaseOrdinal(p),
    ready: isPodReady(p),
    cost: podDeletionCost(p),
    rank,
    readySinceMs: podReadyTime(p),
    restarts: maxContainerRestarts(p),
    createdMs: parseTime(p.metadata.creationTimestamp),
  };
}

/** Compares two times on the logarithmic scale of their ages, a zero time counting as newest. */
function lessByAge(t1: number, t2: number, uid1: string, uid2: string, nowMs: number): boolean | undefined {
  if (t1 === t2 || (Number.isNaN(t1) && Number.isNaN(t2))) return undefined;
  if (Number.isNaN(t1) || Number.isNaN(t2)) return afterOrZero(t1, t2);
  const diff = logarithmicRankDiff(t1, t2, nowMs);
  if (diff === 0) return uid1 < uid2;
  return diff < 0;
}

/** ActivePodsWithRanks.Less over RankKeys: true when `a` should be deleted before `b`. */
export function lessRankKeys(a: RankKey, b: RankKey, nowMs: number): boolean {
  if (a.assigned !== b.assigned) return !a.assigned;
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.ready && b.ready) {
    const r = lessByAge(a.readySinceMs, b.readySinceMs, a.uid, b.uid, nowMs);
    if (r !== undefined) return r;
  }
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  return lessByAge(a.createdMs, b.createdMs, a.uid, b.uid, nowMs) ?? false;
}

/**
 * Sorts pods in the order they should be deleted (ActivePodsWithRanks). Go's sort is not
 * stable, so pods the order does not tell apart (same creation second, ...) come out in an
 * unspecified order upstream; here they keep the order of their names, so the result does not
 * depend on how the store happened to hold them (which a snapshot restore changes).
 */
export function sortActivePodsWithRanks(pods: readonly KObject[], ranks: readonly number[], nowMs: number): KObject[] {
  const keys = pods.map((p, i) => ({ pod: p, key: rankKey(p, ranks[i]) }));
  keys.sort((x, y) => (x.key.name < y.key.name ? -1 : x.key.name > y.key.name ? 1 : 0));
  keys.sort((x, y) => (lessRankKeys(x.key, y.key, nowMs) ? -1 : lessRankKeys(y.key, x.key, nowMs) ? 1 : 0));
  return keys.map((k) => k.pod);
}

/**
 * getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number of active pods among
 * `relatedPods` on the same node. Example: pods a, b on node n1 and c on n2 give ranks 2, 2, 1, so
 * when one must go it is taken from n1.
 */
export function ranksByRelatedPodsOnSameNode(podsToRank: readonly KObject[], relatedPods: readonly KObject[]): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return podsToRank.map((p) => onNode.get(p.spec?.nodeName ?? '') ?? 0);
}

/**
 * getPodsToDelete: the `diff` pods to delete first. Sorting is skipped when all go (diff equals
 * the number of pods), as upstream does.
 */
export function getPodsToDelete(filteredPods: readonly KObject[], relatedPods: readonly KObject[], diff: number, nowMs: number): KObject[] {
  if (diff < filteredPods.length) {
    const ranks = ranksByRelatedPodsOnSameNode(filteredPods, relatedPods);
    return sortActivePodsWithRanks(filteredPods, ranks, nowMs).slice(0, diff);
  }
  return [...filteredPods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)).slice(0, diff);
}

/** floor(log2(age in ns)) of a time, -1 for an age that is not positive (logarithmicRankDiff's rank). */
function ageRank(tMs: number, nowMs: number): number {
  const d = (nowMs - tMs) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/**
 * Scratch fields a RankKey may carry: its age ranks with the range of ages (ns) over which each
 * holds, so that a scale-down at a later instant recomputes a rank only when the age crossed a
 * power of two. Within [2^r, 2^(r+1)) floor(log2(age)) is r, also in floating point: ages are
 * whole milliseconds, far from the next power of two compared with log2's rounding error.
 */
export interface AgeRanks {
  readyRank?: number;
  readyLo?: number;
  readyHi?: number;
  createdRank?: number;
  createdLo?: number;
  createdHi?: number;
}

function readyRankOf(k: RankKey & AgeRanks, nowMs: number): number {
  const d = (nowMs - k.readySinceMs) * 1e6;
  if (k.readyRank !== undefined && d >= k.readyLo! && d < k.readyHi!) return k.readyRank;
  const r = ageRank(k.readySinceMs, nowMs);
  k.readyRank = r;
  k.readyLo = r < 0 ? -Infinity : 2 ** r;
  k.readyHi = r < 0 ? 1 : 2 ** (r + 1);
  return r;
}

function createdRankOf(k: RankKey & AgeRanks, nowMs: number): number {
  const d = (nowMs - k.createdMs) * 1e6;
  if (k.createdRank !== undefined && d >= k.createdLo! && d < k.createdHi!) return k.createdRank;
  const r = ageRank(k.createdMs, nowMs);
  k.createdRank = r;
  k.createdLo = r < 0 ? -Infinity : 2 ** r;
  k.createdHi = r < 0 ? 1 : 2 ** (r + 1);
  return r;
}

/** lessByAge both ways for two different real times, from their age ranks: -1 when the first goes first, 1 when the second does. */
function cmpByAgeRanks(r1: number, r2: number, uid1: string, uid2: string): number {
  if (r1 !== r2) return r1 < r2 ? -1 : 1;
  return uid1 < uid2 ? -1 : uid1 > uid2 ? 1 : 0;
}

/**
 * The first five levels of ActivePodsWithRanks (assigned, phase, ready, deletion cost, rank),
 * both ways: -1 when they put `a` first, 1 when `b`, 0 when they do not decide. Unlike the age
 * levels they compare plain values, so they are a consistent (transitive) order.
 */
export function cmpRankPrefix(a: RankKey, b: RankKey): number {
  if (a.assigned !== b.assigned) return a.assigned ? 1 : -1;
  if (a.phase !== b.phase) return a.phase < b.phase ? -1 : 1;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  if (a.rank !== b.rank) return a.rank > b.rank ? -1 : 1;
  return 0;
}

/**
 * ActivePodsWithRanks.Less evaluated both ways in one pass: -1 when `a` goes before `b`
 * (lessRankKeys(a, b)), 1 when `b` goes before `a` (lessRankKeys(b, a)), 0 when neither. Every
 * level of Less is antisymmetric, so this is exactly the pair of calls, at half the cost.
 */
export function cmpRankKeys(a: RankKey & AgeRanks, b: RankKey & AgeRanks, nowMs: number): number {
  const p = cmpRankPrefix(a, b);
  if (p) return p;
  if (a.ready && b.ready) {
    const t1 = a.readySinceMs;
    const t2 = b.readySinceMs;
    // lessByAge: equal (or both zero) times do not decide; a zero time counts as the newest.
    if (!(t1 === t2 || (t1 !== t1 && t2 !== t2))) {
      if (t1 !== t1) return -1;
      if (t2 !== t2) return 1;
      const r = cmpByAgeRanks(readyRankOf(a, nowMs), readyRankOf(b, nowMs), a.uid, b.uid);
      if (r) return r;
    }
  }
  if (a.restarts !== b.restarts) return a.restarts > b.restarts ? -1 : 1;
  const t1 = a.createdMs;
  const t2 = b.createdMs;
  if (t1 === t2 || (t1 !== t1 && t2 !== t2)) return 0;
  if (t1 !== t1) return -1;
  if (t2 !== t2) return 1;
  return cmpByAgeRanks(createdRankOf(a, nowMs), createdRankOf(b, nowMs), a.uid, b.uid);
}

/** Verdicts of DeletionSelection.screenReady. */
export const SCREEN_OFFER = 0;
export const SCREEN_OLDER = 1;
export const SCREEN_BEHIND = 2;

/**
 * Picks the `diff` pods to delete first from the candidates offered: the same pods, in the same
 * order, as getPodsToDelete's sort followed by slice(0, diff), found with a bounded heap in
 * O(n log diff) instead of sorting all n. The sort is stable over name order, so the order it
 * produces is ActivePodsWithRanks with ties broken by name; the heap uses exactly that order.
 * (Where ActivePodsWithRanks is not transitive, as upstream's is not for pods with equal ready
 * times among others of the same age rank, no sort has a unique answer; the heap's depends only
 * on the candidates and the order they are offered in, which callers fix (by names), so it is
 * deterministic and survives a snapshot restore.)
 */
export class DeletionSelection<K extends RankKey> {
  /** A max-heap (by `before`) of the best candidates so far: its root is the first to drop. */
  private readonly heap: K[] = [];

  /** A selection of `diff` (> 0) pods at `nowMs`. */
  constructor(
    private readonly diff: number,
    private readonly nowMs: number,
  ) {}

  private before(a: K, b: K): boolean {
    const c = cmpRankKeys(a, b, this.nowMs);
    return c ? c < 0 : a.name < b.name;
  }

  /** Considers one more candidate (in name order). */
  offer(c: K): void {
    const heap = this.heap;
    if (heap.length < this.diff) {
      heap.push(c);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.before(heap[p], heap[i])) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
      return;
    }
    if (!this.before(c, heap[0])) return;
    heap[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.before(heap[m], heap[l])) m = l;
      if (r < heap.length && this.before(heap[m], heap[r])) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }

  /**
   * Whether no candidate whose order prefix (cmpRankPrefix) is `key`'s or later can be picked any
   * more: `diff` are picked and the last of them is strictly before `key` by the prefix alone.
   */
  settledBefore(key: RankKey): boolean {
    return this.heap.length === this.diff && cmpRankPrefix(this.heap[0], key) < 0;
  }

  /**
   * Screens a ready pod with the order prefix `key` (the same as that of the last of the `diff`
   * picked, or the answer is SCREEN_OFFER) from the fields ActivePodsWithRanks compares after the
   * prefix, passed as plain values so that its facts object need not be read: SCREEN_OLDER when it
   * is older by the log2 age rank of its ready time than the last pick (so is every pod at least as
   * old); SCREEN_BEHIND when the order puts it after the last pick (by UID within the same age
   * rank, or, with the same ready time, by restarts, creation age rank, UID or name); SCREEN_OFFER
   * when it may go before it (offer() then decides, comparing in full).
   */
  screenReady(key: RankKey, readySinceMs: number, uidKey: number, restarts: number, createdMs: number, name: string): number {
    if (this.heap.length < this.diff) return SCREEN_OFFER;
    const top = this.heap[0] as K & AgeRanks & { uidKey?: number };
    if (!key.ready || !top.ready || cmpRankPrefix(top, key) !== 0) return SCREEN_OFFER;
    const t1 = top.readySinceMs;
    if (t1 !== t1 || readySinceMs !== readySinceMs) return SCREEN_OFFER;
    const topUid = top.uidKey ?? NaN;
    if (t1 !== readySinceMs) {
      // Rank(age) against rank(top's age), through the range of ages top's rank covers.
      readyRankOf(top, this.nowMs);
      const age = (this.nowMs - readySinceMs) * 1e6;
      if (age >= top.readyHi!) return SCREEN_OLDER;
      return age >= top.readyLo! && topUid < uidKey ? SCREEN_BEHIND : SCREEN_OFFER;
    }
    // The same ready time: restarts (more first), then creation (newer first by age rank, the
    // same rank by UID), then, all equal, the name.
    if (restarts !== top.restarts) return restarts < top.restarts ? SCREEN_BEHIND : SCREEN_OFFER;
    const c1 = top.createdMs;
    if (c1 === createdMs || (c1 !== c1 && createdMs !== createdMs)) return name > top.name ? SCREEN_BEHIND : SCREEN_OFFER;
    if (c1 !== c1 || createdMs !== createdMs) return SCREEN_OFFER;
    createdRankOf(top, this.nowMs);
    const age = (this.nowMs - createdMs) * 1e6;
    if (age >= top.createdHi!) return SCREEN_BEHIND;
    return age >= top.createdLo! && topUid < uidKey ? SCREEN_BEHIND : SCREEN_OFFER;
  }

  /** The pods picked, in deletion order. */
  result(): K[] {
    return this.heap.slice().sort((x, y) => (this.before(x, y) ? -1 : this.before(y, x) ? 1 : 0));
  }
}

/**
 * The `diff` pods to delete first among `candidates` (RankKeys with their ranks set, in name
 * order), in deletion order (see DeletionSelection); with diff at least the number of
 * candidates all go, in name order, as upstream skips the sort then.
 */
export function selectPodsToDelete<K extends RankKey>(candidates: readonly K[], diff: number, nowMs: number): K[] {
  if (diff >= candidates.length) return candidates.slice();
  if (diff <= 0) return [];
  const sel = new DeletionSelection<K>(diff, nowMs);
  for (const c of candidates) sel.offer(c);
  return sel.result();
}

// ------------------------------------------------------------------------------------------------
// Pods from templates, controller references

/** metav1.NewControllerRef: an ownerReference with controller and blockOwnerDeletion set. */
export function newControllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * GetPodFromTemplate: a pod to create from a controller's template: the template's labels,
 * annotations, finalizers and spec, generateName `<controller-name>-`, the controller reference.
 */
export function podFromTemplate(template: KObject['spec'], parent: KObject, ref?: OwnerReference): NewObject {
  const tmeta = template?.metadata ?? {};
  const metadata: Record<string, unknown> = { generateName: `${parent.metadata.name}-`, namespace: parent.metadata.namespace };
  if (tmeta.labels && Object.keys(tmeta.labels).length) metadata.labels = { ...tmeta.labels };
  if (tmeta.annotations && Object.keys(tmeta.annotations).length) metadata.annotations = { ...tmeta.annotations };
  if (tmeta.finalizers?.length) metadata.finalizers = [...tmeta.finalizers];
  if (ref) metadata.ownerReferences = [clone(ref)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: clone(template?.spec ?? {}) };
}

/** Who records a controller's pod events and what it reports as (`replicaset-controller`). */
export interface PodControl {
  store: ApiStore;
  recorder: EventRecorder;
  component: string;
}

/**
 * Whether a namespace is being terminated: the API server then refuses new content with a
 * NamespaceTerminating cause, which controllers ignore (no event, no error).
 */
export function namespaceTerminating(store: ApiStore, namespace: string | undefined): boolean {
  const ns = namespace ? store.get('Namespace', undefined, namespace) : undefined;
  return !!ns && (!!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating');
}

/**
 * RealPodControl.CreatePods: creates a pod for `parent` and records `SuccessfulCreate`
 * ("Created pod: NAME") or `FailedCreate` ("Error creating: ERROR"). Returns the pod, or
 * undefined when the namespace is terminating (ignored as upstream does). Throws other errors.
 */
export function createPod(pc: PodControl, pod: NewObject, parent: KObject): KObject | undefined {
  if (!pod.metadata?.labels || !Object.keys(pod.metadata.labels).length) throw new Error('unable to create pods, no labels');
  try {
    const created = pc.store.create(pod);
    pc.recorder.event(parent, 'Normal', SUCCESSFUL_CREATE_POD_REASON, `Created pod: ${created.metadata.name}`, { component: pc.component });
    return created;
  } catch (e) {
    if (isApiError(e) && namespaceTerminating(pc.store, parent.metadata.namespace)) return undefined;
    if (isApiError(e)) pc.recorder.event(parent, 'Warning', FAILED_CREATE_POD_REASON, `Error creating: ${e.message}`, { component: pc.component });
    throw e;
  }
}

/**
 * RealPodControl.DeletePod: deletes a pod with the default grace period and records
 * `SuccessfulDelete` ("Deleted pod: NAME") or `FailedDelete` ("Error deleting: ERROR"). A pod
 * already gone throws NotFound without an event.
 */
export function deletePod(pc: PodControl, namespace: string, name: string, parent: KObject): void {
  try {
    pc.store.delete('Pod', namespace, name);
  } catch (e) {
    if (isApiError(e, 'NotFound')) throw e;
    if (isApiError(e)) pc.recorder.event(parent, 'Warning', FAILED_DELETE_POD_REASON, `Error deleting: ${e.message}`, { component: pc.component });
    throw e;
  }
  pc.recorder.event(parent, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${name}`, { component: pc.component });
}

// ------------------------------------------------------------------------------------------------
// ControllerRefManager

/** The outcome of claimObjects: the objects the controller owns now, and the errors of adoption/release. */
export interface ClaimResult {
  claimed: KObject[];
  errors: unknown[];
}

/**
 * ControllerRefManager.ClaimPods for a controller `owner` with `selector` over `candidates`
 * (which must include every object it controls): objects it controls that still match stay
 * claimed; those that no longer match are released (its ownerReference removed) unless the owner
 * is being deleted; orphans that match are adopted (an ownerReference with controller and
 * blockOwnerDeletion) unless the owner or the orphan is being deleted. Objects controlled by
 * someone else are ignored. Writes happen in name order so the result never depends on the order
 * of `candidates` (the claimed list itself is in no particular order).
 */
export function claimObjects(
  store: ApiStore,
  owner: KObject,
  selector: Selector,
  candidates: readonly KObject[],
  extraMatch?: (o: KObject) => boolean,
): ClaimResult {
  const claimed: KObject[] = [];
  const errors: unknown[] = [];
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  const match = (o: KObject) => selector.length > 0 && matches(selector, o.metadata.labels) && (!extraMatch || extraMatch(o));
  // First classify without writing (the common case: everything is already claimed), then
  // release and adopt in name order.
  const toRelease: KObject[] = [];
  const toAdopt: KObject[] = [];
  for (const obj of candidates) {
    const refs = obj.metadata.ownerReferences;
    let ref: OwnerReference | undefined;
    if (refs) for (const r of refs) if (r.controller) ref = ref ?? r;
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (match(obj)) claimed.push(obj);
      else if (!ownerDeleting) toRelease.push(obj);
      continue;
    }
    if (ownerDeleting || !match(obj)) continue;
    if (obj.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
    toAdopt.push(obj);
  }
  const byName = (a: KObject, b: KObject) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
  for (const obj of toRelease.sort(byName)) {
    try {
      releaseObject(store, obj, ownerUid);
    } catch (e) {
      if (!isApiError(e, 'NotFound')) errors.push(e);
    }
  }
  for (const obj of toAdopt.sort(byName)) {
    try {
      claimed.push(adoptObject(store, obj, owner));
    } catch (e) {
      if (!isApiError(e, 'NotFound')) errors.push(e);
    }
  }
  return { claimed, errors };
}

/** Adds `owner` as the controller of `obj` (the adoption patch, with a UID precondition). */
export function adoptObject(store: ApiStore, obj: KObject, owner: KObject): KObject {
  const upd = clone(obj);
  upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []), newControllerRef(owner)];
  delete (upd.metadata as { resourceVersion?: string }).resourceVersion;
  return store.update(upd);
}

/** Removes the ownerReference with `ownerUid` from `obj` (the release patch, with a UID precondition). */
export function releaseObject(store: ApiStore, obj: KObject, ownerUid: string): KObject {
  const upd = clone(obj);
  const refs = (upd.metadata.ownerReferences ?? []).filter((r: OwnerReference) => r.uid !== ownerUid);
  if (refs.length) upd.metadata.ownerReferences = refs;
  else delete upd.metadata.ownerReferences;
  delete (upd.metadata as { resourceVersion?: string }).resourceVersion;
  return store.update(upd);
}

// ------------------------------------------------------------------------------------------------
// Conditions (the ReplicaSet/Deployment condition helpers)

/** A status condition as the apps types carry it. */
export interface StatusCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** NewReplicaSetCondition: a condition stamped with the current time. */
export function newCondition(type: string, status: string, reason: string, message: string, nowMs: number): StatusCondition {
  return { type, status, lastTransitionTime: rfc3339(nowMs), reason, message };
}

/**
 * SetCondition: adds or replaces the condition of its type; a condition with the same status
 * and reason as the current one changes nothing (its transition time is kept).
 */
export function setCondition(conditions: StatusCondition[] | undefined, c: StatusCondition): StatusCondition[] {
  const list = conditions ?? [];
  const cur = list.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return list;
  return [...list.filter((x) => x.type !== c.type), c];
}

/** RemoveCondition: drops the condition of a type. */
export function removeCondition(conditions: StatusCondition[] | undefined, type: string): StatusCondition[] {
  return (conditions ?? []).filter((x) => x.type !== type);
}

// ------------------------------------------------------------------------------------------------
// Hashing (controller.ComputeHash)

/** apimachinery rand's alphanums: no vowels, no 0/1/3 (so hashes never spell words). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * rand.SafeEncodeString: maps each character through alphanums[code % 27]. Applied to the
 * decimal digits of a hash: '0' (48) -> '4', '1' -> '5', ..., '6' (54) -> 'b', '9' -> 'f'.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

function fnv1a32Bytes(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * controller.ComputeHash: FNV-32a of the pod template, then the collision count as 8
 * little-endian bytes when set, printed in decimal and passed through safeEncodeString. Upstream
 * hashes Go's spew dump of the struct; Podium hashes canonical JSON, so the values differ from a
 * real cluster's while keeping their shape (up to 10 characters of `bcdf456789`).
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32Bytes(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    const c = collisionCount >>> 0;
    b[0] = c & 0xff;
    b[1] = (c >>> 8) & 0xff;
    b[2] = (c >>> 16) & 0xff;
    b[3] = (c >>> 24) & 0xff;
    h = fnv1a32Bytes(b, h);
  }
  return safeEncodeString(String(h));
}

// ------------------------------------------------------------------------------------------------
// Orphan index

/** Name of the Pod index installed by installWorkloadIndexes: orphan pods by namespace. */
export const ORPHAN_POD_INDEX = 'orphan';

/**
 * Installs the pod index the workload controllers read orphans from (upstream's
 * PodControllerUIDIndex keys orphans as `OrphanPodIndexKey/<namespace>`): a pod without a
 * controller reference is indexed under its namespace. Together with the store's `controller`
 * index a sync touches only its own pods and the orphans of its namespace.
 */
export function installWorkloadIndexes(store: ApiStore): void {
  store.addIndex('Pod', ORPHAN_POD_INDEX, (o: KObject) => (controllerRef(o) ? undefined : (o.metadata.namespace ?? '')));
}

/** The pods a controller should consider: those it controls plus the orphans of its namespace. */
export function controlledAndOrphanPods(store: ApiStore, owner: KObject): KObject[] {
  return [...store.byIndex('Pod', 'controller', owner.metadata.uid), ...store.byIndex('Pod', ORPHAN_POD_INDEX, owner.metadata.namespace ?? '')];
}

// ------------------------------------------------------------------------------------------------
// Verification of incremental caches

/**
 * Debug switches of the workload controllers. With `verifyIncremental` on (the controller tests
 * turn it on) every ReplicaSet and DaemonSet sync compares its incremental cache with a rebuild
 * from the store and throws on any difference.
 */
export const workloadDebug = { verifyIncremental: false };
