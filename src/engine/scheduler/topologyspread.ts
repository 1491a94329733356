/**
 * PodTopologySpread scoring (pkg/scheduler/framework/plugins/podtopologyspread/scoring.go): the
 * pod's own ScheduleAnyway constraints, or, when it has none, the system default constraints
 * (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with a selector built from the Services,
 * ReplicationController, ReplicaSet or StatefulSet that select/own the pod (helper.DefaultSelector).
 * A node scores lower the more matching pods its domains already hold.
 */
import type { KObject } from '../api/types';
import { fromLabelSelector, fromMap, matches, type Requirement, type Selector } from '../api/labels';
import { controllerRef } from '../api/types';
import { RequiredNodeAffinity } from './nodeaffinity';
import type { NodeInfo } from './nodeinfo';
import { findUntoleratedTaint, isDoNotScheduleTaint } from './taints';
import { normalizeTopologySpreadInPlace, scoreForCount, topologyNormalizingWeight, type NumberBuffer } from './scores';

/** kubernetes.io/hostname */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** topology.kubernetes.io/zone */
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** A soft spread constraint with its selector resolved. */
export interface SpreadConstraint {
  topologyKey: string;
  maxSkew: number;
  selector: Selector;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** The v1.32 system default constraints (podtopologyspread/plugin.go systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS: ReadonlyArray<{ topologyKey: string; maxSkew: number }> = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
];

/** What DefaultSelector reads from the cluster. */
export interface SelectorSources {
  /** Services in the namespace. */
  services(namespace: string): KObject[];
  /** An owner of the given kind (ReplicationController, ReplicaSet, StatefulSet), if it exists. */
  owner(kind: string, namespace: string, name: string): KObject | undefined;
}

/**
 * helper.DefaultSelector: the label selectors of the Services selecting the pod (merged; a Service
 * without a selector selects nothing), plus the selector of its controlling ReplicationController,
 * ReplicaSet or StatefulSet. Empty when there is none: the pod then gets no default spreading.
 */
export function defaultSelector(pod: KObject, src: SelectorSources): Selector {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  let set: Record<string, string> = {};
  for (const svc of src.services(ns)) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (!sel) continue;
    if (matches(fromMap(sel), labels)) set = { ...set, ...sel };
  }
  let selector: Requirement[] = fromMap(set);
  const ref = controllerRef(pod);
  if (!ref) return selector;
  if (ref.kind === 'ReplicationController' && ref.apiVersion === 'v1') {
    const rc = src.owner('ReplicationController', ns, ref.name);
    if (rc) selector = fromMap({ ...set, ...(rc.spec?.selector ?? {}) });
  } else if ((ref.kind === 'ReplicaSet' || ref.kind === 'StatefulSet') && ref.apiVersion === 'apps/v1') {
    const owner = src.owner(ref.kind, ns, ref.name);
    if (owner) selector = [...selector, ...fromLabelSelector(owner.spec?.selector)];
  }
  return selector;
}

/**
 * The soft constraints used for scoring: the pod's ScheduleAnyway constraints (with matchLabelKeys
 * folded into the selector), or the system defaults with DefaultSelector. Also tells whether nodes
 * must carry every topology key (only for the pod's own constraints).
 */
export function softConstraints(pod: KObject, src: SelectorSources): { constraints: SpreadConstraint[]; requireAllTopologies: boolean } {
  const own: Array<Record<string, any>> = pod.spec?.topologySpreadConstraints ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (own.length) {
    const labels = pod.metadata.labels ?? {};
    const constraints: SpreadConstraint[] = [];
    for (const c of own) if (c.whenUnsatisfiable === 'ScheduleAnyway') constraints.push(resolveConstraint(c, labels));
    return { constraints, requireAllTopologies: true };
  }
  const selector = defaultSelector(pod, src);
  if (!selector.length) return { constraints: [], requireAllTopologies: false };
  return {
    constraints: SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({ ...d, selector, nodeAffinityPolicy: 'Honor' as const, nodeTaintsPolicy: 'Ignore' as const })),
    requireAllTopologies: false,
  };
}

/** A DoNotSchedule constraint with its selector resolved (minDomains defaults to 1). */
export interface HardConstraint extends SpreadConstraint {
  minDomains: number;
}

/** podtopologyspread ErrReasonConstraintsNotMatch */
export const ERR_REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
/** podtopologyspread ErrReasonNodeLabelNotMatch */
export const ERR_REASON_SPREAD_LABEL = `${ERR_REASON_SPREAD} (missing required label)`;

