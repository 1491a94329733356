/**
 * The scheduler cache (pkg/scheduler/backend/cache): a NodeInfo per node, kept up to date
 * incrementally from Node and Pod watch events, the node tree that fixes the order nodes are
 * examined in, cluster-wide image counts (ImageLocality) and per-selector pod counts per node
 * (PodTopologySpread). No decision walks all pods.
 *
 * The scheduler's pod informer excludes Succeeded and Failed pods (scheduler.go newPodInformer's
 * field selector), so a pod that finishes leaves the cache as if deleted.
 */
import { evictOldest } from '../sim/lru';
import type { KObject } from '../api/types';
import { formatSelector, matches, type Selector } from '../api/labels';
import { deepEqual } from '../sim/dev';
import { NodeInfo } from './nodeinfo';
import { newPodInfo, type PodInfo } from './podinfo';

/** The node tree's state: zones in the order they appeared, node names per zone in insertion order. */
export interface NodeTreeState {
  zones: string[];
  tree: Record<string, string[]>;
}

/** nodetopology.GetZoneKey: `region:\0:zone` from the topology labels, or '' without them. */
export function zoneKey(labels: Record<string, string> | undefined): string {
  const l = labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

/**
 * internal/cache nodeTree: nodes grouped by zone; list() takes one node of each zone in turn, so
 * that the first nodes examined are spread over zones. Example: zone a [a1, a2], zone b [b1] ->
 * a1, b1, a2.
 */
export class NodeTree {
  private zones: string[] = [];
  private tree = new Map<string, string[]>();
  private cached: string[] | undefined;

  /** Adds a node to its zone (no-op if present). */
  add(name: string, zone: string): void {
    let na = this.tree.get(zone);
    if (!na) {
      this.tree.set(zone, (na = []));
      this.zones.push(zone);
    }
    if (na.includes(name)) return;
    na.push(name);
    this.cached = undefined;
  }

  /** Removes a node from its zone (dropping the zone when it empties). */
  remove(name: string, zone: string): void {
    const na = this.tree.get(zone);
    if (!na) return;
    const i = na.indexOf(name);
    if (i < 0) return;
    na.splice(i, 1);
    if (!na.length) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
    this.cached = undefined;
  }

  /** Node names in examination order. */
  list(): string[] {
    if (this.cached) return this.cached;
    const out: string[] = [];
    const lists = this.zones.map((z) => this.tree.get(z)!);
    const longest = Math.max(0, ...lists.map((l) => l.length));
    for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
    return (this.cached = out);
  }

  /** Serialisable state. */
  save(): NodeTreeState {
    const tree: Record<string, string[]> = {};
    for (const z of this.zones) tree[z] = [...this.tree.get(z)!];
    return { zones: [...this.zones], tree };
  }

  /** Restores what save() produced. */
  load(s: NodeTreeState): void {
    this.zones = [...s.zones];
    this.tree = new Map(s.zones.map((z) => [z, [...s.tree[z]]]));
    this.cached = undefined;
  }
}

interface SpreadCounter {
  namespace: string;
  selector: Selector;
  counts: Map<string, number>;
}

/** How many selector counters are kept (least recently used ones are dropped and rebuilt on demand). */
const MAX_SPREAD_COUNTERS = 32;

/** Whether the scheduler's informer sees a pod as an assigned, non-terminal pod. */
export function isCachedPod(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

/** NodeInfos, node order, image counts and spreading counters. */
export class SchedulerCache {
  /** By node name; includes entries for pods bound to nodes that do not exist (hasNode false). */
  private readonly infos = new Map<string, NodeInfo>();
  private readonly hasNode = new Set<string>();
  private readonly tree = new NodeTree();
  /** pod uid -> node name */
  private readonly podNode = new Map<string, string>();
  /** image name -> number of nodes reporting it */
  private readonly imageNodes = new Map<string, number>();
  private readonly counters = new Map<string, SpreadCounter>();
  private listCache: NodeInfo[] | undefined;

  /** Number of nodes. */
  get numNodes(): number {
    return this.hasNode.size;
  }

  /** The NodeInfo of an existing node. */
  get(name: string): NodeInfo | undefined {
    return this.hasNode.has(name) ? this.infos.get(name) : undefined;
  }

  /** NodeInfos of all nodes in node-tree order (shared array: do not modify). */
  list(): NodeInfo[] {
    if (this.listCache) return this.listCache;
    const out: NodeInfo[] = [];
    for (const n of this.tree.list()) {
      const ni = this.hasNode.has(n) ? this.infos.get(n) : undefined;
      if (ni) out.push(ni);
    }
    return (this.listCache = out);
  }

  /** How many nodes report an image (ImageStateSummary.NumNodes). */
  imageNumNodes(name: string): number {
    return this.imageNodes.get(name) ?? 0;
  }

  /** The node a cached pod is on. */
  nodeOfPod(uid: string): string | undefined {
    return this.podNode.get(uid);
  }

  /** Handles a Node add. */
  addNode(node: KObject): NodeInfo {
    const name = node.metadata.name;
    let ni = this.infos.get(name);
    if (ni) {
      this.forgetImages(ni);
      ni.setNode(node);
    } else {
      ni = new NodeInfo(node);
      this.infos.set(name, ni);
    }
    this.rememberImages(ni);
    this.hasNode.add(name);
    this.tree.add(name, zoneKey(node.metadata.labels));
    this.listCache = undefined;
    return ni;
  }

  /** Handles a Node update. */
  updateNode(old: KObject, node: KObject): NodeInfo {
    const ni = this.infos.get(node.metadata.name);
    if (!ni || !this.hasNode.has(node.metadata.name)) return this.addNode(node);
    const oldZone = zoneKey(old.metadata.labels);
    const newZone = zoneKey(node.metadata.labels);
    this.forgetImages(ni);
    ni.setNode(node);
    this.rememberImages(ni);
    if (oldZone !== newZone) {
      this.tree.remove(node.metadata.name, oldZone);
      this.tree.add(node.metadata.name, newZone);
      this.listCache = undefined;
    }
    return ni;
  }

  /** Handles a Node delete; its pods stay accounted until they go. */
  removeNode(node: KObject): void {
    const name = node.metadata.name;
    const ni = this.infos.get(name);
    if (!ni) return;
    this.forgetImages(ni);
    ni.clearImages();
    this.hasNode.delete(name);
    this.tree.remove(name, zoneKey(ni.node.metadata.labels));
    if (!ni.pods.size) this.infos.delete(name);
    this.listCache = undefined;
  }

  /** Accounts an assigned, non-terminal pod. */
  addPod(pod: KObject): PodInfo {
    const pi = newPodInfo(pod);
    const nodeName = pod.spec.nodeName as string;
    let ni = this.infos.get(nodeName);
    if (!ni) {
      ni = new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } } as KObject);
      this.infos.set(nodeName, ni);
    }
    ni.addPod(pi);
    this.podNode.set(pi.uid, nodeName);
    this.countPod(pi, nodeName, 1);
    return pi;
  }

  /**
   * Handles an update of an accounted pod. Requests and host ports of a bound pod cannot change in
   * v1.32 (in-place resize is alpha and off), so unless its labels or its terminating state
   * changed, only the object is swapped.
   */
  updatePod(old: KObject, pod: KObject): PodInfo {
    const pi = this.podNode.has(pod.metadata.uid) ? this.infos.get(this.podNode.get(pod.metadata.uid)!)?.pods.get(pod.metadata.uid) : undefined;
    if (pi && old.spec?.nodeName === pod.spec?.nodeName && !!pod.metadata.deletionTimestamp === pi.terminating && deepEqual(old.metadata.labels, pod.metadata.labels)) {
      pi.pod = pod;
      return pi;
    }
    this.removePod(old.metadata.uid);
    return this.addPod(pod);
  }

  /** Removes a pod's accounting. */
  removePod(uid: string): PodInfo | undefined {
    const nodeName = this.podNode.get(uid);
    if (nodeName === undefined) return undefined;
    this.podNode.delete(uid);
    const ni = this.infos.get(nodeName);
    const pi = ni?.removePod(uid);
    if (pi) this.countPod(pi, nodeName, -1);
    if (ni && !ni.pods.size && !this.hasNode.has(nodeName)) this.infos.delete(nodeName);
    return pi;
  }

  /** Whether a pod is accounted. */
  hasPod(uid: string): boolean {
    return this.podNode.has(uid);
  }

  /**
   * Per-node counts of non-terminating pods in `namespace` matching `selector`, maintained
   * incrementally once built. Built in O(cached pods) the first time a selector is asked for.
   */
  spreadCounts(namespace: string, selector: Selector): ReadonlyMap<string, number> {
    const key = `${namespace}\0${formatSelector(selector)}\0${selector.length}`;
    let c = this.counters.get(key);
    if (c) {
      this.counters.delete(key);
      this.counters.set(key, c);
      return c.counts;
    }
    c = { namespace, selector, counts: new Map() };
    for (const [name, ni] of this.infos) {
      let n = 0;
      for (const pi of ni.pods.values()) if (counts(c, pi)) n++;
      if (n) c.counts.set(name, n);
    }
    this.counters.set(key, c);
    if (this.counters.size > MAX_SPREAD_COUNTERS) evictOldest(this.counters);
    return c.counts;
  }

  /** Drops everything (before a rebuild). */
  clear(): void {
    this.infos.clear();
    this.hasNode.clear();
    this.tree.load({ zones: [], tree: {} });
    this.podNode.clear();
    this.imageNodes.clear();
    this.counters.clear();
    this.listCache = undefined;
  }

  /** The node tree for a snapshot (node order is history-dependent, so it is saved). */
  saveTree(): NodeTreeState {
    return this.tree.save();
  }

  /** Rebuilds from the store's nodes and pods, in the saved node order. */
  rebuild(nodes: KObject[], pods: KObject[], tree: NodeTreeState | undefined): void {
    this.clear();
    for (const n of nodes) this.addNode(n);
    if (tree) {
      this.tree.load(tree);
      this.listCache = undefined;
    }
    for (const p of pods) if (isCachedPod(p)) this.addPod(p);
  }

  private countPod(pi: PodInfo, nodeName: string, sign: number): void {
    for (const c of this.counters.values()) {
      if (!counts(c, pi)) continue;
      const n = (c.counts.get(nodeName) ?? 0) + sign;
      if (n) c.counts.set(nodeName, n);
      else c.counts.delete(nodeName);
    }
  }

  private rememberImages(ni: NodeInfo): void {
    for (const name of ni.images.keys()) this.imageNodes.set(name, (this.imageNodes.get(name) ?? 0) + 1);
  }

  private forgetImages(ni: NodeInfo): void {
    for (const name of ni.images.keys()) {
      const n = (this.imageNodes.get(name) ?? 0) - 1;
      if (n > 0) this.imageNodes.set(name, n);
      else this.imageNodes.delete(name);
    }
  }
}

function counts(c: SpreadCounter, pi: PodInfo): boolean {
  // countPodsMatchSelector: skips terminating pods and other namespaces; an empty selector counts nothing.
  return !pi.terminating && pi.namespace === c.namespace && c.selector.length > 0 && matches(c.selector, pi.labels);
}
