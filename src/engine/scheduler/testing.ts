/**
 * Test helpers for the scheduler and the node controllers: a small cluster (runtime, API store
 * with its indexes, event recorder, scheduler) and builders for nodes and pods written directly
 * into the store, without kubelets or workload controllers.
 */
import { Runtime } from '../sim/runtime';
import { ApiStore } from '../store/store';
import { EventRecorder } from '../client/events';
import { installApiServer } from '../store/install';
import type { Engine } from '../cluster';
import type { KObject } from '../api/types';
import { clone } from '../sim/dev';
import { installScheduler } from './install';
import type { Scheduler } from './scheduler';

/** Start of simulated time in tests. */
export const T0 = Date.parse('2025-03-03T09:00:00Z');

/** Options of a test node. */
export interface TestNode {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string; timeAdded?: string }>;
  unschedulable?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  ready?: boolean;
}

/** A Node object as a kubelet registers it. */
export function nodeObject(n: TestNode): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', ...(n.labels ?? {}) } },
    spec: { ...(n.taints ? { taints: n.taints } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: n.cpu ?? '4', memory: n.memory ?? '8Gi', pods: String(n.pods ?? 110), 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: n.cpu ?? '4', memory: n.memory ?? '8Gi', pods: String(n.pods ?? 110), 'ephemeral-storage': '100Gi' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: '2025-03-03T08:55:00Z', lastTransitionTime: '2025-03-03T08:55:00Z' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: '2025-03-03T08:55:00Z', lastTransitionTime: '2025-03-03T08:55:00Z' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: '2025-03-03T08:55:00Z', lastTransitionTime: '2025-03-03T08:55:00Z' },
        { type: 'Ready', status: n.ready === false ? 'False' : 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2025-03-03T08:55:00Z', lastTransitionTime: '2025-03-03T08:55:00Z' },
      ],
      ...(n.images ? { images: n.images } : {}),
    },
  };
}

/** Options of a test pod. */
export interface TestPod {
  name: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
  image?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, unknown>>;
  affinity?: Record<string, unknown>;
  hostPort?: number;
  ownerReferences?: Array<Record<string, unknown>>;
  spec?: Record<string, unknown>;
}

/** A Pod object as a controller or user creates it (defaults the API server would add included). */
export function podObject(p: TestPod): Record<string, unknown> {
  const requests: Record<string, string> = {};
  if (p.cpu) requests.cpu = p.cpu;
  if (p.memory) requests.memory = p.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels ?? { app: p.name }, ...(p.ownerReferences ? { ownerReferences: p.ownerReferences } : {}) },
    spec: {
      containers: [
        {
          name: 'c',
          image: p.image ?? 'nginx',
          resources: Object.keys(requests).length ? { requests } : {},
          ...(p.hostPort ? { ports: [{ containerPort: 80, hostPort: p.hostPort, protocol: 'TCP' }] } : {}),
        },
      ],
      schedulerName: 'default-scheduler',
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.affinity ? { affinity: p.affinity } : {}),
      tolerations: p.tolerations ?? [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      ...(p.spec ?? {}),
    },
    status: { phase: 'Pending' },
  };
}

/** The kubeadm control-plane taint. */
export const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** A running test cluster. */
export interface TestCluster {
  runtime: Runtime;
  store: ApiStore;
  recorder: EventRecorder;
  engine: Engine;
  scheduler: Scheduler;
  addNode(n: TestNode): KObject;
  addPod(p: TestPod): KObject;
  pod(name: string, namespace?: string): KObject;
  node(name: string): KObject;
  /** Updates a node with a function applied to a copy. */
  patchNode(name: string, fn: (n: KObject) => void, status?: boolean): KObject;
  /** Events about an object (by name), oldest first. */
  events(name: string): KObject[];
  settle(): void;
}

/** Builds a cluster with the scheduler and, through `install`, any other parts. */
export function testCluster(opts: { controlPlane?: string; seed?: number; strict?: boolean; install?: (e: Engine) => void } = {}): TestCluster {
  const runtime = new Runtime(T0, opts.seed ?? 1, opts.strict ?? true);
  const store = runtime.register(new ApiStore(runtime));
  const recorder = new EventRecorder(runtime, store);
  const engine = {
    runtime,
    store,
    recorder,
    options: { seed: opts.seed ?? 1, startTime: '2025-03-03T09:00:00Z', nodes: [{ name: opts.controlPlane ?? 'podium-control-plane', controlPlane: true }] },
    clientState: {},
  } as unknown as Engine;
  installApiServer(engine);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  installScheduler(engine);
  opts.install?.(engine);
  const c: TestCluster = {
    runtime,
    store,
    recorder,
    engine,
    scheduler: engine.scheduler as Scheduler,
    addNode: (n) => store.create(nodeObject(n)),
    addPod: (p) => store.create(podObject(p)),
    pod: (name, ns = 'default') => store.mustGet('Pod', ns, name),
    node: (name) => store.mustGet('Node', undefined, name),
    patchNode(name, fn, status) {
      const n = clone(store.mustGet('Node', undefined, name));
      fn(n);
      return status ? store.updateStatus(n) : store.update(n);
    },
    events: (name) =>
      store
        .list('Event')
        .filter((e) => e.involvedObject?.name === name)
        .sort((a, b) => Number(a.metadata.creationTimestamp > b.metadata.creationTimestamp) - Number(a.metadata.creationTimestamp < b.metadata.creationTimestamp) || (a.metadata.name < b.metadata.name ? -1 : 1)),
    settle: () => runtime.settle(),
  };
  return c;
}
