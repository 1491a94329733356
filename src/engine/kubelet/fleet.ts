/**
 * The kubelets of all nodes as one component (a 1,000-node cluster must not cost 1,000 timers).
 * Each node has a record (identity, lease anchor, pulled images, serial puller, host-local IPAM)
 * and each pod it runs has a record (sandbox, IP, containers and their instances); a pod has at
 * most one pending timer, set to the next moment its state can change. A pod sync is the
 * kubelet's SyncPod: admission, sandbox, init containers in order, image pulls, container start
 * and restart with back-off, probes, termination with the grace period, status.
 *
 * Nothing ticks: heartbeats are derived on read (see node.ts), probes are evaluated only when
 * their result could change (probes.ts), a container's process is simulated lazily over time
 * (apps/process.ts). Idle pods cost nothing.
 */
import { evictOldest } from '../sim/lru';
import type { Engine } from '../cluster';
import { CLUSTER_NAME } from '../cluster';
import type { Component } from '../sim/runtime';
import { clone, deepEqual } from '../sim/dev';
import { ApiError, isApiError, notFound, badRequest, internalError } from '../api/errors';
import { mustKind } from '../api/registry';
import type { KObject } from '../api/types';
import { parseMilli, parseQuantity } from '../api/quantity';
import { goDuration, parseTime, rfc3339, rfc3339Micro } from '../api/time';
import type { ExecRequest, ExecResult, KubeletApi, LogOptions } from '../contracts';
import type { ResolvedNode } from '../cluster';
import { SYNC_RETRY_JITTER, SYNC_RETRY_MS, isInBackOffSince, isInBackOffSinceUpdate, jitter, nextBackoff } from './backoff';
import { defaultPullPolicy, isResolved, parseImageRef, PRELOADED_IMAGES, resolveImage, type ResolvedImage } from './images';
import { buildLease, buildNode, kubeletConditions, KUBELET_CONDITIONS, lastBeat, LEASE_RENEW_MS, NODE_LEASE_NAMESPACE, NODE_STATUS_REPORT_MS, NODE_STATUS_UPDATE_MS, nodeIP, podNet, sortNodeImages, type NodeImage } from './node';
import { initialProbeState, observe, pendingFlipAt, probeTiming, tickAtOrAfter, type ProbeKind, type ProbeState } from './probes';
import type { CRec, Inst, NodeRec, PodRec } from './records';
import { controlPlaneManifests, isMirrorPod, mirrorPod, staticPod } from './staticpods';
import { KUBELET_POD_CONDITIONS, podPhase, podStatus } from './status';
import { ContainerConfigError, prepareContainer, ProcessRun, runExec, FileSystem, type ContainerContext, type HttpRequest, type HttpResponse, type LogLine, type PodNetwork } from './apps';
import { StoreNetwork } from './net';

/** The PLEG relists containers every second: an exit is acted upon at the next relist. */
export const PLEG_RELIST_MS = 1000;

/**
 * The PLEG relist at or after `t`. Every kubelet relists once a second (pkg/kubelet/pleg/
 * generic.go, relistPeriod) and its status manager then writes the pod statuses that changed;
 * Podium puts every node's relists on one grid of whole seconds (status timestamps are whole
 * seconds, so no client can tell one node's phase from another's), which makes the pods that
 * change within the same second reach the API server, and the controllers, in one step.
 * Example: a container starting at 12.345 s shows as Running in a status written at 13 s; one
 * starting at 13.000 s, in the status written at 13 s.
 */
export function relistAtOrAfter(t: number): number {
  return Math.ceil(t / PLEG_RELIST_MS) * PLEG_RELIST_MS;
}

/** Kubernetes' user agent on probes: kube-probe/<major>.<minor>. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';
/** Unhealthy events in a row before the recorder's spam filter (burst 25) would start dropping them. */
const UNHEALTHY_BURST = 25;
/** After the burst, the spam filter lets one event per 5 minutes through. */
const UNHEALTHY_REFILL_MS = 300_000;
/**
 * Container processes kept built (a run of a serving container costs ~5 KB once its program
 * waits for good; rebuilding one costs ~50-80 us): enough for every container of a 10,000-pod
 * rollout, so that stopping, probing and serving a pod need no rebuild.
 */
const RUN_CACHE_SIZE = 16_384;

type Wake = number[];

/** What happened to an HTTP request delivered to a pod. */
export type ServeResult = { ok: true; response: HttpResponse } | { ok: false; error: 'refused' | 'no-pod' | 'not-running' };

/** The serialisable state of the fleet. */
export interface FleetState {
  nodes: NodeRec[];
  pods: PodRec[];
  queue: string[];
  /** Pods whose status the next relist writes, in the order they changed. */
  dirty?: string[];
  /** When that relist is (a whole second). */
  relistAt?: number;
}

/** Every node's kubelet (and containerd). */
export class KubeletFleet implements Component, KubeletApi {
  readonly name = 'kubelet';
  private nodes = new Map<string, NodeRec>();
  private pods = new Map<string, PodRec>();
  private queue: string[] = [];
  private queued = new Set<string>();
  /** Pods with a status (or a deletion) for the status manager to write at the next relist. */
  private dirty: string[] = [];
  private dirtySet = new Set<string>();
  private relistAt?: number;
  private runs = new Map<string, ProcessRun>();
  /** Containers just prepared by createAndStart, handed to getRun once (not state). */
  private prepared = new Map<string, ReturnType<typeof prepareContainer>>();
  private staticObjs = new Map<string, KObject>();
  /** The pod whose status the kubelet is writing (its watch event is not re-queued). */
  private selfWrite?: string;
  /** How containers reach the network (the network part replaces it). */
  network: PodNetwork;

  /** Creates the fleet and subscribes to Pods. */
  constructor(private readonly engine: Engine) {
    this.network = new StoreNetwork(this, engine);
    engine.store.watch('Pod', (ev) => {
      const pod = ev.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const rec = this.pods.get(key);
      if (ev.type !== 'DELETED') {
        const node = pod.spec?.nodeName;
        if (!rec && (!node || !this.nodes.has(node))) return;
        // The kubelet's own status writes need no re-sync.
        if (this.selfWrite === key || (rec && rec.lastRV === pod.metadata.resourceVersion)) return;
      } else if (!rec) return;
      this.enqueue(key);
    });
  }

  private get now(): number {
    return this.engine.runtime.now;
  }

  private get store() {
    return this.engine.store;
  }

  // -------------------------------------------------------------------------------------------
  // Bootstrap, registration, node status

  /**
   * Starts the kubelets as kind does at `t0`: the control plane's kubelet at once (its static
   * pods start before the API server is up), registration a few seconds later, the workers
   * joining 20-40 s later; each node turns Ready when its CNI is configured.
   */
  bootstrap(nodes: ResolvedNode[], t0: number): void {
    const rng = this.engine.runtime.rng;
    nodes.forEach((n, index) => {
      const joinAt = n.controlPlane ? t0 + 4000 + rng.int(1000) : t0 + 20_000 + rng.int(20_000);
      const rec: NodeRec = {
        name: n.name,
        index,
        controlPlane: n.controlPlane,
        machineID: rng.hex(32),
        systemUUID: rng.uuid(),
        bootID: rng.uuid(),
        joinAt,
        cniAt: joinAt + 8000 + rng.int(6000),
        registered: false,
        cniReady: false,
        running: false,
        leaseAnchor: joinAt,
        images: {},
        pullBusyUntil: 0,
        ipLast: 1,
        ipUsed: [],
      };
      for (const ref of PRELOADED_IMAGES) {
        const r = resolveImage(ref);
        if (isResolved(r)) rec.images[r.imageID] = { presentAt: t0, tags: [r.tag], size: r.size };
      }
      this.nodes.set(n.name, rec);
      if (n.controlPlane) this.startKubelet(rec, t0);
      else this.engine.runtime.setTimer(this.name, joinAt, 'kubelet-start', n.name);
      this.engine.runtime.setTimer(this.name, joinAt, 'join', n.name);
      this.engine.runtime.setTimer(this.name, rec.cniAt, 'cni', n.name);
    });
  }

  /** When a node joins (registers with the API server), ms. */
  joinTime(name: string): number {
    const rec = this.nodes.get(name);
    if (!rec) throw new Error(`unknown node ${name}`);
    return rec.joinAt;
  }

  private resolvedNode(name: string): ResolvedNode {
    let n = this.nodeSpecs.get(name);
    if (!n) {
      n = this.engine.options.nodes.find((x) => x.name === name)!;
      this.nodeSpecs.set(name, n);
    }
    return n;
  }

  private nodeSpecs = new Map<string, ResolvedNode>();

  private startKubelet(node: NodeRec, at: number): void {
    node.running = true;
    if (!node.controlPlane) return;
    // kubeadm's static pods: the kubelet reads /etc/kubernetes/manifests as it starts.
    const manifests = controlPlaneManifests(node.name, nodeIP(node.index), CLUSTER_NAME);
    manifests.forEach((m, index) => {
      const seenAt = at + 50 + index;
      const pod = staticPod(m, node.name, seenAt);
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      this.staticObjs.set(key, pod);
      const rec = this.newPodRec(key, pod, node, at);
      rec.static = { index, seenAt };
      this.pods.set(key, rec);
      this.admit(rec, pod, node);
      this.enqueue(key);
    });
  }

  private staticObject(rec: PodRec): KObject {
    let pod = this.staticObjs.get(rec.key);
    if (!pod) {
      const node = this.nodes.get(rec.node)!;
      const m = controlPlaneManifests(node.name, nodeIP(node.index), CLUSTER_NAME)[rec.static!.index];
      pod = staticPod(m, node.name, rec.static!.seenAt);
      this.staticObjs.set(rec.key, pod);
    }
    return pod;
  }