function resolveConstraint(c: Record<string, any>, labels: Record<string, string>): SpreadConstraint { // eslint-disable-line @typescript-eslint/no-explicit-any
  let selector = c.labelSelector ? fromLabelSelector(c.labelSelector) : [{ key: '', op: 'in' as const, values: [] }]; // nil selector: labels.Nothing()
  const extra: Record<string, string> = {};
  for (const k of c.matchLabelKeys ?? []) if (k in labels) extra[k] = labels[k];
  if (Object.keys(extra).length) selector = [...fromMap(extra), ...selector];
  return {
    topologyKey: c.topologyKey,
    maxSkew: c.maxSkew,
    selector,
    nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
  };
}

/** The pod's DoNotSchedule constraints (the system defaults never filter). */
export function hardConstraints(pod: KObject): HardConstraint[] {
  const labels = pod.metadata.labels ?? {};
  const own: Array<Record<string, any>> = pod.spec?.topologySpreadConstraints ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  return own.filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule').map((c) => ({ ...resolveConstraint(c, labels), minDomains: c.minDomains ?? 1 }));
}

/** PreFilter state of the spreading filter: matching pods per domain and the global minimum per constraint. */
export interface HardSpreadState {
  constraints: HardConstraint[];
  /** Per constraint: domain value -> matching pods. */
  counts: Array<Map<string, number>>;
  /** Per constraint: the global minimum used in the skew ("0" with fewer domains than minDomains). */
  minMatch: number[];
  /** Per constraint: 1 when the incoming pod matches its own selector. */
  selfMatch: number[];
}

/**
 * calPreFilterState: over every node that carries all the constraints' keys and passes the
 * inclusion policies, the matching pods per domain; the smallest domain count is the minimum.
 */
export function hardSpreadState(pod: KObject, constraints: HardConstraint[], allNodes: readonly NodeInfo[], countsFor: CountsFor): HardSpreadState {
  const affinity = new RequiredNodeAffinity(pod);
  const tolerations = pod.spec?.tolerations ?? [];
  const counts = constraints.map(() => new Map<string, number>());
  const perNode = constraints.map((c) => countsFor(c));
  for (const ni of allNodes) {
    if (!constraints.every((c) => labelOf(ni, c.topologyKey) !== undefined)) continue;
    constraints.forEach((c, i) => {
      if (c.nodeAffinityPolicy === 'Honor' && !affinity.matches(ni.labels, ni.name)) return;
      if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(ni.taints, tolerations, isDoNotScheduleTaint)) return;
      const v = labelOf(ni, c.topologyKey)!;
      counts[i].set(v, (counts[i].get(v) ?? 0) + (perNode[i].get(ni.name) ?? 0));
    });
  }
  const labels = pod.metadata.labels ?? {};
  return {
    constraints,
    counts,
    minMatch: constraints.map((c, i) => {
      if (counts[i].size < c.minDomains) return 0;
      let min = Infinity;
      for (const n of counts[i].values()) if (n < min) min = n;
      return min === Infinity ? 0 : min;
    }),
    selfMatch: constraints.map((c) => (matches(c.selector, labels) ? 1 : 0)),
  };
}

/**
 * PodTopologySpread Filter: the node must carry every topology key, and for each constraint
 * 'pods in the node's domain' + 'the pod itself if it matches' - 'global minimum' <= maxSkew.
 * Example: zones a (2 pods) and b (0 pods), maxSkew 1: a new pod in zone a gives 2 + 1 - 0 = 3 > 1.
 */
export function spreadFilterReason(state: HardSpreadState, ni: NodeInfo): { reason: string; unresolvable: boolean } | undefined {
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i];
    const v = labelOf(ni, c.topologyKey);
    if (v === undefined) return { reason: ERR_REASON_SPREAD_LABEL, unresolvable: true };
    const skew = (state.counts[i].get(v) ?? 0) + state.selfMatch[i] - state.minMatch[i];
    if (skew > c.maxSkew) return { reason: ERR_REASON_SPREAD, unresolvable: false };
  }
  return undefined;
}

/** Per-node counts of pods matching a constraint's selector in the pod's namespace (terminating pods excluded). */
export type CountsFor = (c: SpreadConstraint) => ReadonlyMap<string, number>;

