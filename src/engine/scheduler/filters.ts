/**
 * The Filter plugins of kube-scheduler v1.32's default profile that Podium evaluates, as pure
 * functions of (pod, node), in the order the framework runs them: NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit. The first plugin that rejects a node
 * decides its status (framework.RunFilterPlugins stops there).
 *
 * Reasons and codes are upstream's (pkg/scheduler/framework/plugins/<plugin>/*.go): a code of
 * UnschedulableAndUnresolvable tells preemption that evicting pods cannot help on that node.
 */
import { TAINT_NODE_UNSCHEDULABLE, findUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from './taints';
import { RequiredNodeAffinity } from './nodeaffinity';
import { HOT_ALLOC_CPU, HOT_ALLOC_MEMORY, HOT_ALLOC_PODS, HOT_PODS, HOT_REQ_CPU, HOT_REQ_MEMORY, HOT_TAINTS, type NodeInfo } from './nodeinfo';
import type { PodInfo, Resources } from './podinfo';
import { spreadFilterReason, type HardSpreadState } from './topologyspread';

/** framework.Code values a filter can return. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A plugin's rejection of a node. */
export interface Status {
  plugin: string;
  code: StatusCode;
  reasons: string[];
}

/** nodeunschedulable.ErrReasonUnschedulable */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** nodename.ErrReason */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
/** nodeaffinity.ErrReasonPod */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** nodeaffinity errReasonConflict (PreFilter: the terms' metadata.name sets do not intersect) */
export const ERR_REASON_AFFINITY_CONFLICT = 'pod affinity terms conflict';
/** nodeports.ErrReason */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** The filter plugins in the order the default profile runs them. */
export const FILTER_PLUGINS = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread'] as const;

/** What filters need about the pod, computed once per scheduling attempt (PreFilter state). */
export interface PodCycle {
  pi: PodInfo;
  affinity: RequiredNodeAffinity;
  /** The pod tolerates node.kubernetes.io/unschedulable:NoSchedule. */
  toleratesUnschedulable: boolean;
  /** PodTopologySpread PreFilter state, set when the pod has DoNotSchedule constraints. */
  spread?: HardSpreadState;
}

/** Builds the per-attempt state of a pod. */
export function newPodCycle(pi: PodInfo): PodCycle {
  return {
    pi,
    affinity: new RequiredNodeAffinity(pi.pod),
    toleratesUnschedulable: tolerationsTolerateTaint(pi.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' }),
  };
}

/** NodeUnschedulable: a cordoned node (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
export function nodeUnschedulable(c: PodCycle, ni: NodeInfo): Status | undefined {
  if (!ni.unschedulable || c.toleratesUnschedulable) return undefined;
  return { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] };
}

/** NodeName: a pod naming a node in spec.nodeName fits only that node. */
export function nodeName(c: PodCycle, ni: NodeInfo): Status | undefined {
  const want = c.pi.pod.spec?.nodeName;
  if (!want || want === ni.name) return undefined;
  return { plugin: 'NodeName', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_NAME] };
}

/**
 * TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate, printed as
 * `node(s) had untolerated taint {key: value}` (an empty value prints as `{key: }`).
 */
export function taintToleration(c: PodCycle, ni: NodeInfo): Status | undefined {
  if (!ni.hot[HOT_TAINTS]) return undefined;
  const taint = findUntoleratedTaint(ni.taints, c.pi.tolerations, isDoNotScheduleTaint);
  if (!taint) return undefined;
  return { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`] };
}

/** NodeAffinity: spec.nodeSelector and the required node affinity. */
export function nodeAffinity(c: PodCycle, ni: NodeInfo): Status | undefined {
  if (c.affinity.empty || c.affinity.matches(ni.labels, ni.name)) return undefined;
  return { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_AFFINITY] };
}

/** NodePorts: a wanted host port already used on the node. */
export function nodePorts(c: PodCycle, ni: NodeInfo): Status | undefined {
  const ports = c.pi.hostPorts;
  if (!ports.length || !ni.usedPorts.size) return undefined;
  for (const hp of ports) if (ni.portConflict(hp)) return { plugin: 'NodePorts', code: 'Unschedulable', reasons: [ERR_REASON_NODE_PORTS] };
  return undefined;
}

/**
 * noderesources fitsRequest: the pod count against allocatable pods ("Too many pods"), then each
 * requested resource against allocatable minus what the node's pods request. Example: 4 CPUs
 * allocatable, 3500m requested, a pod asking 600m -> 600 > 4000 - 3500 -> "Insufficient cpu".
 * Every failing resource is a reason of its own; v1.32 always returns Unschedulable.
 */
export function fitsRequest(pi: PodInfo, ni: NodeInfo): string[] | undefined {
  const r = pi.requests;
  const h = ni.hot;
  // The common case read from the node's hot numbers alone: room for one more pod, and no
  // request beyond cpu and memory or one that fits (the same tests as insufficientResources).
  if (
    h[HOT_PODS] + 1 <= h[HOT_ALLOC_PODS] &&
    r.ephemeralStorage === 0 &&
    !r.scalar &&
    !(r.milliCPU > 0 && r.milliCPU > h[HOT_ALLOC_CPU] - h[HOT_REQ_CPU]) &&
    !(r.memory > 0 && r.memory > h[HOT_ALLOC_MEMORY] - h[HOT_REQ_MEMORY])
  )
    return undefined;
  return insufficientResources(pi.requests, ni.allocatable, ni.requested, ni.pods.size);
}

/** The reasons of fitsRequest for explicit amounts (also used with an empty node by queueing hints). */
export function insufficientResources(r: Resources, a: Resources & { pods: number }, used: Resources, podCount: number): string[] | undefined {
  let reasons: string[] | undefined;
  if (podCount + 1 > a.pods) (reasons ??= []).push('Too many pods');
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !r.scalar) return reasons;
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU) (reasons ??= []).push('Insufficient cpu');
  if (r.memory > 0 && r.memory > a.memory - used.memory) (reasons ??= []).push('Insufficient memory');
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) (reasons ??= []).push('Insufficient ephemeral-storage');
  if (r.scalar) {
    for (const [name, q] of Object.entries(r.scalar)) {
      if (q > (a.scalar?.[name] ?? 0) - (used.scalar?.[name] ?? 0)) (reasons ??= []).push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

/** NodeResourcesFit's filter. */
export function nodeResourcesFit(c: PodCycle, ni: NodeInfo): Status | undefined {
  const reasons = fitsRequest(c.pi, ni);
  return reasons ? { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons } : undefined;
}

/** PodTopologySpread's filter, for pods with their own DoNotSchedule constraints. */
export function podTopologySpread(c: PodCycle, ni: NodeInfo): Status | undefined {
  if (!c.spread) return undefined;
  const r = spreadFilterReason(c.spread, ni);
  return r ? { plugin: 'PodTopologySpread', code: r.unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons: [r.reason] } : undefined;
}

const FILTERS = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, podTopologySpread];

/** Runs the filters in order; the first rejection, or undefined when the node fits. */
export function runFilters(c: PodCycle, ni: NodeInfo): Status | undefined {
  for (const f of FILTERS) {
    const s = f(c, ni);
    if (s) return s;
  }
  return undefined;
}
