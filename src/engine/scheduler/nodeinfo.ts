/**
 * framework.NodeInfo: one node with what the scheduler has placed on it, updated incrementally as
 * pods are bound, change or go away: requested and non-zero requested resources, pod count, host
 * ports in use, and the images the kubelet reports.
 */
import type { KObject, Taint } from '../api/types';
import { nodeAllocatable, type HostPort, type PodInfo, type Resources } from './podinfo';

/**
 * Slots of NodeInfo.hot: the numbers every filter and score reads for every node examined, kept
 * together in one typed array (plain object fields would each be a boxed number in a different
 * place in memory, and a scheduling cycle reads them for hundreds of nodes).
 */
export const HOT_ALLOC_CPU = 0;
export const HOT_ALLOC_MEMORY = 1;
export const HOT_REQ_CPU = 2;
export const HOT_REQ_MEMORY = 3;
export const HOT_NONZERO_CPU = 4;
export const HOT_NONZERO_MEMORY = 5;
export const HOT_PODS = 6;
export const HOT_ALLOC_PODS = 7;
export const HOT_TAINTS = 8;
export const HOT_IMAGES = 9;

/** The scheduler's aggregate view of one node. */
export class NodeInfo {
  /** The node's name. */
  name: string;
  /** Mirrors of allocatable, requested, non-zero requests, pod count, taint and image counts (see HOT_*). */
  readonly hot = new Float64Array(10);
  node: KObject;
  labels: Record<string, string> = {};
  /** The kubernetes.io/hostname and topology.kubernetes.io/zone labels, read once (spreading reads them per node per pod). */
  hostname: string | undefined;
  zone: string | undefined;
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Resources & { pods: number } = { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
  /** Sum of the requests of the pods on the node. */
  requested: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  /** Sum with the non-zero defaults (100m / 200Mi per container without requests). */
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  /** Pods on the node by uid. */
  readonly pods = new Map<string, PodInfo>();
  /** `PROTOCOL/port` -> host IP -> number of pods using it. */
  readonly usedPorts = new Map<string, Map<string, number>>();
  /** Image name (every name of node.status.images) -> size in bytes (replaced by setNode and clearImages only). */
  images = new Map<string, number>();
  /** The last image imageSize() looked up and its answer (reset when the node's images change). */
  private lastImage: string | undefined;
  private lastImageSize: number | undefined;

  /** Creates the NodeInfo of a node. */
  constructor(node: KObject) {
    this.name = node.metadata.name;
    this.node = node;
    this.setNode(node);
  }

  /** Refreshes the node-derived fields after a Node update. */
  setNode(node: KObject): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.hostname = this.labels['kubernetes.io/hostname'];
    this.zone = this.labels['topology.kubernetes.io/zone'];
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = nodeAllocatable(node);
    const images = new Map<string, number>();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
    this.images = images;
    this.lastImage = undefined;
    this.lastImageSize = undefined;
    this.name = node.metadata.name;
    const h = this.hot;
    h[HOT_ALLOC_CPU] = this.allocatable.milliCPU;
    h[HOT_ALLOC_MEMORY] = this.allocatable.memory;
    h[HOT_ALLOC_PODS] = this.allocatable.pods;
    h[HOT_TAINTS] = this.taints.length;
    h[HOT_IMAGES] = images.size;
  }

  /** Forgets the node's images (the node is gone; its pods may linger). */
  clearImages(): void {
    this.images = new Map();
    this.lastImage = undefined;
    this.lastImageSize = undefined;
    this.hot[HOT_IMAGES] = 0;
  }

  /**
   * The size of an image on the node, or undefined. Successive pods mostly ask for the same
   * image, so the last answer is kept (images change only in setNode, which drops it).
   */
  imageSize(image: string): number | undefined {
    if (image === this.lastImage) return this.lastImageSize;
    const size = this.images.get(image);
    this.lastImage = image;
    this.lastImageSize = size;
    return size;
  }

  /** Accounts a pod placed on the node. */
  addPod(pi: PodInfo): void {
    this.pods.set(pi.uid, pi);
    this.update(pi, 1);
  }

  /** Removes a pod's accounting; false when it was not there. */
  removePod(uid: string): PodInfo | undefined {
    const pi = this.pods.get(uid);
    if (!pi) return undefined;
    this.pods.delete(uid);
    this.update(pi, -1);
    return pi;
  }

  private update(pi: PodInfo, sign: number): void {
    const r = pi.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar) {
      const s = (this.requested.scalar ??= {});
      for (const [k, v] of Object.entries(r.scalar)) s[k] = (s[k] ?? 0) + sign * v;
    }
    this.nonZeroMilliCPU += sign * pi.nonZeroMilliCPU;
    this.nonZeroMemory += sign * pi.nonZeroMemory;
    const h = this.hot;
    h[HOT_REQ_CPU] = this.requested.milliCPU;
    h[HOT_REQ_MEMORY] = this.requested.memory;
    h[HOT_NONZERO_CPU] = this.nonZeroMilliCPU;
    h[HOT_NONZERO_MEMORY] = this.nonZeroMemory;
    h[HOT_PODS] = this.pods.size;
    for (const hp of pi.hostPorts) {
      const key = `${hp.protocol}/${hp.port}`;
      let m = this.usedPorts.get(key);
      if (!m) this.usedPorts.set(key, (m = new Map()));
      const n = (m.get(hp.ip) ?? 0) + sign;
      if (n > 0) m.set(hp.ip, n);
      else m.delete(hp.ip);
      if (!m.size) this.usedPorts.delete(key);
    }
  }

  /**
   * HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP on the same protocol and port, a
   * specific IP with itself and with 0.0.0.0.
   */
  portConflict(hp: HostPort): boolean {
    const m = this.usedPorts.get(`${hp.protocol}/${hp.port}`);
    if (!m) return false;
    if (hp.ip === '0.0.0.0') return m.size > 0;
    return m.has(hp.ip) || m.has('0.0.0.0');
  }
}
