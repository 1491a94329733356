/**
 * A small harness for controller tests: a runtime, the API store with its strategies and
 * indexes, the event recorder and only the controllers of installNamespaceControllers,
 * installReplicaControllers and installGarbageCollectors (no scheduler, no kubelets: tests bind
 * pods and set their status themselves, as a scheduler and a kubelet would). It turns on
 * workloadDebug.verifyIncremental.
 */
import { Runtime } from '../sim/runtime';
import { ApiStore } from '../store/store';
import { EventRecorder } from '../client/events';
import { installApiServer } from '../store/install';
import { bindPod } from '../store/subresources';
import type { Engine } from '../cluster';
import type { ControllerContext } from '../client/controller';
import type { KObject, NewObject, Taint } from '../api/types';
import { rfc3339 } from '../api/time';
import { clone } from '../sim/dev';
import { type WorkloadControllers, installGarbageCollectors, installNamespaceControllers, installReplicaControllers } from './install';
import { isPodActive, workloadDebug } from './controller_utils';

/** A node to create: a name or a name with labels, taints and cordon. */
export type HarnessNode = string | { name: string; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean };

/** What newHarness returns. */
export interface Harness {
  runtime: Runtime;
  store: ApiStore;
  recorder: EventRecorder;
  controllers: WorkloadControllers;
  /** Drains all queued work at the current instant. */
  settle(): void;
  /** Runs simulated time forward. */
  advance(ms: number): void;
  /** Creates an object and settles. */
  create(obj: NewObject): KObject;
  /** Creates a Node (Ready) and settles. */
  addNode(n: HarnessNode): KObject;
  /** Binds a pod to a node (pods/binding) and settles. */
  bind(pod: KObject | string, node: string, namespace?: string): KObject;
  /** Sets a pod Running and Ready (or not ready) since now, as a kubelet would, and settles. */
  setReady(pod: KObject | string, ready?: boolean, namespace?: string): KObject;
  /** Force-removes pods that are terminating, as kubelets finishing their grace periods would. */
  finishTerminating(namespace?: string): void;
  /** Active pods controlled by `owner`, sorted by name. */
  podsOf(owner: KObject): KObject[];
  /** Reasons and messages of the events about `obj`, oldest first. */
  events(obj: KObject): string[];
  /** Re-reads an object. */
  get(obj: KObject): KObject | undefined;
}

/** Default simulated start of harness clusters. */
export const HARNESS_START = Date.parse('2025-03-03T09:00:00Z');

/** Builds a harness with the namespaces `default` and `kube-system` and the given nodes. */
export function newHarness(opts: { nodes?: HarnessNode[]; seed?: number } = {}): Harness {
  // Every sync checks its incremental caches against a rebuild.
  workloadDebug.verifyIncremental = true;
  const runtime = new Runtime(HARNESS_START, opts.seed ?? 7, true);
  const store = runtime.register(new ApiStore(runtime));
  const recorder = new EventRecorder(runtime, store);
  installApiServer({ store } as unknown as Engine);
  const ctx: ControllerContext = { runtime, store, recorder };
  const controllers = { ...installNamespaceControllers(ctx), ...installReplicaControllers(ctx), ...installGarbageCollectors(ctx) } as WorkloadControllers;
  const settle = () => runtime.settle();
  const podOf = (p: KObject | string, ns = 'default') => (typeof p === 'string' ? store.mustGet('Pod', ns, p) : store.mustGet('Pod', p.metadata.namespace, p.metadata.name));
  const h: Harness = {
    runtime,
    store,
    recorder,
    controllers,
    settle,
    advance: (ms) => runtime.advance(ms),
    create(obj) {
      const o = store.create(obj);
      settle();
      return o;
    },
    addNode(n) {
      const spec = typeof n === 'string' ? { name: n } : n;
      const node = store.create({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: spec.name, labels: { 'kubernetes.io/hostname': spec.name, 'kubernetes.io/os': 'linux', ...(spec.labels ?? {}) } },
        spec: { ...(spec.taints ? { taints: spec.taints } : {}), ...(spec.unschedulable ? { unschedulable: true } : {}) },
        status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
      });
      settle();
      return node;
    },
    bind(p, node, ns) {
      const pod = podOf(p, ns);
      const out = bindPod(store, pod.metadata.namespace!, pod.metadata.name, node, runtime.now);
      settle();
      return out;
    },
    setReady(p, ready = true, ns) {
      const pod = clone(podOf(p, ns));
      const now = rfc3339(runtime.now);
      const conditions = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'Ready' && c.type !== 'ContainersReady');
      conditions.push({ type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now });
      conditions.push({ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now });
      pod.status = { ...(pod.status ?? {}), phase: 'Running', conditions };
      const out = store.updateStatus(pod);
      settle();
      return out;
    },
    finishTerminating(namespace) {
      for (const pod of store.list('Pod', namespace ? { namespace } : {})) {
        if (pod.metadata.deletionTimestamp) store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 });
      }
      settle();
    },
    podsOf(owner) {
      return store
        .byIndex('Pod', 'controller', owner.metadata.uid)
        .filter(isPodActive)
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    },
    events(obj) {
      return store
        .filter('Event', undefined, (e) => e.involvedObject?.uid === obj.metadata.uid)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${e.reason}: ${e.message}`);
    },
    get(obj) {
      return store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    },
  };
  for (const name of ['default', 'kube-system']) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  settle();
  for (const n of opts.nodes ?? []) h.addNode(n);
  return h;
}

/** A pod template with one nginx container and the given labels. */
export function podTemplate(labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { labels },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...extra },
  };
}

/** An apps/v1 ReplicaSet manifest. */
export function replicaSet(name: string, replicas: number, labels: Record<string, string> = { app: name }, spec: Record<string, unknown> = {}): NewObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels), ...spec },
  };
}

/** An orphan pod manifest with the given labels. */
export function barePod(name: string, labels: Record<string, string>, namespace = 'default'): NewObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
}