function labelOf(ni: NodeInfo, key: string): string | undefined {
  if (key === LABEL_HOSTNAME) return ni.hostname;
  if (key === LABEL_ZONE) return ni.zone;
  return ni.labels[key];
}

/**
 * PreScore + Score + NormalizeScore for the feasible nodes, written to `out` (0-100 per node);
 * false when the plugin is skipped (no constraints). Example with hostname only and 3 feasible
 * nodes holding 0, 1 and 2 matching pods: weight ln(5) = 1.609; raw scores round(0*1.609+2) = 2,
 * round(3.609) = 4, round(5.219) = 5; normalised 100*(5+2-s)/5 -> 100, 60, 40.
 */
export function topologySpreadScores(
  pod: KObject,
  constraints: SpreadConstraint[],
  requireAllTopologies: boolean,
  feasible: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  countsFor: CountsFor,
  out: NumberBuffer = new Array<number>(feasible.length),
): boolean {
  const nc = constraints.length;
  const n = feasible.length;
  if (!nc || !allNodes.length) return false;
  const hasAllKeys = (ni: NodeInfo) => {
    for (let i = 0; i < nc; i++) if (labelOf(ni, constraints[i].topologyKey) === undefined) return false;
    return true;
  };
  let numIgnored = 0;
  // `out` first marks ignored nodes with NaN.
  for (let j = 0; j < n; j++) {
    const ign = requireAllTopologies && !hasAllKeys(feasible[j]);
    out[j] = ign ? NaN : 0;
    if (ign) numIgnored++;
  }
  const weights: number[] = [];
  const valueCounts: Array<Map<string, number> | undefined> = [];
  const hostCounts: Array<ReadonlyMap<string, number> | undefined> = [];
  /** Constraints whose key some feasible node carries: the others add to no node's score. */
  const active: number[] = [];
  for (let i = 0; i < nc; i++) {
    const c = constraints[i];
    if (c.topologyKey === LABEL_HOSTNAME) {
      weights.push(topologyNormalizingWeight(n - numIgnored));
      valueCounts.push(undefined);
      hostCounts.push(countsFor(c));
      active.push(i);
      continue;
    }
    hostCounts.push(undefined);
    // Domains = the values (a missing label counts as '') among the feasible, non-ignored nodes.
    const values = new Map<string, number>();
    let anyLabelled = false;
    for (let j = 0; j < n; j++) {
      if (out[j] !== out[j]) continue;
      const v = labelOf(feasible[j], c.topologyKey);
      if (v !== undefined) anyLabelled = true;
      if (!values.has(v ?? '')) values.set(v ?? '', 0);
    }
    weights.push(topologyNormalizingWeight(values.size));
    valueCounts.push(values);
    if (!anyLabelled) continue;
    active.push(i);
    // Domain counts over every node the constraint includes (nodeAffinityPolicy Honor: the node
    // must match the pod's nodeSelector/required affinity; nodeTaintsPolicy Honor: its taints
    // must be tolerated).
    const counts = countsFor(c);
    const affinity = new RequiredNodeAffinity(pod);
    for (const ni of allNodes) {
      if (requireAllTopologies && !hasAllKeys(ni)) continue;
      if (c.nodeAffinityPolicy === 'Honor' && !affinity.matches(ni.labels, ni.name)) continue;
      if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(ni.taints, pod.spec?.tolerations ?? [], isDoNotScheduleTaint)) continue;
      const v = labelOf(ni, c.topologyKey) ?? '';
      const cur = values.get(v);
      if (cur !== undefined) values.set(v, cur + (counts.get(ni.name) ?? 0));
    }
  }
  const na = active.length;
  for (let j = 0; j < n; j++) {
    if (out[j] !== out[j]) continue;
    const ni = feasible[j];
    let score = 0;
    for (let a = 0; a < na; a++) {
      const i = active[a];
      const c = constraints[i];
      const hc = hostCounts[i];
      if (hc) {
        if (ni.hostname === undefined) continue;
        score += scoreForCount(hc.get(ni.name) ?? 0, c.maxSkew, weights[i]);
      } else {
        const v = labelOf(ni, c.topologyKey);
        if (v === undefined) continue;
        score += scoreForCount(valueCounts[i]!.get(v) ?? 0, c.maxSkew, weights[i]);
      }
    }
    out[j] = Math.round(score);
  }
  normalizeTopologySpreadInPlace(out, n);
  return true;
}
