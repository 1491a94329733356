/**
 * Pure helpers of the DaemonSet controller, re-expressed from pkg/controller/daemon/util/
 * daemonset_util.go and daemon_controller.go (v1.32), plus the taint/toleration and required
 * node affinity rules of k8s.io/component-helpers (scheduling/corev1) that decide whether a node
 * should run a daemon pod.
 */
import type { KObject, Taint, Toleration } from '../../api/types';
import { parseTime } from '../../api/time';

/** The label carrying the DaemonSet template's generation (extensions.DaemonSetTemplateGenerationKey). */
export const DAEMONSET_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The label carrying the hash of the template (apps.ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The annotation the API server keeps the template generation in (apps/v1 DaemonSet). */
export const DEPRECATED_TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * The tolerations every daemon pod gets (util.AddOrUpdateDaemonPodTolerations), in this order:
 * daemons keep running on not-ready and unreachable nodes (NoExecute without tolerationSeconds:
 * forever), land on nodes under disk, memory or PID pressure and on cordoned nodes, and, when
 * they use the host network, on nodes whose network is not configured yet.
 */
export const DAEMON_POD_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The extra toleration of host-network daemon pods. */
export const NETWORK_UNAVAILABLE_TOLERATION: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/**
 * AddOrUpdateTolerationInPodSpec for each daemon toleration: a toleration with the same key,
 * operator, value and effect is replaced (kept when identical), any other is appended.
 */
export function addOrUpdateDaemonPodTolerations(spec: Record<string, unknown>): void {
  const tolerations: Toleration[] = [...((spec.tolerations as Toleration[] | undefined) ?? [])];
  const wanted = [...DAEMON_POD_TOLERATIONS];
  if (spec.hostNetwork) wanted.push(NETWORK_UNAVAILABLE_TOLERATION);
  for (const t of wanted) {
    const i = tolerations.findIndex((x) => sameToleration(x, t));
    if (i >= 0) {
      // Same match but maybe different tolerationSeconds: the daemon one wins.
      if (tolerations[i].tolerationSeconds !== undefined) tolerations[i] = { ...t };
    } else tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
}

/** Toleration.ToleratesTaint: effect (if set) and key (if set) must match; Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** FindMatchingUntoleratedTaint: the first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!filter(taint)) continue;
    if (!(tolerations ?? []).some((t) => toleratesTaint(t, taint))) return taint;
  }
  return undefined;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number(value);
      const b = Number(values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/**
 * nodeaffinity.NodeSelector.Match: the terms are ORed; a term's matchExpressions (on labels)
 * and matchFields (only `metadata.name` exists) are ANDed; a term with neither matches nothing.
 */
export function nodeSelectorTermsMatch(terms: ReadonlyArray<{ matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }>, node: KObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const term of terms) {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (!exprs.length && !fields.length) continue;
    const ok =
      exprs.every((r) => requirementMatches(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) &&
      fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name));
    if (ok) return true;
  }
  return false;
}

/**
 * GetRequiredNodeAffinity(pod).Match(node): the pod's nodeSelector (every pair must be a node
 * label) and its required node affinity terms.
 */
export function podMatchesNodeAffinity(podSpec: Record<string, any> | undefined, node: KObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec?.nodeSelector as Record<string, string>) ?? {})) if (labels[k] !== v) return false;
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) return nodeSelectorTermsMatch(required.nodeSelectorTerms ?? [], node);
  return true;
}

/** NewPod: the daemon pod a DaemonSet would run on a node (template spec + daemon tolerations). */
export function newDaemonPodSpec(ds: KObject, nodeName: string): Record<string, any> {
  const spec: Record<string, any> = JSON.parse(JSON.stringify(ds.spec?.template?.spec ?? {}));
  spec.nodeName = nodeName;
  addOrUpdateDaemonPodTolerations(spec);
  return spec;
}

/** Whether a node should run a daemon pod, and whether a running one may stay. */
export interface ShouldRun {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/**
 * NodeShouldRunDaemonPod: a node runs the daemon when the template's nodeName (if any) names it,
 * the nodeSelector and required node affinity match it, and its NoSchedule/NoExecute taints are
 * all tolerated. A node whose only untolerated taints are NoSchedule keeps an existing daemon pod
 * (shouldContinueRunning) but gets no new one. Example: a node tainted `dedicated=db:NoSchedule`
 * keeps kube-proxy running there but a new DaemonSet without that toleration skips it.
 */
export function nodeShouldRunDaemonPod(node: KObject, ds: KObject): ShouldRun {
  return nodeShouldRunDaemonPodWith(node, ds, newDaemonPodSpec(ds, ''));
}

/**
 * nodeShouldRunDaemonPod with the daemon pod spec (newDaemonPodSpec) computed once by the caller,
 * so a sync over many nodes does not copy the template for each.
 */
export function nodeShouldRunDaemonPodWith(node: KObject, ds: KObject, spec: Record<string, any>): ShouldRun {
  const templateNodeName = ds.spec?.template?.spec?.nodeName ?? '';
  if (templateNodeName && templateNodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!podMatchesNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints: Taint[] = node.spec?.taints ?? [];
  if (!taints.length) return { shouldRun: true, shouldContinueRunning: true };
  const untolerated = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (untolerated) {
    const noExecute = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes a single term
 * `metadata.name In [node]` (the DaemonSet already checked its own affinity against the node), so
 * the default scheduler binds the pod to that node; preferred terms and other affinities stay.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Record<string, any> | undefined, nodeName: string): Record<string, any> {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const out: Record<string, any> = affinity ? JSON.parse(JSON.stringify(affinity)) : {};
  out.nodeAffinity ??= {};
  out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ??= {};
  out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [term];
  return out;
}

/**
 * GetTargetNodeName: the node a daemon pod is for: spec.nodeName once bound, before that the
 * single `metadata.name` value of its required node affinity; undefined when there is none.
 */
export function getTargetNodeName(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** The DaemonSet's template generation (the deprecated annotation, else metadata.generation). */
export function templateGeneration(ds: KObject): number | undefined {
  const a = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION_ANNOTATION];
  if (a !== undefined) {
    const n = Number(a);
    return Number.isInteger(n) ? n : undefined;
  }
  return ds.metadata.generation;
}

/** IsPodUpdated: the pod carries the current template hash or the current template generation. */
export function isPodUpdated(pod: KObject, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches = generation !== undefined && labels[DAEMONSET_TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[CONTROLLER_REVISION_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest first, then by name. */
export function comparePodsByCreationTimestampAndPhase(a: KObject, b: KObject): number {
  const ba = !!a.spec?.nodeName;
  const bb = !!b.spec?.nodeName;
  if (ba !== bb) return ba ? -1 : 1;
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta === tb) return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  return ta < tb ? -1 : 1;
}

/**
 * intstr.GetScaledValueFromIntOrPercent with rounding up, as the DaemonSet's UnavailableCount
 * and SurgeCount use it: 10% of 15 nodes is 1.5, so 2. Anything else than a number or `N%`
 * counts as 0 (validation rejects it).
 */
export function scaledValueRoundUp(v: number | string | undefined, total: number): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^\d+%$/.test(v)) return 0;
  return Math.ceil((Number(v.slice(0, -1)) * total) / 100);
}

/**
 * findUpdatedPodsOnNode: the node's (not terminating) pod of the current template and the one of
 * an older template; ok is false when there are two of either kind (manage() cleans that up).
 */
export function findUpdatedPodsOnNode(pods: readonly KObject[], hash: string, generation: number | undefined): { newPod?: KObject; oldPod?: KObject; ok: boolean } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}
