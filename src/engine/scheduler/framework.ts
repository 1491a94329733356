/**
 * One scheduling cycle (pkg/scheduler/schedule_one.go schedulePod, v1.32): PreFilter, Filter over
 * a rotating window of nodes until enough feasible ones are found, Score with the default weights,
 * then selectHost. Also the diagnosis that FitError and preemption print when nothing fits.
 */
import type { Rng } from '../sim/rng';
import { affinityNodeNames, preferredTerms } from './nodeaffinity';
import { HOT_ALLOC_CPU, HOT_ALLOC_MEMORY, HOT_IMAGES, HOT_NONZERO_CPU, HOT_NONZERO_MEMORY, HOT_REQ_CPU, HOT_REQ_MEMORY, HOT_TAINTS, type NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';
import type { SchedulerCache } from './cache';
import { ERR_REASON_AFFINITY_CONFLICT, insufficientResources, runFilters, type PodCycle, type Status } from './filters';
import {
  SCORE_PLUGINS,
  SCORE_WEIGHTS,
  balancedAllocationScore,
  defaultNormalizeScore,
  imageLocalityScore,
  intolerablePreferNoScheduleTaints,
  leastAllocatedScore,
  preferNoScheduleTolerations,
  scaledImageScore,
  type NumberBuffer,
  type ScorePlugin,
} from './scores';
import { hardConstraints, hardSpreadState, softConstraints, topologySpreadScores, type SelectorSources } from './topologyspread';
import { fitErrorMessage, preemptionMessage, PREEMPTION_POLICY_NEVER } from './fiterror';

/** minFeasibleNodesToFind */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind with the adaptive percentageOfNodesToScore (the default, 0): below 100
 * nodes all of them; otherwise 50% - nodes/125 (at least 5%) of the nodes, at least 100.
 * Examples: 50 -> 50; 1,000 -> 42% = 420; 5,000 -> 10% = 500; 6,000 -> 5% = 300.
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = 50 - Math.trunc(numAllNodes / 125);
  if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Why the pod fits nowhere (framework.Diagnosis). */
export interface Diagnosis {
  /** Explicit status of each evaluated node that was rejected. */
  statuses: Map<string, Status>;
  /** Status of nodes a PreFilter result left out, with how many there are. */
  absent?: { reasons: string[]; count: number };
  /** A PreFilter rejection that applies to all nodes. */
  preFilterMsg?: string;
  /** Plugins that rejected the pod somewhere (for queueing hints). */
  unschedulablePlugins: Set<string>;
}

/** PreFilter outcome: the nodes to examine, or a rejection of all. */
export interface PreFilterResult {
  nodes: NodeInfo[];
  diagnosis: Diagnosis;
  rejected: boolean;
}

/**
 * Runs PreFilter: NodeAffinity may narrow the nodes to those a `metadata.name In` matchField names
 * (DaemonSet pods); the others are absent with "node(s) didn't satisfy plugin(s) [NodeAffinity]".
 */
export function preFilter(c: PodCycle, cache: SchedulerCache): PreFilterResult {
  const all = cache.list();
  // PodTopologySpread PreFilter: domain counts for the pod's DoNotSchedule constraints.
  const hard = hardConstraints(c.pi.pod);
  c.spread = hard.length ? hardSpreadState(c.pi.pod, hard, all, (k) => cache.spreadCounts(c.pi.namespace, k.selector)) : undefined;
  const diagnosis: Diagnosis = { statuses: new Map(), unschedulablePlugins: new Set() };
  const names = affinityNodeNames(c.pi.pod);
  if (!names) return { nodes: all, diagnosis, rejected: false };
  diagnosis.unschedulablePlugins.add('NodeAffinity');
  if (!names.size) {
    diagnosis.preFilterMsg = ERR_REASON_AFFINITY_CONFLICT;
    return { nodes: [], diagnosis, rejected: true };
  }
  const nodes: NodeInfo[] = [];
  for (const n of names) {
    const ni = cache.get(n);
    if (ni) nodes.push(ni);
  }
  diagnosis.absent = { reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"], count: all.length - nodes.length };
  return { nodes, diagnosis, rejected: false };
}

/**
 * findNodesThatPassFilters: examines nodes from `startIndex` (wrapping) until `numToFind` fit;
 * returns the feasible ones in examination order and how many nodes were processed.
 */
export function findNodesThatPassFilters(c: PodCycle, nodes: readonly NodeInfo[], startIndex: number, numToFind: number, diagnosis: Diagnosis): { feasible: NodeInfo[]; processed: number } {
  const feasible: NodeInfo[] = [];
  const n = nodes.length;
  let processed = 0;
  for (let i = 0; i < n && feasible.length < numToFind; i++) {
    const ni = nodes[(startIndex + i) % n];
    processed++;
    const s = runFilters(c, ni);
    if (!s) feasible.push(ni);
    else {
      diagnosis.statuses.set(ni.name, s);
      diagnosis.unschedulablePlugins.add(s.plugin);
    }
  }
  return { feasible, processed };
}

/** Per-plugin weighted scores and totals of the feasible nodes. */
export interface ScoreTable {
  nodes: NodeInfo[];
  /** Weighted totals (a scratch buffer reused by the next call unless `detail` was asked for). */
  totals: NumberBuffer;
  /** Weighted score per plugin that ran (only with `detail`). */
  perPlugin: Partial<Record<ScorePlugin, number[]>>;
}

/** Everything a score plugin reads besides the pod and the nodes. */
export interface ScoreContext {
  cache: SchedulerCache;
  sources: SelectorSources;
}

/** Scratch buffers, one per score plugin plus the totals, grown as needed and reused. */
let scratch: Float64Array[] = [];
function buffers(n: number): Float64Array[] {
  if (!scratch.length || scratch[0].length < n) scratch = Array.from({ length: SCORE_PLUGINS.length + 1 }, () => new Float64Array(Math.max(n, 1024)));
  return scratch;
}

/**
 * prioritizeNodes: runs every score plugin over the feasible nodes and sums the weighted scores.
 * The scheduling path reads only `totals`; `detail` also returns each plugin's weighted scores.
 */
export function prioritizeNodes(c: PodCycle, feasible: NodeInfo[], ctx: ScoreContext, detail = false): ScoreTable {
  const pi = c.pi;
  const n = feasible.length;
  const all = ctx.cache.list();
  const buf = buffers(n);
  const ran: Partial<Record<ScorePlugin, Float64Array>> = {};

  // TaintToleration: intolerable PreferNoSchedule taints, fewer is better (normalised in reverse).
  const prefer = preferNoScheduleTolerations(pi.tolerations);
  const taint = (ran.TaintToleration = buf[0]);
  for (let j = 0; j < n; j++) taint[j] = feasible[j].hot[HOT_TAINTS] ? intolerablePreferNoScheduleTaints(feasible[j].taints, prefer) : 0;
  defaultNormalizeScore(taint, true, n);

  // NodeAffinity: sum of the weights of matching preferred terms (skipped without any).
  const terms = preferredTerms(pi.pod);
  if (terms.length) {
    const aff = (ran.NodeAffinity = buf[1]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (const t of terms) if (t.match(feasible[j].labels, feasible[j].name)) s += t.weight;
      aff[j] = s;
    }
    defaultNormalizeScore(aff, false, n);
  }

  // NodeResourcesFit (LeastAllocated, on the non-zero requests) and
  // NodeResourcesBalancedAllocation (on the real requests; v1.32 does not skip best-effort pods).
  const fit = (ran.NodeResourcesFit = buf[2]);
  const balanced = (ran.NodeResourcesBalancedAllocation = buf[4]);
  const podCPU = pi.requests.milliCPU;
  const podMemory = pi.requests.memory;
  for (let j = 0; j < n; j++) {
    const h = feasible[j].hot;
    fit[j] = leastAllocatedScore(h[HOT_NONZERO_CPU] + pi.nonZeroMilliCPU, h[HOT_ALLOC_CPU], h[HOT_NONZERO_MEMORY] + pi.nonZeroMemory, h[HOT_ALLOC_MEMORY]);
    balanced[j] = balancedAllocationScore(h[HOT_REQ_CPU] + podCPU, h[HOT_ALLOC_CPU], h[HOT_REQ_MEMORY] + podMemory, h[HOT_ALLOC_MEMORY]);
  }

  // PodTopologySpread with the system defaults (or the pod's own soft constraints).
  const { constraints, requireAllTopologies } = softConstraints(pi.pod, ctx.sources);
  if (topologySpreadScores(pi.pod, constraints, requireAllTopologies, feasible, all, (k) => ctx.cache.spreadCounts(pi.namespace, k.selector), buf[3]))
    ran.PodTopologySpread = buf[3];

  // ImageLocality over init and regular containers.
  const numContainers = (pi.pod.spec?.initContainers?.length ?? 0) + (pi.pod.spec?.containers?.length ?? 0);
  const total = all.length;
  const images = (ran.ImageLocality = buf[5]);
  const spreadOf = pi.images.map((img) => ctx.cache.imageNumNodes(img));
  for (let j = 0; j < n; j++) {
    const ni = feasible[j];
    let sum = 0;
    if (ni.hot[HOT_IMAGES])
      for (let k = 0; k < pi.images.length; k++) {
        const size = ni.imageSize(pi.images[k]);
        if (size !== undefined) sum += scaledImageScore(size, spreadOf[k], total);
      }
    images[j] = imageLocalityScore(sum, Math.max(1, numContainers));
  }

  const totals = buf[SCORE_PLUGINS.length];
  totals.fill(0, 0, n);
  const perPlugin: Partial<Record<ScorePlugin, number[]>> = {};
  for (const p of SCORE_PLUGINS) {
    const s = ran[p];
    if (!s) continue;
    const w = SCORE_WEIGHTS[p];
    for (let i = 0; i < n; i++) {
      s[i] *= w;
      totals[i] += s[i];
    }
    if (detail) perPlugin[p] = Array.from(s.subarray(0, n));
  }
  return { nodes: feasible, totals: detail ? Array.from(totals.subarray(0, n)) : totals, perPlugin };
}

/**
 * selectHost: the highest total; among equal totals one is picked uniformly at random by reservoir
 * sampling (the k-th tie replaces the pick with probability 1/k), with the engine's seeded RNG.
 */
export function selectHost(totals: ArrayLike<number>, rng: Rng, n = totals.length): number {
  let best = -Infinity;
  let pick = -1;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    if (totals[i] > best) {
      best = totals[i];
      pick = i;
      ties = 1;
    } else if (totals[i] === best) {
      ties++;
      if (rng.int(ties) === 0) pick = i;
    }
  }
  return pick;
}

/**
 * DefaultPreemption's PostFilter message when no victim can be found. Nodes rejected as
 * Unschedulable (resources, ports) are preemption candidates; v1.32 then dry-runs evicting every
 * lower-priority pod there. Without lower-priority pods the node offers "No preemption victims";
 * with some, if the pod would still not fit, that filter's reasons are reported. Podium does not
 * preempt: where evicting them would make room, it reports the node as victimless too.
 */
export function postFilterMessage(c: PodCycle, numAllNodes: number, diagnosis: Diagnosis, cache: SchedulerCache): string {
  if (c.pi.pod.spec?.preemptionPolicy === 'Never') return PREEMPTION_POLICY_NEVER;
  let victimless = 0;
  const others: Status[] = [];
  for (const [name, s] of diagnosis.statuses) {
    if (s.code !== 'Unschedulable') continue;
    const ni = cache.get(name);
    const lower = ni ? [...ni.pods.values()].filter((p) => p.priority < c.pi.priority) : [];
    if (!ni || !lower.length) {
      victimless++;
      continue;
    }
    const still = withoutPods(ni, lower, () => runFilters(c, ni));
    if (still) others.push(still);
    else victimless++;
  }
  return preemptionMessage(numAllNodes, victimless, others);
}

/** Runs `fn` with `pods` taken off the node, then puts them back (preemption's dry run). */
function withoutPods<T>(ni: NodeInfo, pods: PodInfo[], fn: () => T): T {
  const removed = pods.filter((p) => ni.removePod(p.uid));
  try {
    return fn();
  } finally {
    for (const p of removed) ni.addPod(p);
  }
}

/** The full FailedScheduling message for a diagnosis. */
export function failureMessage(c: PodCycle, numAllNodes: number, diagnosis: Diagnosis, cache: SchedulerCache): string {
  const post = postFilterMessage(c, numAllNodes, diagnosis, cache);
  return fitErrorMessage(numAllNodes, diagnosis.statuses.values(), { preFilterMsg: diagnosis.preFilterMsg, absent: diagnosis.absent, postFilterMsg: post });
}

/** Whether a node's allocatable alone could hold the pod (NodeResourcesFit's isFit for queueing hints). */
export function fitsAllocatable(c: PodCycle, ni: NodeInfo): boolean {
  return !insufficientResources(c.pi.requests, ni.allocatable, { milliCPU: 0, memory: 0, ephemeralStorage: 0 }, 0);
}
