/**
 * framework.NodeInfo: one node with what the scheduler has placed on it, updated incrementally as
 * pods are bound, change or go away: requested and non-zero requested resources, pod count, host
 * ports in use, and the images the kubelet reports.
 */
import type { KObject, Taint } from '../api/types';
import { nodeAllocatable, type HostPort, type PodInfo, type Resources } from './podinfo';

/** The scheduler's aggregate view of one node. */
export class NodeInfo {
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
  /** Image name (every name of node.status.images) -> size in bytes. */
  images = new Map<string, number>();

  /** Creates the NodeInfo of a node. */
  constructor(node: KObject) {
    this.node = node;
    this.setNode(node);
  }

  /** The node's name. */
  get name(): string {
    return this.node.metadata.name;
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
