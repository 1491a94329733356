/**
 * Taints and tolerations (k8s.io/api core/v1 toleration.go, component-helpers
 * scheduling/corev1/helpers.go), shared by the scheduler and the taint-eviction controller.
 */
import type { Taint, Toleration } from '../api/types';

/** Taint key of a cordoned node (TaintNodesByCondition). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Taint key of a node whose Ready condition is Unknown. */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Taint key of a node whose Ready condition is False. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect, an empty key (with Exists)
 * every key; operator Exists ignores the value, Equal (or empty) compares it.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** Whether a taint keeps pods from being scheduled (NoSchedule or NoExecute). */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/**
 * v1helper.FindMatchingUntoleratedTaint: the first taint (in the node's order) passing `filter`
 * that no toleration tolerates, or undefined.
 */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * v1helper.GetMatchingTolerations: for every taint the first toleration that tolerates it; `ok`
 * is false when some taint is not tolerated at all.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { ok: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { ok: false, used: [] };
    used.push(t);
  }
  return { ok: true, used };
}

/**
 * tainteviction getMinTolerationTime: the shortest tolerationSeconds among the used tolerations,
 * in seconds; -1 when they all tolerate forever (no tolerationSeconds); 0 when there are none or
 * one is <= 0. Example: tolerations of 300 s and 60 s -> 60.
 */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (!used.length) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min;
}

/** Taint.MatchTaint: same key and effect. */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}