  private nodeRef(node: NodeRec): KObject {
    // The kubelet records node events against {kind: Node, name, uid: name}.
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.name, uid: node.name, resourceVersion: '', creationTimestamp: '' } } as KObject;
  }

  private nodeEvent(node: NodeRec, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.engine.recorder.event(this.nodeRef(node), type, reason, message, { component: 'kubelet', host: node.name });
  }

  private register(node: NodeRec): void {
    const now = this.now;
    const n = this.resolvedNode(node.name);
    const obj = buildNode(n, node.index, CLUSTER_NAME, node, now, this.nodeImages(node));
    let created: KObject;
    try {
      created = this.store.create(obj);
    } catch (e) {
      if (!isApiError(e, 'AlreadyExists')) throw e;
      created = this.store.get('Node', undefined, node.name)!;
    }
    if (!created.status?.nodeInfo) this.store.updateStatus({ ...clone(created), status: obj.status });
    node.registered = true;
    node.leaseAnchor = now;
    this.writeLease(node, now);
    this.nodeEvent(node, 'Normal', 'Starting', 'Starting kubelet.');
    this.nodeEvent(node, 'Warning', 'InvalidDiskCapacity', 'invalid capacity 0 on image filesystem');
    this.nodeEvent(node, 'Normal', 'NodeHasSufficientMemory', `Node ${node.name} status is now: NodeHasSufficientMemory`);
    this.nodeEvent(node, 'Normal', 'NodeHasNoDiskPressure', `Node ${node.name} status is now: NodeHasNoDiskPressure`);
    this.nodeEvent(node, 'Normal', 'NodeHasSufficientPID', `Node ${node.name} status is now: NodeHasSufficientPID`);
    this.nodeEvent(node, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.enqueueNodePods(node);
  }

  private writeLease(node: NodeRec, renewMs: number): void {
    const nodeObj = this.store.get('Node', undefined, node.name);
    if (!nodeObj) return;
    const existing = this.store.get('Lease', NODE_LEASE_NAMESPACE, node.name);
    const want = buildLease(node.name, nodeObj.metadata.uid, renewMs);
    try {
      if (!existing) this.store.create(want);
      else {
        const upd = clone(existing);
        upd.spec = { ...upd.spec, holderIdentity: node.name, leaseDurationSeconds: want.spec.leaseDurationSeconds, renewTime: rfc3339Micro(renewMs) };
        this.store.update(upd);
      }
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  private nodeImages(node: NodeRec): NodeImage[] {
    const out: NodeImage[] = [];
    for (const [imageID, img] of Object.entries(node.images)) {
      if (img.presentAt > this.now) continue;
      const repo = imageID.slice(0, imageID.indexOf('@'));
      out.push({ names: [imageID, ...img.tags.map((t) => `${repo}:${t}`)], sizeBytes: img.size });
    }
    return sortNodeImages(out);
  }

  /** Writes the kubelet's part of the node status (conditions, images) with a fresh heartbeat. */
  private writeNodeStatus(node: NodeRec): void {
    const cur = this.store.get('Node', undefined, node.name);
    if (!cur) return;
    // A copy of the status only (the Node strategy canonicalises its quantities in place); the
    // rest of the node is shared with the stored one.
    const status = clone(cur.status ?? {});
    status.conditions = kubeletConditions(node.cniReady, this.now, status.conditions ?? []);
    status.images = this.nodeImages(node);
    try {
      this.store.updateStatus({ ...cur, status }, { owned: true });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  private enqueueNodePods(node: NodeRec): void {
    // Sorted: index order is not preserved by a snapshot, and sync order decides random draws.
    const keys = new Set<string>();
    for (const p of this.store.byIndex('Pod', 'node', node.name)) keys.add(`${p.metadata.namespace}/${p.metadata.name}`);
    for (const rec of this.pods.values()) if (rec.node === node.name) keys.add(rec.key);
    for (const k of [...keys].sort()) this.enqueue(k);
  }

  /** Fields derived on read: node condition heartbeats of running kubelets. */
  presentNode(obj: KObject): KObject {
    const node = this.nodes.get(obj.metadata.name);
    if (!node?.running || !node.registered) return obj;
    const conds: Array<Record<string, any>> | undefined = obj.status?.conditions;
    if (!conds?.length) return obj;
    const ready = conds.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'Unknown') return obj;
    const anchor = parseTime(ready.lastHeartbeatTime);
    if (Number.isNaN(anchor)) return obj;
    const beat = rfc3339(lastBeat(anchor, NODE_STATUS_REPORT_MS, this.now));
    if (beat === ready.lastHeartbeatTime) return obj;
    const out = { ...obj, status: { ...obj.status, conditions: conds.map((c) => (KUBELET_CONDITIONS.includes(c.type) ? { ...c, lastHeartbeatTime: beat } : c)) } };
    return out as KObject;
  }

  /** Fields derived on read: the renewTime of a running kubelet's Lease. */
  presentLease(obj: KObject): KObject {
    if (obj.metadata.namespace !== NODE_LEASE_NAMESPACE) return obj;
    const node = this.nodes.get(obj.metadata.name);
    if (!node?.running || !node.registered) return obj;
    const renew = rfc3339Micro(lastBeat(node.leaseAnchor, LEASE_RENEW_MS, this.now));
    if (renew === obj.spec?.renewTime) return obj;
    return { ...obj, spec: { ...obj.spec, renewTime: renew } } as KObject;
  }

  // -------------------------------------------------------------------------------------------
  // KubeletApi: node stop/start

  /** Stops a node's kubelet: it freezes; its Lease is written once with the last renewal. */
  stopNode(name: string): void {
    const node = this.mustNode(name);
    if (!node.running) return;
    const now = this.now;
    const last = lastBeat(node.leaseAnchor, LEASE_RENEW_MS, now);
    node.running = false;
    node.stoppedAt = now;
    if (node.registered) this.writeLease(node, last);
    for (const rec of this.pods.values()) {
      if (rec.node !== name) continue;
      this.engine.runtime.cancelTimer(rec.timerId);
      rec.timerId = undefined;
      rec.wakeAt = undefined;
    }
  }

  /** Starts a stopped kubelet: Lease renewed, Ready reported, every pod re-synced. */
  startNode(name: string): void {
    const node = this.mustNode(name);
    if (node.running) return;
    const now = this.now;
    node.running = true;
    node.stoppedAt = undefined;
    if (!node.registered) {
      if (node.joinAt <= now) this.register(node);
      return;
    }
    node.leaseAnchor = now;
    this.writeLease(node, now);
    const before = this.store.get('Node', undefined, name)?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status;
    this.nodeEvent(node, 'Normal', 'Starting', 'Starting kubelet.');
    this.nodeEvent(node, 'Normal', 'NodeHasSufficientMemory', `Node ${name} status is now: NodeHasSufficientMemory`);
    this.nodeEvent(node, 'Normal', 'NodeHasNoDiskPressure', `Node ${name} status is now: NodeHasNoDiskPressure`);
    this.nodeEvent(node, 'Normal', 'NodeHasSufficientPID', `Node ${name} status is now: NodeHasSufficientPID`);
    this.nodeEvent(node, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.writeNodeStatus(node);
    if (node.cniReady && before !== 'True') this.nodeEvent(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
    for (const rec of this.pods.values()) {
      if (rec.node !== name) continue;
      // Probe workers restart with the kubelet.
      for (const c of rec.containers) if (c.inst) for (const st of Object.values(c.inst.probes)) if (st) st.lastTick = undefined;
      rec.lastRV = undefined;
      // What the status manager held when the kubelet stopped is written at the next relist.
      if (rec.pendingStatus || rec.deleteAtRelist) this.markDirty(rec);
    }
    this.enqueueNodePods(node);
  }

  /** Whether a node's kubelet runs. */
  isRunning(name: string): boolean {
    return !!this.nodes.get(name)?.running;
  }

  private mustNode(name: string): NodeRec {
    const n = this.nodes.get(name);
    if (!n) throw notFound(mustKind('Node'), name);
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // Component: timers and work

  /** Handles the fleet's timers. */
  onTimer(type: string, data: unknown): void {
    // The relist itself runs in work(), once the pods due at this instant have synced.
    if (type === 'relist') return;
    if (type === 'pod') {
      const rec = this.pods.get(data as string);
      if (!rec) return;
      rec.timerId = undefined;
      rec.wakeAt = undefined;
      if (this.nodes.get(rec.node)?.running) this.enqueue(rec.key);
      return;
    }
    const node = this.nodes.get(data as string);
    if (!node) return;
    if (type === 'kubelet-start') this.startKubelet(node, this.now);
    else if (type === 'join') {
      // A kubelet stopped before it could register registers when it starts again.
      if (node.running) this.register(node);
    } else if (type === 'cni') {
      node.cniReady = true;
      if (node.registered && node.running) {
        this.writeNodeStatus(node);
        this.nodeEvent(node, 'Normal', 'NodeReady', `Node ${node.name} status is now: NodeReady`);
        this.enqueueNodePods(node);
      }
    } else if (type === 'node-status') {
      node.statusAt = undefined;
      if (node.running && node.registered) this.writeNodeStatus(node);
    }
  }

  private enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
  }

  /** Syncs one queued pod. */
  work(): boolean {
    const key = this.queue.shift();
    if (key === undefined) {
      if (this.relistAt === undefined || this.now < this.relistAt) return false;
      this.relist();
      return true;
    }
    this.queued.delete(key);
    this.syncKey(key);
    return true;
  }

  private schedule(rec: PodRec, wake: Wake): void {
    let at: number | undefined;
    for (const w of wake) if (w !== undefined && Number.isFinite(w) && (at === undefined || w < at)) at = w;
    if (at === undefined) return;
    at = Math.max(at, this.now);
    if (rec.timerId !== undefined && this.engine.runtime.timers.has(rec.timerId) && rec.wakeAt !== undefined && rec.wakeAt <= at) return;
    this.engine.runtime.cancelTimer(rec.timerId);
    rec.wakeAt = at;
    rec.timerId = at <= this.now ? undefined : this.engine.runtime.setTimer(this.name, at, 'pod', rec.key);
    if (at <= this.now) {
      rec.wakeAt = undefined;
      this.enqueue(rec.key);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pod sync

  private syncKey(key: string): void {
    let rec = this.pods.get(key);
    if (rec?.static) {
      this.syncStatic(rec);
      return;
    }
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const pod = this.store.get('Pod', ns, name);
    if (!pod || !pod.spec?.nodeName || !this.nodes.has(pod.spec.nodeName) || (rec && rec.uid !== pod.metadata.uid)) {
      if (rec) this.forget(rec);
      rec = undefined;
      if (!pod || !pod.spec?.nodeName || !this.nodes.has(pod.spec.nodeName)) return;
    }
    if (isMirrorPod(pod)) return;
    const node = this.nodes.get(pod.spec.nodeName)!;
    if (!node.running || !node.registered) return;
    if (!rec) {
      if (pod.metadata.deletionTimestamp && !pod.status?.startTime) {
        // Deleted before this kubelet ever ran it: nothing to stop.
        this.deletePod(pod);
        return;
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      rec = this.newPodRec(key, pod, node, this.now);
      this.pods.set(key, rec);
      this.admit(rec, pod, node);
    }
    this.syncPod(rec, pod, node);
  }

  private newPodRec(key: string, pod: KObject, node: NodeRec, now: number): PodRec {
    const rng = this.engine.runtime.rng;
    const hostNetwork = !!pod.spec?.hostNetwork;
    // Sandbox: the pause container and, for pod-network pods, the CNI ADD (not before the CNI is up).
    let sandboxAt = now + 300 + rng.int(700);
    if (!hostNetwork && !node.cniReady) sandboxAt = Math.max(sandboxAt, node.cniAt + 200 + rng.int(500));
    const containers: CRec[] = [];
    for (const c of pod.spec?.initContainers ?? []) containers.push({ name: c.name, init: true, sidecar: c.restartPolicy === 'Always', image: c.image, restartCount: 0 });
    for (const c of pod.spec?.containers ?? []) containers.push({ name: c.name, init: false, sidecar: false, image: c.image, restartCount: 0 });
    return { key, uid: pod.metadata.uid, node: node.name, admittedAt: now, sandboxAt, containers };
  }

  /** Kubelet admission: node resources and pod count (pkg/kubelet/lifecycle/predicate.go). */
  private admit(rec: PodRec, pod: KObject, node: NodeRec): void {
    const n = this.resolvedNode(node.name);
    const want = podRequests(pod);
    const used = this.usageOf(node.name);
    const cpu = used.cpu;
    const mem = used.memory;
    const pods = used.pods;
    const capCpu = parseMilli(n.cpu);
    const capMem = parseQuantity(n.memory);
    let reason: string | undefined;
    let message = '';
    if (pods + 1 > n.pods) {
      reason = 'OutOfpods';
      message = `Node didn't have enough resource: pods, requested: 1, used: ${pods}, capacity: ${n.pods}`;
    } else if (want.cpu > 0 && cpu + want.cpu > capCpu) {
      reason = 'OutOfcpu';
      message = `Node didn't have enough resource: cpu, requested: ${want.cpu}, used: ${cpu}, capacity: ${capCpu}`;
    } else if (want.memory > 0 && mem + want.memory > capMem) {
      reason = 'OutOfmemory';
      message = `Node didn't have enough resource: memory, requested: ${want.memory}, used: ${mem}, capacity: ${capMem}`;
    } else if (!nodeSelectorMatches(pod, this.store.get('Node', undefined, node.name))) {
      reason = 'NodeAffinity';
      message = "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector";
    }
    if (reason) {
      rec.rejected = { reason, message };
      this.engine.recorder.event(pod, 'Warning', reason, message, { component: 'kubelet', host: node.name });
      return;
    }
    rec.req = [want.cpu, want.memory];
    used.cpu += want.cpu;
    used.memory += want.memory;
    used.pods++;
  }

  /** Requests of the admitted, non-terminal pods of a node (a derived index, rebuilt after load). */
  private usageOf(node: string): { cpu: number; memory: number; pods: number } {
    if (!this.usage) {
      this.usage = new Map();
      for (const r of this.pods.values()) if (r.req && !r.terminal && !r.rejected) this.addUsage(r, 1);
    }
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = { cpu: 0, memory: 0, pods: 0 }));
    return u;
  }

  private addUsage(r: PodRec, sign: 1 | -1): void {
    const u = this.usageOf(r.node);
    u.cpu += sign * r.req![0];
    u.memory += sign * r.req![1];
    u.pods += sign;
  }

  /** Stops counting a pod's requests against its node (terminal or gone). */
  private releaseRequests(r: PodRec): void {
    if (!r.req) return;
    this.addUsage(r, -1);
    r.req = undefined;
  }

  private usage?: Map<string, { cpu: number; memory: number; pods: number }>;

  private syncStatic(rec: PodRec): void {
    const node = this.nodes.get(rec.node)!;
    if (!node.running) return;
    const pod = this.staticObject(rec);
    if (node.registered) {
      const [ns, name] = splitKey(rec.key);
      let mirror = this.store.get('Pod', ns, name);
      if (mirror && !isMirrorPod(mirror)) mirror = undefined;
      if (mirror && (mirror.metadata.deletionTimestamp || (rec.static!.mirrorUid && mirror.metadata.uid !== rec.static!.mirrorUid))) {
        // Someone deleted the mirror pod: finish its deletion and post a new one
        // (pkg/kubelet/pod/mirror_client.go, kubelet.go syncPod "Deleting mirror pod").
        try {
          this.store.delete('Pod', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid } });
        } catch (e) {
          if (!isApiError(e)) throw e;
        }
        mirror = undefined;
      }
      if (!mirror) {
        const nodeObj = this.store.get('Node', undefined, node.name);
        if (nodeObj) {
          try {
            const created = this.store.create(mirrorPod(pod, { name: node.name, uid: nodeObj.metadata.uid }));
            rec.static!.mirrorUid = created.metadata.uid;
            rec.lastRV = undefined;
          } catch (e) {
            if (!isApiError(e)) throw e;
          }
        }
      } else rec.static!.mirrorUid = mirror.metadata.uid;
    }
    this.syncPod(rec, pod, node);
  }

  private forget(rec: PodRec): void {
    this.engine.runtime.cancelTimer(rec.timerId);
    this.releaseRequests(rec);
    this.releaseIP(rec);
    for (const c of rec.containers) {
      if (c.inst) this.runs.delete(c.inst.id);
      if (c.last) this.runs.delete(c.last.id);
    }
    this.pods.delete(rec.key);
  }

  private releaseIP(rec: PodRec): void {
    if (!rec.ip || rec.ip === nodeIP(this.nodes.get(rec.node)?.index ?? 0)) return;
    const node = this.nodes.get(rec.node);
    const host = Number(rec.ip.split('.')[3]);
    if (node) node.ipUsed = node.ipUsed.filter((h) => h !== host);
  }

  /**
   * host-local IPAM over the node's /24: addresses .2-.254 (.1 is the bridge), handed out in
   * order after the last one reserved, wrapping around, skipping those in use.
   */
  private allocateIP(node: NodeRec): string {
    for (let i = 1; i <= 253; i++) {
      const host = ((node.ipLast - 2 + i) % 253) + 2;
      if (!node.ipUsed.includes(host)) {
        node.ipLast = host;
        node.ipUsed.push(host);
        return `${podNet(node.index)}.${host}`;
      }
    }
    throw internalError(`failed to allocate for range 0: no IP addresses available in range set: ${podNet(node.index)}.1-${podNet(node.index)}.254`);
  }

  private podEvent(pod: KObject, node: NodeRec, type: 'Normal' | 'Warning', reason: string, message: string, c?: CRec): void {
    const fieldPath = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.engine.recorder.event(pod, type, reason, message, { component: 'kubelet', host: node.name }, fieldPath ? { fieldPath } : {});
  }

  private syncPod(rec: PodRec, pod: KObject, node: NodeRec): void {
    const now = this.now;
    const wake: Wake = [];
    if (rec.rejected || rec.terminal) {
      this.writeStatus(rec, pod, node);
      return;
    }
    if (pod.metadata.deletionTimestamp && !rec.static) {
      this.syncTerminating(rec, pod, node);
      return;
    }
    if (now < rec.sandboxAt) {
      wake.push(rec.sandboxAt);
      this.writeStatus(rec, pod, node);
      this.schedule(rec, wake);
      return;
    }
    if (!rec.sandboxReady) {
      let ip: string | undefined;
      try {
        ip = pod.spec?.hostNetwork ? nodeIP(node.index) : this.allocateIP(node);
      } catch (e) {
        if (!isApiError(e)) throw e;
        const id = this.engine.runtime.rng.hex(64);
        this.podEvent(pod, node, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${id}": plugin type="ptp" failed (add): ${e.message.replace(/^Internal error occurred: /, '')}`);
        rec.sandboxAt = now + jitter(SYNC_RETRY_MS, SYNC_RETRY_JITTER, this.engine.runtime.rng.float());
        this.writeStatus(rec, pod, node);
        this.schedule(rec, [rec.sandboxAt]);
        return;
      }
      rec.sandboxReady = true;
      rec.ip = ip;
    }
    const specs = containerSpecs(pod);
    let initDone = true;
    let initFailed = false;
    const inits = rec.containers.filter((c) => c.init);
    for (const c of inits) {
      const spec = specs.get(`i:${c.name}`);
      if (!spec) continue;
      if (c.done) continue;
      if (c.sidecar) {
        this.syncContainer(rec, pod, node, spec, c, wake);
        if (c.inst && c.inst.finishedAt === undefined && c.inst.started) continue;
        initDone = false;
        break;
      }
      const finished = c.inst?.finishedAt !== undefined;
      if (finished && c.inst!.exitCode === 0) {
        if (now < c.inst!.finishedAt! + PLEG_RELIST_MS) {
          wake.push(c.inst!.finishedAt! + PLEG_RELIST_MS);
          initDone = false;
          break;
        }
        c.done = true;
        continue;
      }
      this.syncContainer(rec, pod, node, spec, c, wake);
      if (c.inst?.finishedAt !== undefined && c.inst.exitCode === 0) {
        wake.push(c.inst.finishedAt + PLEG_RELIST_MS);
      } else if (c.inst?.finishedAt !== undefined && (pod.spec?.restartPolicy ?? 'Always') === 'Never') initFailed = true;
      initDone = false;
      break;
    }
    if (initDone) {
      // The pod worker starts the containers one after another and blocks in EnsureImageExists
      // while an image is pulled (kuberuntime_manager SyncPod): a container not started yet waits
      // for the pull of any container before it (a failed pull does not hold it back).
      let pullInProgress = false;
      for (const c of rec.containers) {
        if (c.init) continue;
        const spec = specs.get(`c:${c.name}`);
        if (!spec) continue;
        if (pullInProgress && !c.inst) {
          c.waiting ??= { reason: 'ContainerCreating' };
          continue;
        }
        this.syncContainer(rec, pod, node, spec, c, wake);
        if (c.pull && !c.pull.consumed && now < c.pull.doneAt) pullInProgress = true;
      }
    } else {
      for (const c of rec.containers) if (!c.init && !c.inst) c.waiting = { reason: 'PodInitializing' };
      for (const c of inits) if (!c.inst && !c.waiting) c.waiting = { reason: 'PodInitializing' };
    }
    // A pod whose containers have all finished and will not restart is terminal.
    const phase = this.phaseOf(rec, pod, false);
    if (phase === 'Succeeded' || phase === 'Failed' || initFailed) {
      rec.terminal = initFailed ? 'Failed' : (phase as 'Succeeded' | 'Failed');
      this.releaseRequests(rec);
      this.releaseIP(rec);
      rec.sandboxReady = false;
      for (const c of rec.containers) {
        if (c.inst) this.runs.delete(c.inst.id);
      }
    }
    // The pod worker blocks in EnsureImageExists while an image is pulled, so the kubelet posts
    // no status between the sync that starts a pull and the one that starts the container: the
    // IP appears together with Running, as `kubectl get pods -o wide -w` shows on a real node.
    const pulling = rec.containers.some((c) => c.pull && !c.pull.consumed && now < c.pull.doneAt);
    if (!pulling || rec.terminal) this.writeStatus(rec, pod, node);
    if (!rec.terminal) this.schedule(rec, wake);
  }

  private phaseOf(rec: PodRec, pod: KObject, terminal: boolean): string {
    const inits = rec.containers.filter((c) => c.init);
    const pending = inits.filter((c) => !(c.done || (c.sidecar && c.inst?.started && c.inst.finishedAt === undefined)));
    const initFailed = (pod.spec?.restartPolicy ?? 'Always') === 'Never' && inits.some((c) => c.inst?.finishedAt !== undefined && c.inst.exitCode !== 0);
    return podPhase(pod, rec, pending.length > 0, initFailed, terminal);
  }

  /** The pod object the kubelet reports the status of (a static pod's mirror pod), if it is there. */
  private statusTarget(rec: PodRec): KObject | undefined {
    const target = this.store.get('Pod', ...splitKey(rec.key));
    if (!target || (rec.static && !isMirrorPod(target))) return undefined;
    return target.metadata.uid === (rec.static ? rec.static.mirrorUid : rec.uid) ? target : undefined;
  }

  /**
   * Generates the pod's status (generateAPIPodStatus) and hands it to the status manager
   * (SetPodStatus), which writes it at the next relist: several changes of a pod within one
   * second make one write. Conditions keep their transition times from the status the manager
   * holds, as the status manager does.
   */
  private writeStatus(rec: PodRec, pod: KObject, node: NodeRec): void {
    if (!node.registered) return;
    const target = this.statusTarget(rec);
    if (!target) return;
    const base = rec.pendingStatus ?? target.status;
    const inits = rec.containers.filter((c) => c.init);
    const initPending = inits.filter((c) => !(c.done || (c.sidecar && c.inst?.started && c.inst.finishedAt === undefined))).map((c) => c.name);
    const phase = rec.rejected ? 'Failed' : rec.terminal ?? this.phaseOf(rec, pod, false);
    const status = podStatus(base === target.status ? target : ({ ...target, status: base } as KObject), rec, {
      now: this.now,
      hostIP: nodeIP(node.index),
      // A host-network pod has the node's address from its first status on (generateAPIPodStatus
      // fills it from the host IPs, sandbox or not); others get theirs with the sandbox.
      podIP: pod.spec?.hostNetwork ? nodeIP(node.index) : rec.sandboxReady || rec.terminal || rec.killingAt ? rec.ip : undefined,
      phase,
      initPending,
      sandboxReady: !!rec.sandboxReady,
    });
    withPodScheduled(status, rec);
    if (deepEqual(status, base)) return;
    rec.pendingStatus = status;
    rec.pendingRV = target.metadata.resourceVersion;
    this.markDirty(rec);
  }

  /** Queues a pod for the status manager's write at the next relist (setting that relist's timer). */
  private markDirty(rec: PodRec): void {
    if (!this.dirtySet.has(rec.key)) {
      this.dirtySet.add(rec.key);
      this.dirty.push(rec.key);
    }
    if (this.relistAt !== undefined) return;
    const at = relistAtOrAfter(this.now);
    this.relistAt = at;
    if (at > this.now) this.engine.runtime.setTimer(this.name, at, 'relist');
  }

  /**
   * The relist: the status manager writes the statuses the pods' syncs generated since the last
   * one (in the order they changed), and deletes the pods whose containers have all stopped
   * (pkg/kubelet/status/status_manager.go syncPod, canBeDeleted). A stopped kubelet writes
   * nothing; what it held is written when it starts again.
   */
  private relist(): void {
    const keys = this.dirty;
    this.dirty = [];
    this.dirtySet.clear();
    this.relistAt = undefined;
    for (const key of keys) {
      const rec = this.pods.get(key);
      if (!rec) continue;
      const node = this.nodes.get(rec.node);
      if (!node?.running || !node.registered) continue;
      const status = rec.pendingStatus;
      if (status) {
        const rv = rec.pendingRV;
        rec.pendingStatus = undefined;
        rec.pendingRV = undefined;
        this.postStatus(rec, status, rv);
      }
      if (rec.deleteAtRelist) {
        rec.deleteAtRelist = undefined;
        const pod = this.store.get('Pod', ...splitKey(key));
        if (pod && pod.metadata.uid === rec.uid) this.deletePod(pod);
      }
    }
  }

  /** Writes a status the status manager held, merging in the conditions others wrote meanwhile. */
  private postStatus(rec: PodRec, generated: Record<string, unknown>, rv: string | undefined): void {
    const target = this.statusTarget(rec);
    if (!target) return;
    let status = generated;
    if (target.metadata.resourceVersion !== rv) {
      // Someone else wrote the pod since: keep the conditions they own (status_manager.go
      // mergePodStatus), and the kubelet's own from the generated status.
      const own = (generated.conditions as Array<Record<string, unknown>>).filter((c) => KUBELET_POD_CONDITIONS.includes(c.type as string));
      const others = ((target.status?.conditions ?? []) as Array<Record<string, unknown>>).filter((c) => !KUBELET_POD_CONDITIONS.includes(c.type as string));
      status = { ...generated, conditions: [...own, ...others] };
      withPodScheduled(status, rec);
    }
    if (deepEqual(status, target.status)) return;
    // A status write reads only the status and the identity from its input: no deep copy.
    const upd = { ...target, status };
    this.selfWrite = rec.key;
    try {
      const res = this.store.updateStatus(upd, { owned: true });
      rec.lastRV = res.metadata.resourceVersion;
    } catch (e) {
      if (!isApiError(e)) throw e;
    } finally {
      this.selfWrite = undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Containers

  private syncContainer(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, wake: Wake): void {
    const now = this.now;
    const inst = c.inst;
    if (inst && inst.finishedAt === undefined) {
      if (this.checkExit(rec, pod, node, c, inst, wake)) {
        // just exited: the restart decision comes at the next relist
        c.retryAt = inst.finishedAt! + PLEG_RELIST_MS;
        wake.push(c.retryAt);
        return;
      }
      if (spec.image !== c.image && !inst.stop) {
        // The image of a running container changed: kill it, then start the new one.
        this.kill(rec, pod, node, c, inst, 'spec', `Container ${c.name} definition changed, will be restarted`, this.graceMs(pod), wake);
      }
      this.syncProbes(rec, pod, node, spec, c, inst, wake);
      return;
    }
    // Not running: first start, or exited. Once a (re)start is decided, it goes on through the pull.
    if (c.starting) {
      if (c.retryAt !== undefined && now < c.retryAt) wake.push(c.retryAt);
      else this.startContainer(rec, pod, node, spec, c, wake);
      return;
    }
    if (inst) {
      const policy = c.init && !c.sidecar ? (pod.spec?.restartPolicy === 'Never' ? 'Never' : 'OnFailure') : c.sidecar ? 'Always' : (pod.spec?.restartPolicy ?? 'Always');
      const restart = inst.stop?.kind === 'spec' || policy === 'Always' || (policy === 'OnFailure' && inst.exitCode !== 0);
      if (!restart) return;
      if (c.retryAt !== undefined && now < c.retryAt) {
        wake.push(c.retryAt);
        return;
      }
      if (inst.stop?.kind !== 'spec' && isInBackOffSince(c.crashBackoff, inst.finishedAt!, now)) {
        const b = goDuration(c.crashBackoff!.backoffMs);
        const who = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${b} restarting failed container=${c.name} pod=${who}` };
        this.podEvent(pod, node, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${who}`, c);
        c.retryAt = now + jitter(SYNC_RETRY_MS, SYNC_RETRY_JITTER, this.engine.runtime.rng.float());
        wake.push(c.retryAt);
        return;
      }
      if (inst.stop?.kind !== 'spec') c.crashBackoff = nextBackoff(c.crashBackoff, inst.finishedAt!, now);
    } else if (c.retryAt !== undefined && now < c.retryAt) {
      wake.push(c.retryAt);
      return;
    }
    c.starting = true;
    this.startContainer(rec, pod, node, spec, c, wake);
  }

  private graceMs(pod: KObject): number {
    return (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** Detects the exit of a running instance (its own, or the end of a stop); true when it exited now. */
  private checkExit(rec: PodRec, pod: KObject, node: NodeRec, c: CRec, inst: Inst, wake: Wake): boolean {
    const now = this.now;
    // A process known to change nothing more by itself (a server, `sleep infinity`) needs no
    // look: it never exits on its own, so only a stop in progress ends it.
    if (inst.quiet && !inst.stop) return false;
    const run = inst.quiet ? undefined : this.getRun(rec, pod, node, c, inst);
    const natural = run?.exitedBy(now);
    const stopAt = inst.stop?.exitAt;
    let at: number | undefined;
    let code = 0;
    if (natural && (stopAt === undefined || natural.at <= stopAt)) {
      at = natural.at;
      code = natural.code;
    } else if (stopAt !== undefined && stopAt <= now) {
      at = stopAt;
      code = inst.stop!.code;
    }
    if (at === undefined) {
      if (stopAt !== undefined) wake.push(stopAt);
      const next = run?.nextChangeAfter(now);
      if (next !== undefined) wake.push(next);
      else if (!inst.stop) inst.quiet = true;
      return false;
    }
    inst.finishedAt = at;
    inst.exitCode = code;
    inst.reason = code === 0 ? 'Completed' : 'Error';
    inst.ready = false;
    this.runs.delete(inst.id);
    return true;
  }

  private startContainer(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, wake: Wake): void {
    const now = this.now;
    const rng = this.engine.runtime.rng;
    const image: string = spec.image ?? '';
    const retry = () => {
      c.retryAt = now + jitter(SYNC_RETRY_MS, SYNC_RETRY_JITTER, rng.float());
      wake.push(c.retryAt);
    };
    if (c.image !== image) {
      c.image = image;
      c.pull = undefined;
    }
    try {
      parseImageRef(image);
    } catch (e) {
      const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${(e as Error).message}`;
      c.waiting = { reason: 'InvalidImageName', message: msg };
      this.podEvent(pod, node, 'Warning', 'InspectFailed', msg, c);
      this.podEvent(pod, node, 'Warning', 'Failed', 'Error: InvalidImageName', c);
      retry();
      return;
    }
    const policy: string = spec.imagePullPolicy ?? defaultPullPolicy(image);
    const resolved = resolveImage(image);
    const pulling = !!c.pull && !c.pull.consumed;
    const present = !pulling && isResolved(resolved) && this.imagePresent(node, resolved, now);
    let pulledImage: ResolvedImage | undefined;
    if (!pulling && (policy === 'Never' || (policy === 'IfNotPresent' && present))) {
      if (!present) {
        const msg = `Container image "${image}" is not present with pull policy of Never`;
        c.waiting = { reason: 'ErrImageNeverPull', message: msg };
        this.podEvent(pod, node, 'Warning', 'ErrImageNeverPull', msg, c);
        this.podEvent(pod, node, 'Warning', 'Failed', 'Error: ErrImageNeverPull', c);
        retry();
        return;
      }
      this.podEvent(pod, node, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c);
      pulledImage = resolved as ResolvedImage;
    } else {
      const pull = c.pull;
      if (pull && !pull.consumed) {
        if (now < pull.doneAt) {
          wake.push(pull.doneAt);
          c.waiting ??= { reason: 'ContainerCreating' };
          return;
        }
        pull.consumed = true;
        if (!pull.ok) {
          this.podEvent(pod, node, 'Warning', 'Failed', `Failed to pull image "${image}": ${pull.error}`, c);
          this.podEvent(pod, node, 'Warning', 'Failed', 'Error: ErrImagePull', c);
          c.pullBackoff = nextBackoff(c.pullBackoff, now, now);
          c.waiting = { reason: 'ErrImagePull', message: pull.error };
          retry();
          return;
        }
        const total = pull.doneAt - pull.requestedAt;
        this.podEvent(
          pod,
          node,
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${goDuration(pull.durationMs)} (${goDuration(total)} including waiting). Image size: ${(resolved as ResolvedImage).size} bytes.`,
          c,
        );
        pulledImage = resolved as ResolvedImage;
      } else {
        if (isInBackOffSinceUpdate(c.pullBackoff, now)) {
          const msg = `Back-off pulling image "${image}"`;
          c.waiting = { reason: 'ImagePullBackOff', message: msg };
          this.podEvent(pod, node, 'Normal', 'BackOff', msg, c);
          this.podEvent(pod, node, 'Warning', 'Failed', 'Error: ImagePullBackOff', c);
          retry();
          return;
        }
        this.podEvent(pod, node, 'Normal', 'Pulling', `Pulling image "${image}"`, c);
        c.pull = this.requestPull(node, resolved, now);
        c.waiting ??= { reason: 'ContainerCreating' };
        wake.push(c.pull.doneAt);
        return;
      }
    }
    this.createAndStart(rec, pod, node, spec, c, pulledImage!, wake);
  }

  private imagePresent(node: NodeRec, r: ResolvedImage, now: number): boolean {
    const img = node.images[r.imageID];
    if (!img || img.presentAt > now) return false;
    return r.ref.digest && !r.ref.tag ? true : img.tags.includes(r.tag);
  }

  /**
   * Queues a pull on the node's serial puller (serializeImagePulls: true). A pull takes a
   * registry round trip plus the layers' download and unpacking: nginx (72.9 MB) about 2.8 s at
   * ~30 MB/s; an image already on the node only needs the manifest check (0.2-0.9 s).
   */
  private requestPull(node: NodeRec, r: ReturnType<typeof resolveImage>, now: number): NonNullable<CRec['pull']> {
    const rng = this.engine.runtime.rng;
    let durationMs: number;
    let ok = true;
    let error: string | undefined;
    if (!isResolved(r)) {
      ok = false;
      durationMs = r.desc.includes('no such host') ? 30 + rng.int(60) : 400 + rng.int(900);
      error = `rpc error: code = ${r.code} desc = ${r.desc}`;
    } else {
      const already = node.images[r.imageID];
      if (already) durationMs = 200 + rng.int(700);
      else {
        const bytesPerMs = 30_000 * (0.8 + 0.4 * rng.float());
        durationMs = 300 + rng.int(200) + Math.round(r.size / bytesPerMs);
      }
    }
    const start = Math.max(now, node.pullBusyUntil);
    const doneAt = start + durationMs;
    node.pullBusyUntil = doneAt;
    if (ok && isResolved(r)) {
      const img = node.images[r.imageID];
      if (!img) node.images[r.imageID] = { presentAt: doneAt, tags: [r.tag], size: r.size };
      else {
        if (!img.tags.includes(r.tag)) img.tags.push(r.tag);
        img.presentAt = Math.min(img.presentAt, doneAt);
      }
      // The node status lists the new image at its next status update (every 10 s).
      const at = tickAtOrAfter(node.joinAt, NODE_STATUS_UPDATE_MS, doneAt);
      if (node.statusAt === undefined || node.statusAt > at) {
        node.statusAt = at;
        this.engine.runtime.setTimer(this.name, at, 'node-status', node.name);
      }
    }
    return { requestedAt: now, doneAt, durationMs, ok, error };
  }

  private createAndStart(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, image: ResolvedImage, wake: Wake): void {
    const now = this.now;
    let prepared;
    try {
      prepared = prepareContainer(this.prepareInput(rec, pod, node, spec, image));
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      c.waiting = { reason: 'CreateContainerConfigError', message: e.message };
      this.podEvent(pod, node, 'Warning', 'Failed', `Error: ${e.message}`, c);
      c.retryAt = now + jitter(SYNC_RETRY_MS, SYNC_RETRY_JITTER, this.engine.runtime.rng.float());
      wake.push(c.retryAt);
      return;
    }
    const previous = c.inst;
    const hasStartup = !!spec.startupProbe;
    const inst: Inst = {
      id: this.engine.runtime.rng.hex(64),
      startedAt: now,
      imageName: image.name,
      imageID: image.imageID,
      argv: prepared.argv,
      env: prepared.ctx.env,
      logs: [],
      fsOps: [],
      probes: {},
      ready: false,
      started: !hasStartup,
    };
    const vf = volumeFiles(pod, spec, prepared.fs);
    if (vf) inst.volumeFiles = vf;
    for (const kind of ['startup', 'liveness', 'readiness'] as const) if (spec[`${kind}Probe`]) inst.probes[kind] = initialProbeState(kind);
    inst.ready = inst.started && !spec.readinessProbe;
    if (previous) {
      c.last = previous;
      c.restartCount++;
    }
    c.inst = inst;
    this.prepared.set(inst.id, prepared);
    c.starting = undefined;
    c.waiting = undefined;
    c.retryAt = undefined;
    c.image = spec.image;
    this.podEvent(pod, node, 'Normal', 'Created', `Created container ${c.name}`, c);
    const run = this.getRun(rec, pod, node, c, inst);
    if (run.startError) {
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${run.startError}: unknown`;
      inst.finishedAt = now;
      inst.exitCode = 128;
      inst.reason = 'StartError';
      inst.message = msg;
      inst.started = false;
      inst.ready = false;
      this.podEvent(pod, node, 'Warning', 'Failed', `Error: ${msg}`, c);
      c.retryAt = now + PLEG_RELIST_MS;
      wake.push(c.retryAt);
      return;
    }
    this.podEvent(pod, node, 'Normal', 'Started', `Started container ${c.name}`, c);
    // kube-proxy announces itself on its node (an event with an empty message, source kube-proxy).
    if (image.image.repository === 'registry.k8s.io/kube-proxy') this.engine.recorder.event(this.nodeRef(node), 'Normal', 'Starting', '', { component: 'kube-proxy', host: node.name });
    if (this.checkExit(rec, pod, node, c, inst, wake)) {
      c.retryAt = inst.finishedAt! + PLEG_RELIST_MS;
      wake.push(c.retryAt);
      return;
    }
    this.syncProbes(rec, pod, node, spec, c, inst, wake);
  }

  private prepareInput(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], image: ResolvedImage) {
    const n = this.resolvedNode(node.name);
    return {
      pod,
      container: spec,
      image,
      nodeName: node.name,
      hostIP: nodeIP(node.index),
      podIP: rec.ip ?? nodeIP(node.index),
      node: { cpu: parseMilli(n.cpu) / 1000, memoryBytes: parseQuantity(n.memory) },
      lookup: (kind: string, ns: string, name: string) => this.store.get(kind, ns, name),
      list: (kind: string, ns?: string) => this.store.list(kind, { namespace: ns }),
    };
  }

  /** The simulated process of an instance (rebuilt on demand: it is a pure function of its inputs). */
  private getRun(rec: PodRec, pod: KObject, node: NodeRec, c: CRec, inst: Inst): ProcessRun {
    let run = this.runs.get(inst.id);
    if (run && run.stale) run = undefined;
    if (run) {
      this.runs.delete(inst.id);
      this.runs.set(inst.id, run);
      return run;
    }
    let prepared = this.prepared.get(inst.id);
    this.prepared.delete(inst.id);
    if (!prepared) {
      const specs = containerSpecs(pod);
      const spec = specs.get(`${c.init ? 'i' : 'c'}:${c.name}`) ?? { name: c.name, image: c.image };
      const r = resolveImage(inst.imageName);
      const image = isResolved(r) ? r : (resolveImage('registry.k8s.io/pause:3.10') as ResolvedImage);
      // Rebuilt with the environment and files the instance started with (below): the service
      // links are not listed again (ctx.env is replaced by inst.env), which with 1,000 Services
      // made every rebuild of an evicted run cost ~4 ms.
      const input = { ...this.prepareInput(rec, pod, node, spec, image), list: () => [] };
      try {
        prepared = prepareContainer(input);
      } catch {
        prepared = prepareContainer({ ...input, container: { ...spec, env: [], envFrom: [] } });
      }
    }
    const ctx: ContainerContext = { ...prepared.ctx, env: inst.env, command: inst.argv };
    const fs = prepared.fs;
    for (const [path, content] of Object.entries(inst.volumeFiles ?? {})) fs.write(path, content);
    run = new ProcessRun(ctx, inst.argv, inst.startedAt, fs, { fsOps: inst.fsOps, net: this.network });
    this.runs.set(inst.id, run);
    if (this.runs.size > RUN_CACHE_SIZE) evictOldest(this.runs);
    return run;
  }

  // -------------------------------------------------------------------------------------------
  // Probes and kills

  private syncProbes(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, inst: Inst, wake: Wake): void {
    const now = this.now;
    const origin = rec.admittedAt;
    let cached: ProcessRun | undefined;
    const runOf = () => (cached ??= this.getRun(rec, pod, node, c, inst));
    for (const kind of ['startup', 'liveness', 'readiness'] as ProbeKind[]) {
      const probe = spec[`${kind}Probe`];
      const st = inst.probes[kind];
      if (!probe || !st || st.held) continue;
      if (kind === 'startup' ? inst.started : !inst.started) continue;
      if (inst.stop && kind !== 'readiness') continue;
      const timing = probeTiming(probe);
      const first = inst.startedAt + timing.initialDelayMs;
      if (st.lastTick === undefined && st.next === undefined) {
        // The readiness manual trigger (prober_manager.go UpdatePodStatus): the status update
        // after the PLEG notices the new container runs a readiness probe at once.
        const manualAt = inst.startedAt + PLEG_RELIST_MS;
        const manual = kind === 'readiness' && !inst.triggered && manualAt >= first && manualAt >= now;
        inst.triggered = true;
        const grid = tickAtOrAfter(origin, timing.periodMs, Math.max(first, now));
        setNext(st, manual ? Math.min(manualAt, grid) : grid);
      }
      let next = getNext(st);
      if (next === undefined || next > now) {
        if (next !== undefined) wake.push(next);
        continue;
      }
      const run = runOf();
      const outcome = this.probeOutcome(rec, pod, node, spec, c, inst, run, kind, probe);
      const label = kind[0].toUpperCase() + kind.slice(1);
      let failing = false;
      if (outcome.value === 'error') {
        failing = true;
        if (this.allowUnhealthy(st, now)) this.podEvent(pod, node, 'Warning', 'Unhealthy', `${label} probe errored: ${outcome.message}`, c);
      } else {
        const flipped = observe(st, outcome.value, now, origin, timing);
        if (outcome.value === 'failure') {
          failing = true;
          if (this.allowUnhealthy(st, now)) this.podEvent(pod, node, 'Warning', 'Unhealthy', `${label} probe failed: ${outcome.message}`, c);
        }
        if (flipped) this.onProbeFlip(rec, pod, node, spec, c, inst, kind, st, probe, wake);
      }
      if (st.held || (kind === 'startup' && inst.started)) continue;
      const candidates: number[] = [];
      const flipAt = pendingFlipAt(st, origin, timing);
      if (flipAt !== undefined && flipAt > now) candidates.push(flipAt);
      if (failing) {
        const events = st.events;
        candidates.push(events < UNHEALTHY_BURST ? now + timing.periodMs : tickAtOrAfter(origin, timing.periodMs, (st.lastEvent ?? now) + UNHEALTHY_REFILL_MS));
      }
      const change = run.nextChangeAfter(now);
      if (change !== undefined) candidates.push(tickAtOrAfter(origin, timing.periodMs, Math.max(change, now + 1)));
      next = candidates.length ? Math.min(...candidates) : undefined;
      setNext(st, next);
      if (next !== undefined) wake.push(next);
    }
  }

  private allowUnhealthy(st: ProbeState, now: number): boolean {
    if (st.events < UNHEALTHY_BURST || st.lastEvent === undefined || now - st.lastEvent >= UNHEALTHY_REFILL_MS) {
      st.events++;
      st.lastEvent = now;
      return true;
    }
    return false;
  }

  private onProbeFlip(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, inst: Inst, kind: ProbeKind, st: ProbeState, probe: Record<string, any>, wake: Wake): void {
    if (kind === 'readiness') {
      inst.ready = st.result === 'success';
      return;
    }
    if (kind === 'startup') {
      if (st.result === 'success') {
        inst.started = true;
        inst.ready = !spec.readinessProbe;
        // Liveness and readiness start at their next ticks.
        for (const k of ['liveness', 'readiness'] as const) {
          const s = inst.probes[k];
          if (s) setNext(s, tickAtOrAfter(rec.admittedAt, probeTiming(spec[`${k}Probe`]).periodMs, Math.max(this.now + 1, inst.startedAt + probeTiming(spec[`${k}Probe`]).initialDelayMs)));
        }
        return;
      }
    }
    if (st.result === 'failure') {
      st.held = true;
      const grace = probe.terminationGracePeriodSeconds !== undefined ? probe.terminationGracePeriodSeconds * 1000 : this.graceMs(pod);
      this.kill(rec, pod, node, c, inst, 'probe', `Container ${c.name} failed ${kind} probe, will be restarted`, grace, wake);
    }
  }

  private probeOutcome(rec: PodRec, pod: KObject, node: NodeRec, spec: KObject['spec'], c: CRec, inst: Inst, run: ProcessRun, kind: ProbeKind, probe: Record<string, any>): { value: 'success' | 'failure' | 'error'; message?: string } {
    const now = this.now;
    const ip = rec.ip ?? nodeIP(node.index);
    if (probe.exec) {
      const o = runExec(run.ctx, probe.exec.command ?? [], run.fsAt(now), now, '', this.network);
      if (o.notFound) {
        return {
          value: 'error',
          message: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${this.engine.runtime.rng.hex(64)}": OCI runtime exec failed: exec failed: unable to start container process: ${o.notFound}: unknown`,
        };
      }
      if (o.exitCode === 0) return { value: 'success' };
      return { value: 'failure', message: (o.stdout + o.stderr).replace(/\n$/, '') };
    }
    const portOf = (p: number | string) => (typeof p === 'number' ? p : Number((spec.ports ?? []).find((x: { name?: string }) => x.name === p)?.containerPort ?? NaN));
    const server = run.serverAt(now);
    if (probe.httpGet) {
      const g = probe.httpGet;
      const port = portOf(g.port);
      const host = g.host || ip;
      const scheme = (g.scheme ?? 'HTTP').toLowerCase();
      const path = g.path ? (g.path.startsWith('/') ? g.path : `/${g.path}`) : '/';
      const url = `${scheme}://${host}:${port}${path}`;
      const listening = server?.app.ports.some((p) => p.port === port && p.protocol === 'TCP');
      if (!server || !listening) return { value: 'failure', message: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
      const headers: Record<string, string> = { Host: `${host}:${port}`, 'User-Agent': PROBE_USER_AGENT, Accept: '*/*', Connection: 'close' };
      for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
      const q = path.indexOf('?');
      const res = server.app.http?.(
        { method: 'GET', path: q >= 0 ? path.slice(0, q) : path, query: q >= 0 ? path.slice(q + 1) : undefined, headers, clientIP: this.probeSource(rec, node), host: `${host}:${port}`, port },
        { ctx: run.ctx, fs: run.fsAt(now), now, since: server.since },
      );
      if (!res) return { value: 'failure', message: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response` };
      if (res.status >= 200 && res.status < 400) return { value: 'success' };
      return { value: 'failure', message: `HTTP probe failed with statuscode: ${res.status}` };
    }
    if (probe.tcpSocket) {
      const port = portOf(probe.tcpSocket.port);
      const host = probe.tcpSocket.host || ip;
      if (server?.app.ports.some((p) => p.port === port && p.protocol === 'TCP')) return { value: 'success' };
      return { value: 'failure', message: `dial tcp ${host}:${port}: connect: connection refused` };
    }
    if (probe.grpc) {
      const port = probe.grpc.port;
      if (!server?.app.ports.some((p) => p.port === port && p.protocol === 'TCP'))
        return { value: 'failure', message: `timeout: failed to connect service "${ip}:${port}" within ${probeTiming(probe).timeoutMs / 1000}s: context deadline exceeded` };
      const h = server.app.grpcHealth?.(probe.grpc.service ?? '', { ctx: run.ctx, fs: run.fsAt(now), now, since: server.since }) ?? 'UNIMPLEMENTED';
      if (h === 'SERVING') return { value: 'success' };
      if (h === 'UNIMPLEMENTED') return { value: 'failure', message: `this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health` };
      return { value: 'failure', message: `service unhealthy (responded with "${h}")` };
    }
    void kind;
    return { value: 'success' };
  }

  /** Where kubelet-originated traffic comes from: the node's bridge address for pod-network pods. */
  private probeSource(rec: PodRec, node: NodeRec): string {
    return rec.ip && rec.ip !== nodeIP(node.index) ? `${podNet(node.index)}.1` : nodeIP(node.index);
  }

  /**
   * Stops a container as containerd does: the image's STOPSIGNAL (SIGTERM by default), then
   * SIGKILL when the grace period ends. A PID 1 that ignores the signal (a shell, `sleep`)
   * exits with 137 at the end of the grace period; nginx (SIGQUIT) exits 0 within a tenth of a
   * second.
   */
  private kill(rec: PodRec, pod: KObject, node: NodeRec, c: CRec, inst: Inst, kind: NonNullable<Inst['stop']>['kind'], message: string, graceMs: number, wake: Wake): void {
    const now = this.now;
    if (inst.stop || inst.finishedAt !== undefined) return;
    this.podEvent(pod, node, 'Normal', 'Killing', message, c);
    const run = this.getRun(rec, pod, node, c, inst);
    const signal = run.ctx.image.stopSignal ?? 'SIGTERM';
    const reaction = run.stopReaction(now, signal);
    let exitAt = now + graceMs;
    let code = 137;
    if (reaction !== 'exited' && reaction !== 'ignore' && reaction.afterMs <= graceMs) {
      exitAt = now + reaction.afterMs;
      code = reaction.code;
      const stream = reaction.stream === 'stdout' ? 0 : 1;
      for (const l of reaction.logs ?? []) inst.logs.push([now + Math.min(reaction.afterMs, 5), stream, l]);
    }
    inst.stop = { at: now, exitAt, code, kind };
    // A pod being deleted turns unready at once (0/1 Terminating). A container restarted in a
    // running pod (failed liveness probe, changed definition) is killed while the pod worker
    // blocks in killContainer, which generates no status meanwhile: it shows as it was, ready,
    // until it has exited (the docs' liveness-exec pod reads 1/1 Running through its 30 s kill).
    if (kind === 'delete') inst.ready = false;
    wake.push(exitAt);
  }

  private syncTerminating(rec: PodRec, pod: KObject, node: NodeRec): void {
    const now = this.now;
    const wake: Wake = [];
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const first = rec.killingAt === undefined;
    if (first) rec.killingAt = now;
    for (const c of rec.containers) {
      const inst = c.inst;
      c.retryAt = undefined;
      if (!inst || inst.finishedAt !== undefined) {
        if (inst) c.waiting = undefined;
        continue;
      }
      if (this.checkExit(rec, pod, node, c, inst, wake)) continue;
      if (!inst.stop || inst.stop.kind !== 'delete') {
        const was = inst.stop;
        inst.stop = undefined;
        this.kill(rec, pod, node, c, inst, 'delete', `Stopping container ${c.name}`, graceMs, wake);
        const now2 = inst.stop as Inst['stop'];
        if (was && now2 && was.exitAt < now2.exitAt) inst.stop = { ...now2, exitAt: was.exitAt, code: was.code };
      } else if (inst.stop.exitAt > now + graceMs) {
        // A shorter grace period (kubectl delete --grace-period): SIGKILL sooner.
        inst.stop = { ...inst.stop, exitAt: now + graceMs, code: 137 };
        wake.push(inst.stop.exitAt);
      }
      if (inst.finishedAt === undefined) wake.push(inst.stop!.exitAt);
    }
    const running = rec.containers.some((c) => c.inst && c.inst.finishedAt === undefined);
    if (running) {
      this.writeStatus(rec, pod, node);
      this.schedule(rec, wake);
      return;
    }
    // Every container has stopped: report the terminal phase, then remove the pod (grace 0).
    rec.terminal = this.phaseOf(rec, pod, true) === 'Succeeded' ? 'Succeeded' : 'Failed';
    this.releaseRequests(rec);
    for (const c of rec.containers) if (c.waiting && c.inst) c.waiting = undefined;
    rec.sandboxReady = false;
    this.writeStatus(rec, pod, node);
    this.releaseIP(rec);
    rec.deleteAtRelist = true;
    this.markDirty(rec);
  }

  private deletePod(pod: KObject): void {
    try {
      this.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // exec, logs, HTTP

  private locate(namespace: string, podName: string, container?: string): { rec: PodRec; pod: KObject; node: NodeRec; c: CRec } {
    const stored = this.store.get('Pod', namespace, podName);
    if (!stored) throw notFound(mustKind('Pod'), podName);
    const key = `${namespace}/${podName}`;
    const rec = this.pods.get(key);
    const pod = rec?.static ? this.staticObject(rec) : stored;
    const specs = containerSpecs(pod);
    const name = container ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? pod.spec?.containers?.[0]?.name;
    if (!specs.has(`c:${name}`) && !specs.has(`i:${name}`)) throw badRequest(`container ${name} is not valid for pod ${podName}`);
    const nodeName = stored.spec?.nodeName;
    if (!nodeName) throw badRequest(`pod ${podName} does not have a host assigned`);
    const node = this.nodes.get(nodeName);
    if (!node || !rec) {
      const c: CRec = { name: name!, init: specs.has(`i:${name}`) && !specs.has(`c:${name}`), sidecar: false, image: '', restartCount: 0 };
      return { rec: rec!, pod, node: node!, c };
    }
    const c = rec.containers.find((x) => x.name === name)!;
    return { rec, pod, node, c };
  }

  /**
   * The API server cannot reach a stopped kubelet (port 10250). Real kubectl prints these as
   * `Error from server: <message>` (a 500 without a known reason).
   */
  private unreachable(node: NodeRec | undefined, what: 'exec' | 'logs', path: string): ApiError | undefined {
    if (!node) return undefined;
    if (node.running) return undefined;
    const ip = nodeIP(node.index);
    const message =
      what === 'exec' ? `error dialing backend: dial tcp ${ip}:10250: connect: connection refused` : `Get "https://${ip}:10250/containerLogs/${path}": dial tcp ${ip}:10250: connect: connection refused`;
    return new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'InternalError', code: 500 });
  }

  /** Runs a command in a running container (kubectl exec). */
  exec(req: ExecRequest): ExecResult {
    const { rec, pod, node, c } = this.locate(req.namespace, req.pod, req.container);
    const down = this.unreachable(node, 'exec', '');
    if (down) throw down;
    const phase = pod.status?.phase ?? this.store.get('Pod', req.namespace, req.pod)?.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    const inst = c.inst;
    if (!rec || !inst || inst.finishedAt !== undefined) throw new Error(`unable to upgrade connection: container not found ("${c.name}")`);
    const run = this.getRun(rec, pod, node, c, inst);
    const now = this.now;
    const o = runExec(run.ctx, req.command, run.fsAt(now), now, req.stdin ?? '', this.network);
    if (o.notFound) return { stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${o.notFound}: unknown\r\n`, exitCode: 126 };
    if (o.ops.length) {
      inst.fsOps.push(...o.ops);
      for (const op of o.ops) run.addExecOp(op);
      // Files changed: exec probes may now answer differently, so look again at the next ticks.
      for (const [kind, st] of Object.entries(inst.probes)) {
        if (!st) continue;
        const spec = containerSpecs(pod).get(`${c.init ? 'i' : 'c'}:${c.name}`)?.[`${kind}Probe`];
        if (spec?.exec) setNext(st, Math.min(getNext(st) ?? Infinity, tickAtOrAfter(rec.admittedAt, probeTiming(spec).periodMs, now + 1)));
      }
      this.enqueue(rec.key);
    }
    return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode };
  }

  /** The instance whose logs `kubectl logs` shows (pkg/kubelet/kubelet_pods.go validateContainerLogStatus). */
  private logInstance(podName: string, c: CRec, previous: boolean): Inst {
    const i = c.inst;
    const running = i && i.finishedAt === undefined;
    if (previous) {
      const prev = running || !c.waiting ? c.last : i;
      if (!prev) throw badRequest(`previous terminated container "${c.name}" in pod "${podName}" not found`);
      return prev;
    }
    if (i) return i;
    const reason = c.waiting?.reason ?? 'ContainerCreating';
    if (reason === 'ErrImagePull') throw badRequest(`container "${c.name}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') throw badRequest(`container "${c.name}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    throw badRequest(`container "${c.name}" in pod "${podName}" is waiting to start: ${reason}`);
  }

  private logLines(rec: PodRec, pod: KObject, node: NodeRec, c: CRec, inst: Inst, until: number): LogLine[] {
    const end = Math.min(until, inst.finishedAt ?? until);
    const run = this.getRun(rec, pod, node, c, inst);
    const lines: LogLine[] = [...run.logsUntil(end)];
    for (const [at, s, text] of inst.logs) if (at <= end) lines.push({ at, stream: s ? 'stderr' : 'stdout', text });
    lines.push(...this.probeLogLines(rec, pod, node, c, inst, run, end));
    return lines.sort((a, b) => a.at - b.at);
  }

  /** Access-log lines of HTTP probes, derived from the probe schedule instead of stored. */
  private probeLogLines(rec: PodRec, pod: KObject, node: NodeRec, c: CRec, inst: Inst, run: ProcessRun, end: number): LogLine[] {
    const spec = containerSpecs(pod).get(`${c.init ? 'i' : 'c'}:${c.name}`);
    if (!spec) return [];
    const out: LogLine[] = [];
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = spec[`${kind}Probe`];
      if (!probe?.httpGet) continue;
      const timing = probeTiming(probe);
      const port = typeof probe.httpGet.port === 'number' ? probe.httpGet.port : Number((spec.ports ?? []).find((x: { name?: string }) => x.name === probe.httpGet.port)?.containerPort);
      const stopAt = Math.min(end, inst.stop?.at ?? end);
      let t = tickAtOrAfter(rec.admittedAt, timing.periodMs, inst.startedAt + timing.initialDelayMs);
      const maxTicks = 20_000;
      if ((stopAt - t) / timing.periodMs > maxTicks) t = tickAtOrAfter(rec.admittedAt, timing.periodMs, stopAt - maxTicks * timing.periodMs);
      const fs = run.fsAt(end);
      for (; t <= stopAt; t += timing.periodMs) {
        const s = run.serverAt(t);
        if (!s?.app.accessLog || !s.app.http || !s.app.ports.some((p) => p.port === port)) continue;
        const host = probe.httpGet.host || rec.ip || nodeIP(node.index);
        const req: HttpRequest = { method: 'GET', path: probe.httpGet.path ?? '/', headers: { 'User-Agent': PROBE_USER_AGENT, Accept: '*/*' }, clientIP: this.probeSource(rec, node), host: `${host}:${port}`, port };
        const env = { ctx: run.ctx, fs, now: t, since: s.since };
        const res = s.app.http(req, env);
        if (res) out.push(...s.app.accessLog(req, res, env));
      }
    }
    return out;
  }

  /** A container's log as `kubectl logs` prints it. */
  logs(namespace: string, podName: string, opts: LogOptions): string {
    const { rec, pod, node, c } = this.locate(namespace, podName, opts.container);
    const down = this.unreachable(node, 'logs', `${namespace}/${podName}/${c.name}`);
    if (down) throw down;
    if (!rec) throw badRequest(`container "${c.name}" in pod "${podName}" is waiting to start: ContainerCreating`);
    const inst = this.logInstance(podName, c, !!opts.previous);
    let lines = this.logLines(rec, pod, node, c, inst, this.now);
    if (opts.sinceSeconds !== undefined) lines = lines.filter((l) => l.at >= this.now - opts.sinceSeconds! * 1000);
    if (opts.tail !== undefined && opts.tail >= 0) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
    let k = 0;
    return lines
      .map((l, i) => {
        k = i > 0 && lines[i - 1].at === l.at ? k + 1 : 0;
        return (opts.timestamps ? `${nanoTime(l.at, inst.id, k)} ` : '') + l.text + '\n';
      })
      .join('');
  }

  /** Log lines written after `sinceMs` (kubectl logs -f). */
  logsSince(namespace: string, podName: string, container: string, sinceMs: number): string {
    const { rec, pod, node, c } = this.locate(namespace, podName, container);
    if (!rec || !node?.running || !c.inst) return '';
    return this.logLines(rec, pod, node, c, c.inst, this.now)
      .filter((l) => l.at > sinceMs)
      .map((l) => l.text + '\n')
      .join('');
  }

  /**
   * Delivers an HTTP request to whatever listens on `port` in a pod (all its containers share
   * the pod's network namespace), appending the app's access-log lines. The network part routes
   * service traffic here.
   */
  serveHttp(namespace: string, podName: string, port: number, req: Omit<HttpRequest, 'port'>): ServeResult {
    const rec = this.pods.get(`${namespace}/${podName}`);
    if (!rec) return { ok: false, error: 'no-pod' };
    const node = this.nodes.get(rec.node)!;
    if (!node.running) return { ok: false, error: 'not-running' };
    const pod = rec.static ? this.staticObject(rec) : this.store.get('Pod', namespace, podName);
    if (!pod) return { ok: false, error: 'no-pod' };
    const now = this.now;
    for (const c of rec.containers) {
      const inst = c.inst;
      if (!inst || inst.finishedAt !== undefined) continue;
      const run = this.getRun(rec, pod, node, c, inst);
      const s = run.serverAt(now);
      if (!s || !s.app.ports.some((p) => p.port === port && p.protocol === 'TCP')) continue;
      const full: HttpRequest = { ...req, port };
      const env = { ctx: run.ctx, fs: run.fsAt(now), now, since: s.since };
      const res = s.app.http?.(full, env);
      if (!res) return { ok: false, error: 'refused' };
      for (const l of s.app.accessLog?.(full, res, env) ?? []) inst.logs.push([l.at, l.stream === 'stderr' ? 1 : 0, l.text]);
      if (inst.logs.length > 20_000) inst.logs.splice(0, 5_000);
      return { ok: true, response: res };
    }
    return { ok: false, error: 'refused' };
  }

  /** The pod running with an IP (pod network or host network), for the network part. */
  podByIP(ip: string): { namespace: string; name: string } | undefined {
    for (const rec of this.pods.values()) {
      if (rec.ip === ip && rec.sandboxReady && !rec.terminal) {
        const [namespace, name] = splitKey(rec.key);
        return { namespace, name };
      }
    }
    return undefined;
  }

  /** Replaces the network programs inside containers use (the network part calls it). */
  setNetwork(net: PodNetwork): void {
    this.network = net;
    this.runs.clear();
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots

  /**
   * The fleet's state, with keys in a canonical (sorted) order: records gain and lose optional
   * fields as they live, and a restored copy must serialise to the very same bytes.
   */
  save(): FleetState {
    return canonical({ nodes: [...this.nodes.values()], pods: [...this.pods.values()], queue: [...this.queue], dirty: [...this.dirty], relistAt: this.relistAt }) as FleetState;
  }

  /** Restores what save() produced (process runs are rebuilt on demand). */
  load(raw: unknown): void {
    const s = raw as FleetState;
    this.nodes = new Map(s.nodes.map((n) => [n.name, clone(n)]));
    this.pods = new Map(s.pods.map((p) => [p.key, clone(p)]));
    this.queue = [...s.queue];
    this.queued = new Set(this.queue);
    this.dirty = [...(s.dirty ?? [])];
    this.dirtySet = new Set(this.dirty);
    this.relistAt = s.relistAt;
    this.runs.clear();
    this.staticObjs.clear();
    this.usage = undefined;
  }
}

function setNext(st: ProbeState, next: number | undefined): void {
  st.next = next;
}

function getNext(st: ProbeState): number | undefined {
  return st.next;
}

/** Adds the PodScheduled condition a pod status must carry (static pods' mirror pods lack the scheduler's). */
function withPodScheduled(status: Record<string, unknown>, rec: PodRec): void {
  const conds = status.conditions as Array<Record<string, unknown>>;
  if (!conds.some((c) => c.type === 'PodScheduled')) conds.push({ lastProbeTime: null, lastTransitionTime: rfc3339(rec.admittedAt), status: 'True', type: 'PodScheduled' });
}

/** A deep copy with object keys sorted and undefined values dropped. */
function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(canonical);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = canonical(x);
  }
  return out;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Container specs of a pod by `c:name` / `i:name`. */
function containerSpecs(pod: KObject): Map<string, KObject['spec']> {
  const m = new Map<string, KObject['spec']>();
  for (const c of pod.spec?.initContainers ?? []) m.set(`i:${c.name}`, c);
  for (const c of pod.spec?.containers ?? []) m.set(`c:${c.name}`, c);
  return m;
}

/** A pod's effective requests: max(sum of containers, largest init container) (resourcehelper.PodRequests). */
export function podRequests(pod: KObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += c.resources?.requests?.cpu !== undefined ? parseMilli(c.resources.requests.cpu) : c.resources?.limits?.cpu !== undefined ? parseMilli(c.resources.limits.cpu) : 0;
    memory += c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : c.resources?.limits?.memory !== undefined ? parseQuantity(c.resources.limits.memory) : 0;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, c.resources?.requests?.cpu !== undefined ? parseMilli(c.resources.requests.cpu) : 0);
    memory = Math.max(memory, c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : 0);
  }
  return { cpu, memory };
}

function nodeSelectorMatches(pod: KObject, node: KObject | undefined): boolean {
  const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
  const labels = node?.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

function volumeFiles(pod: KObject, spec: KObject['spec'], fs: FileSystem): Record<string, string> | undefined {
  const vols: Array<Record<string, any>> = pod.spec?.volumes ?? [];
  const out: Record<string, string> = {};
  let any = false;
  for (const m of spec.volumeMounts ?? []) {
    const v = vols.find((x) => x.name === m.name);
    if (!v || !(v.configMap || v.secret)) continue;
    const base = m.mountPath.replace(/\/$/, '');
    for (const name of fs.list(base) ?? []) {
      const c = fs.read(`${base}/${name}`);
      if (c !== undefined) {
        out[`${base}/${name}`] = c;
        any = true;
      }
    }
    if (m.subPath) {
      const c = fs.read(m.mountPath);
      if (c !== undefined) {
        out[m.mountPath] = c;
        any = true;
      }
    }
  }
  return any ? out : undefined;
}

/**
 * RFC 3339 with nanoseconds and trailing zeros trimmed (Go's RFC3339Nano), as CRI log lines
 * carry them. The sub-millisecond digits are derived from the container ID and grow with each
 * line written in the same millisecond, so timestamps stay in order.
 */
function nanoTime(ms: number, id: string, k: number): string {
  const iso = new Date(ms).toISOString();
  const sub = Math.min(999_999, (parseInt(id.slice(0, 5), 16) % 400_000) + k * 2_731);
  const frac = (iso.slice(20, 23) + String(sub).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}
