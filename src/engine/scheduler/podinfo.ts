/**
 * What the scheduler needs to know about a pod, computed once per pod version: its resource
 * requests (component-helpers resource.PodRequests), the "non-zero" requests used for scoring, its
 * host ports, images, tolerations and priority.
 */
import type { KObject, Toleration, Taint } from '../api/types';
import { parseMilli, parseQuantity } from '../api/quantity';

/** Requested or allocatable amounts: CPU in millicores, memory and storage in bytes. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepage resources (`nvidia.com/gpu`, `hugepages-2Mi`), absent when none. */
  scalar?: Record<string, number>;
}

/** A host port a container asks for: hostIP defaults to 0.0.0.0, protocol to TCP. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/**
 * pkg/scheduler/util: pods without a CPU or memory request count as 100m and 200Mi when scoring
 * (never when filtering), so that many best-effort pods do not pile onto one node.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** 200 MiB, the memory counted for a container without a memory request when scoring. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The scheduler's view of one pod version. */
export interface PodInfo {
  uid: string;
  namespace: string;
  name: string;
  pod: KObject;
  labels: Record<string, string>;
  /** Requests for filtering (NodeResourcesFit) and BalancedAllocation. */
  requests: Resources;
  /** CPU and memory with the non-zero defaults applied per container (LeastAllocated, NodeInfo.NonZeroRequested). */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  hostPorts: HostPort[];
  /** Normalized image names of init and regular containers (ImageLocality). */
  images: string[];
  tolerations: Toleration[];
  /** spec.priority (set by the Priority admission plugin), 0 when absent. */
  priority: number;
  /** Being deleted (PodTopologySpread ignores such pods). */
  terminating: boolean;
}

const CORE = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/** Whether a resource name is a scalar resource the scheduler accounts (extended, hugepages, attachable volumes). */
export function isScalarResourceName(name: string): boolean {
  if (CORE.has(name)) return false;
  // v1helper.IsScalarResourceName: extended (`example.com/foo`), prefixed native (`kubernetes.io/x`),
  // hugepages and attachable volumes.
  return name.startsWith('hugepages-') || name.startsWith('attachable-volumes-') || (name.includes('/') && !name.startsWith('requests.'));
}

function value(q: unknown): number {
  // Quantity.Value() rounds up to a whole unit.
  return Math.ceil(parseQuantity(q as string | number) - 1e-9);
}

type ResList = Record<string, string | number> | undefined;

/** Adds one container's requests (with optional non-missing defaults) into `acc`. */
function addList(acc: Map<string, number>, list: ResList, defaults: boolean): void {
  const seen = new Set<string>();
  if (list) {
    for (const [name, q] of Object.entries(list)) {
      seen.add(name);
      const v = name === 'cpu' ? parseMilli(q) : value(q);
      acc.set(name, (acc.get(name) ?? 0) + v);
    }
  }
  if (defaults) {
    if (!seen.has('cpu')) acc.set('cpu', (acc.get('cpu') ?? 0) + DEFAULT_MILLI_CPU_REQUEST);
    if (!seen.has('memory')) acc.set('memory', (acc.get('memory') ?? 0) + DEFAULT_MEMORY_REQUEST);
  }
}

function maxInto(acc: Map<string, number>, other: Map<string, number>): void {
  for (const [k, v] of other) if (v > (acc.get(k) ?? 0)) acc.set(k, v);
}

/**
 * resource.PodRequests: the sum of the regular containers' requests, raised to the largest
 * init container's (init containers run one at a time before them), plus pod overhead.
 * Restartable init containers (sidecars, restartPolicy Always) run alongside, so they add to the
 * sum and to every later init container's usage. Example: containers 100m + 200m, init containers
 * 500m and 250m -> max(300m, 500m) = 500m. With `nonZero`, a container without a CPU (memory)
 * request counts as 100m (200Mi).
 */
export function podRequestMap(pod: KObject, nonZero = false): Map<string, number> {
  const reqs = new Map<string, number>();
  const spec = pod.spec ?? {};
  for (const c of spec.containers ?? []) addList(reqs, c.resources?.requests, nonZero);
  const sidecars = new Map<string, number>();
  const initMax = new Map<string, number>();
  for (const c of spec.initContainers ?? []) {
    const own = new Map<string, number>();
    addList(own, c.resources?.requests, nonZero);
    if (c.restartPolicy === 'Always') {
      for (const [k, v] of own) reqs.set(k, (reqs.get(k) ?? 0) + v);
      for (const [k, v] of own) sidecars.set(k, (sidecars.get(k) ?? 0) + v);
      maxInto(initMax, sidecars);
    } else {
      const use = new Map(own);
      for (const [k, v] of sidecars) use.set(k, (use.get(k) ?? 0) + v);
      maxInto(initMax, use);
    }
  }
  maxInto(reqs, initMax);
  if (spec.overhead) addList(reqs, spec.overhead, false);
  return reqs;
}

/** Converts a request map to Resources (pods are not requested). */
export function toResources(m: Map<string, number>): Resources {
  const r: Resources = { milliCPU: m.get('cpu') ?? 0, memory: m.get('memory') ?? 0, ephemeralStorage: m.get('ephemeral-storage') ?? 0 };
  for (const [k, v] of m) {
    if (!isScalarResourceName(k) || v === 0) continue;
    (r.scalar ??= {})[k] = v;
  }
  return r;
}

/** A node's allocatable resources and pod capacity from status.allocatable. */
export function nodeAllocatable(node: KObject): Resources & { pods: number } {
  const a: Record<string, string | number> = node.status?.allocatable ?? {};
  const r: Resources & { pods: number } = {
    milliCPU: a.cpu !== undefined ? parseMilli(a.cpu) : 0,
    memory: a.memory !== undefined ? value(a.memory) : 0,
    ephemeralStorage: a['ephemeral-storage'] !== undefined ? value(a['ephemeral-storage']) : 0,
    pods: a.pods !== undefined ? value(a.pods) : 0,
  };
  for (const [k, q] of Object.entries(a)) if (isScalarResourceName(k)) (r.scalar ??= {})[k] = value(q);
  return r;
}

/** schedutil.GetHostPorts: the host ports of the regular containers. */
export function podHostPorts(pod: KObject): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  return out;
}

/**
 * imagelocality.normalizedImageName: a name without a tag gets `:latest` (a colon before the
 * last slash belongs to a registry port: `registry:5000/app` -> `registry:5000/app:latest`).
 */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** Builds the PodInfo of a stored pod. */
export function newPodInfo(pod: KObject): PodInfo {
  const spec = pod.spec ?? {};
  const nz = podRequestMap(pod, true);
  const images: string[] = [];
  for (const c of spec.initContainers ?? []) if (c.image) images.push(normalizedImageName(c.image));
  for (const c of spec.containers ?? []) if (c.image) images.push(normalizedImageName(c.image));
  return {
    uid: pod.metadata.uid,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    pod,
    labels: pod.metadata.labels ?? {},
    requests: toResources(podRequestMap(pod)),
    nonZeroMilliCPU: nz.get('cpu') ?? 0,
    nonZeroMemory: nz.get('memory') ?? 0,
    hostPorts: podHostPorts(pod),
    images,
    tolerations: spec.tolerations ?? [],
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    terminating: !!pod.metadata.deletionTimestamp,
  };
}

/** The taints of a node (spec.taints). */
export function nodeTaints(node: KObject): Taint[] {
  return node.spec?.taints ?? [];
}
