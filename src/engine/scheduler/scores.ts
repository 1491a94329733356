/**
 * Score plugins of the v1.32 default profile, as pure functions, with upstream's integer
 * arithmetic (Go int64 division truncates) and normalisation to 0-100 (framework.MaxNodeScore).
 * Weights (pkg/scheduler/apis/config/v1/default_plugins.go): TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1,
 * ImageLocality 1. Podium does not evaluate InterPodAffinity (see README.md here).
 */
import type { Taint, Toleration } from '../api/types';
import { tolerationsTolerateTaint } from './taints';

/** A writable array of numbers (plain or typed). */
export type NumberBuffer = { length: number; [i: number]: number };

/** framework.MaxNodeScore */
export const MAX_NODE_SCORE = 100;

/** Plugin weights of the default profile. */
export const SCORE_WEIGHTS = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
} as const;

/** Names of the score plugins Podium runs, in the profile's order. */
export type ScorePlugin = keyof typeof SCORE_WEIGHTS;

/** The score plugins in the default profile's order. */
export const SCORE_PLUGINS: ScorePlugin[] = ['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'NodeResourcesBalancedAllocation', 'ImageLocality'];

/**
 * noderesources leastRequestedScore: the free share of a resource after placing the pod, 0-100.
 * Example: 4000m allocatable, 1000m requested including the pod -> (4000-1000)*100/4000 = 75.
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * NodeResourcesFit with the LeastAllocated strategy (cpu and memory, weight 1 each): the
 * weighted mean of leastRequestedScore, truncated. Requested = the node's non-zero requests plus
 * the pod's. Example: cpu 75, memory 50 -> (75+50)/2 = 62.
 */
export function leastAllocatedScore(requestedCPU: number, allocCPU: number, requestedMem: number, allocMem: number): number {
  let score = 0;
  let weights = 0;
  if (allocCPU !== 0) {
    score += leastRequestedScore(requestedCPU, allocCPU);
    weights++;
  }
  if (allocMem !== 0) {
    score += leastRequestedScore(requestedMem, allocMem);
    weights++;
  }
  return weights ? Math.floor(score / weights) : 0;
}

/**
 * NodeResourcesBalancedAllocation (balancedResourceScorer): 100 * (1 - std) of the cpu and memory
 * fractions (each capped at 1); for two resources std = |f1 - f2| / 2. Uses the real requests (no
 * non-zero defaults). Example: cpu 50%, memory 10% -> std 0.2 -> 80.
 */
export function balancedAllocationScore(requestedCPU: number, allocCPU: number, requestedMem: number, allocMem: number): number {
  // With one resource (or none) the standard deviation is 0.
  let std = 0;
  if (allocCPU !== 0 && allocMem !== 0) std = Math.abs((Math.min(1, requestedCPU / allocCPU) - Math.min(1, requestedMem / allocMem)) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

const MB = 1024 * 1024;
/** imagelocality minThreshold: 23 MiB. */
export const IMAGE_MIN_THRESHOLD = 23 * MB;
/** imagelocality maxContainerThreshold: 1000 MiB per container. */
export const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** imagelocality scaledImageScore: an image's size scaled by the share of nodes that have it. */
export function scaledImageScore(sizeBytes: number, numNodesWithImage: number, totalNumNodes: number): number {
  return Math.trunc(sizeBytes * (numNodesWithImage / totalNumNodes));
}

/**
 * imagelocality calculatePriority: the sum of scaled image scores clamped to
 * [23 MiB, 1000 MiB x containers] and mapped to 0-100. Example: one 500 MiB image present on every
 * node, one container -> 100 * (500-23) / (1000-23) = 48.
 */
export function imageLocalityScore(sumScores: number, numContainers: number): number {
  const max = IMAGE_MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < IMAGE_MIN_THRESHOLD) s = IMAGE_MIN_THRESHOLD;
  else if (s > max) s = max;
  return Math.floor((MAX_NODE_SCORE * (s - IMAGE_MIN_THRESHOLD)) / (max - IMAGE_MIN_THRESHOLD));
}

/** TaintToleration score: the number of PreferNoSchedule taints the pod does not tolerate (normalised in reverse). */
export function intolerablePreferNoScheduleTaints(taints: readonly Taint[], preferNoScheduleTolerations: readonly Toleration[]): number {
  let n = 0;
  for (const t of taints) if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(preferNoScheduleTolerations, t)) n++;
  return n;
}

/** The tolerations that can tolerate PreferNoSchedule taints (that effect, or no effect). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[]): Toleration[] {
  return tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/**
 * helper.DefaultNormalizeScore: scales scores so the largest becomes 100 (integer division);
 * `reverse` turns them into 100 - score. All zero: stay 0, or all 100 when reversed.
 * Example (reverse): [0, 1, 2] -> [100, 50, 0].
 */
export function defaultNormalizeScore(scores: NumberBuffer, reverse: boolean, n = scores.length): void {
  let max = 0;
  for (let i = 0; i < n; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}

/**
 * podtopologyspread scoreForCount: matching pods in the domain times the topology weight, plus
 * maxSkew - 1 to soften small skews.
 */
export function scoreForCount(count: number, maxSkew: number, tpWeight: number): number {
  return count * tpWeight + (maxSkew - 1);
}

/** podtopologyspread topologyNormalizingWeight: ln(size + 2) for a topology with `size` domains. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/**
 * PodTopologySpread NormalizeScore: fewer matching pods is better; ignored nodes (undefined) get 0.
 * score' = 100 * (max + min - score) / max; all zero -> 100. Example: [2, 5, 8] -> [100, 62, 25]
 * ((8+2-2)*100/8 = 100, (8+2-5)*100/8 = 62, (8+2-8)*100/8 = 25).
 */
export function normalizeTopologySpread(scores: Array<number | undefined>): number[] {
  const buf = scores.map((s) => (s === undefined ? NaN : s));
  normalizeTopologySpreadInPlace(buf, buf.length);
  return buf;
}

/** normalizeTopologySpread on a buffer where NaN marks an ignored node. */
export function normalizeTopologySpreadInPlace(scores: NumberBuffer, n: number): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s !== s) continue;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s !== s) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
  }
}
