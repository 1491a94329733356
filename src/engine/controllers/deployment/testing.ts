/**
 * Test helpers of the Deployment controller (used only by its *.test.ts files):
 *
 * - FakeDeploymentContext records the writes the sync functions make, as upstream's tests use a
 *   fake clientset, with upstream's fixture builders (newDeployment, rs, newRSWithStatus);
 * - newHarness() runs the real controller on a real store with FakePodDriver, a tiny stand-in
 *   for the ReplicaSet controller, scheduler and kubelet: it keeps each ReplicaSet's pods at
 *   spec.replicas, makes new pods Ready after `readyDelayMs`, keeps deleted pods Terminating for
 *   `terminationDelayMs`, deletes the least available pods first, and reports ReplicaSet status
 *   (availability honouring minReadySeconds, re-checked exactly when a pod becomes available).
 */
import { alreadyExists, conflict } from '../../api/errors';
import { parseTime, rfc3339 } from '../../api/time';
import { mustKind } from '../../api/registry';
import { controllerRef, type KObject, type NewObject } from '../../api/types';
import { isPodReady } from '../../api/podutil';
import type { ControllerContext } from '../../client/controller';
import { keyOf, splitKey } from '../../client/controller';
import { EventRecorder } from '../../client/events';
import { WorkQueue } from '../../client/workqueue';
import type { Engine } from '../../cluster';
import { clone } from '../../sim/dev';
import { Runtime, type Component } from '../../sim/runtime';
import { installApiServer } from '../../store/install';
import { ApiStore } from '../../store/store';
import type { DeploymentContext } from './context';
import { installDeploymentController, type DeploymentController } from './deployment_controller';
import { MaxInt32, minReadySecondsOf, specReplicas, type Deployment, type ReplicaSet } from './util';

// ---------------------------------------------------------------------------------------------
// Upstream's fixtures (deployment_controller_test.go)

/** A zero time, as metav1.Time{} (sorts first). */
export const noTimestamp = '';

/**
 * newDeployment as in upstream's tests: RollingUpdate with maxSurge and maxUnavailable 0 unless
 * given, no progress deadline (MaxInt32 stands for Go's nil), template labels = selector.
 */
export function newDeployment(
  name: string,
  replicas: number,
  revisionHistoryLimit?: number,
  maxSurge?: number | string,
  maxUnavailable?: number | string,
  selector: Record<string, string> = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, resourceVersion: '1', creationTimestamp: '', annotations: {}, generation: 1 },
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: maxUnavailable ?? 0, maxSurge: maxSurge ?? 0 } },
      replicas,
      selector: { matchLabels: { ...selector } },
      template: { metadata: { labels: { ...selector } }, spec: { containers: [{ name: 'foo', image: 'foo/bar' }] } },
      revisionHistoryLimit: revisionHistoryLimit ?? MaxInt32,
      progressDeadlineSeconds: MaxInt32,
    },
    status: {},
  };
}

/** rs(name, replicas, selector, timestamp) as in upstream's tests. */
export function rs(name: string, replicas: number, selector: Record<string, string> | undefined, timestamp: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, resourceVersion: '1', creationTimestamp: timestamp },
    spec: { replicas, selector: { matchLabels: { ...(selector ?? {}) } }, template: {} },
    status: {},
  };
}

/** newRSWithStatus as in upstream's tests. */
export function newRSWithStatus(name: string, specReplicas: number, statusReplicas: number, selector?: Record<string, string>): ReplicaSet {
  const r = rs(name, specReplicas, selector, noTimestamp);
  r.status = { replicas: statusReplicas };
  return r;
}

/** newRSWithAvailable as in upstream's progress tests. */
export function newRSWithAvailable(name: string, specReplicas: number, statusReplicas: number, availableReplicas: number): ReplicaSet {
  const r = rs(name, specReplicas, undefined, noTimestamp);
  r.status = { replicas: statusReplicas, availableReplicas };
  return r;
}

/** One write recorded by FakeDeploymentContext. */
export interface Action {
  verb: 'create' | 'update' | 'delete';
  resource: 'replicasets' | 'deployments';
  subresource?: 'status';
  object: KObject;
}

/** A DeploymentContext that records writes instead of making them (upstream's fake clientset). */
export class FakeDeploymentContext implements DeploymentContext {
  now = Date.parse('2017-02-15T18:49:00Z');
  readonly actions: Action[] = [];
  readonly events: Array<{ type: string; reason: string; message: string }> = [];
  readonly enqueued: number[] = [];
  readonly replicaSets = new Map<string, ReplicaSet>();
  readonly pods = new Map<string, KObject[]>();
  /** Names of replica sets whose updates fail with a Conflict. */
  readonly failUpdates = new Set<string>();
  private rv = 100;

  /** Records the creation (AlreadyExists for a name in `replicaSets`). */
  createReplicaSet(obj: NewObject): ReplicaSet {
    if (this.replicaSets.has(obj.metadata!.name!)) throw alreadyExists(mustKind('ReplicaSet'), obj.metadata!.name!);
    const created = clone(obj) as ReplicaSet;
    created.metadata.uid ??= `${created.metadata.name}-uid`;
    created.metadata.resourceVersion = String(++this.rv);
    created.metadata.creationTimestamp ??= rfc3339(this.now);
    this.actions.push({ verb: 'create', resource: 'replicasets', object: clone(created) });
    this.replicaSets.set(created.metadata.name, created);
    return created;
  }

  /** Records the update (or fails it for names in failUpdates). */
  updateReplicaSet(obj: ReplicaSet): ReplicaSet {
    if (this.failUpdates.has(obj.metadata.name)) throw conflict(mustKind('ReplicaSet'), obj.metadata.name);
    const out = clone(obj);
    out.metadata.resourceVersion = String(++this.rv);
    this.actions.push({ verb: 'update', resource: 'replicasets', object: clone(out) });
    this.replicaSets.set(out.metadata.name, out);
    return out;
  }

  /** Records the deletion. */
  deleteReplicaSet(obj: ReplicaSet): void {
    this.actions.push({ verb: 'delete', resource: 'replicasets', object: clone(obj) });
  }

  /** Reads what was created or put in `replicaSets`. */
  getReplicaSet(_namespace: string, name: string): ReplicaSet | undefined {
    return this.replicaSets.get(name);
  }

  /** Records the status update. */
  updateDeploymentStatus(d: Deployment): Deployment {
    const out = clone(d);
    out.metadata.resourceVersion = String(++this.rv);
    this.actions.push({ verb: 'update', resource: 'deployments', subresource: 'status', object: clone(out) });
    return out;
  }

  /** Records the update. */
  updateDeployment(d: Deployment): Deployment {
    const out = clone(d);
    out.metadata.resourceVersion = String(++this.rv);
    this.actions.push({ verb: 'update', resource: 'deployments', object: clone(out) });
    return out;
  }

  /** Pods set in `pods` by replica set uid. */
  podsOf(r: ReplicaSet): KObject[] {
    return this.pods.get(r.metadata.uid) ?? [];
  }

  /** Records the event. */
  event(_d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({ type, reason, message });
  }

  /** Records the delay. */
  enqueueAfter(_d: Deployment, delayMs: number): void {
    this.enqueued.push(delayMs);
  }

  /** The sizes the recorded replica set updates left, by name. */
  updatedSizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.actions) if (a.resource === 'replicasets' && a.verb === 'update') out[a.object.metadata.name] = a.object.spec.replicas;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The fake pod driver

/** How FakePodDriver treats pods. */
export interface PodDriverOptions {
  /** Time from a pod's creation to Ready (default 1000 ms). */
  readyDelayMs?: number;
  /** Time a deleted pod stays Terminating (default 2000 ms). */
  terminationDelayMs?: number;
  /** Pods of templates for which this returns true never become Ready. */
  neverReady?: (template: KObject['spec']) => boolean;
}

const FINALIZER = 'podium.test/terminating';

/** Stands in for the ReplicaSet controller, scheduler and kubelet in the controller tests. */
export class FakePodDriver implements Component {
  readonly name = 'fake-pod-driver';
  private readonly queue: WorkQueue;
  private readonly readyDelayMs: number;
  private readonly terminationDelayMs: number;

  /** Creates the driver; register it on the runtime. */
  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: PodDriverOptions = {},
  ) {
    this.queue = new WorkQueue(ctx.runtime, `${this.name}.queue`);
    this.readyDelayMs = opts.readyDelayMs ?? 1000;
    this.terminationDelayMs = opts.terminationDelayMs ?? 2000;
    ctx.store.watch('ReplicaSet', (ev) => this.queue.add(keyOf(ev.object)));
    ctx.store.watch('Pod', (ev) => {
      const ref = controllerRef(ev.object);
      if (ref?.kind === 'ReplicaSet') this.queue.add(`${ev.object.metadata.namespace}/${ref.name}`);
    });
  }

  /** Syncs one replica set. */
  work(): boolean {
    const key = this.queue.get();
    if (key === undefined) return false;
    try {
      this.syncReplicaSet(key);
    } finally {
      this.queue.done(key);
    }
    return true;
  }

  private get store() {
    return this.ctx.store;
  }

  private syncReplicaSet(key: string): void {
    const [ns, name] = splitKey(key);
    const r = this.store.get<ReplicaSet>('ReplicaSet', ns, name);
    if (!r) return;
    const now = this.ctx.runtime.now;
    const pods = () => this.store.byIndex('Pod', 'controller', r.metadata.uid);
    const active = pods().filter((p) => !p.metadata.deletionTimestamp);
    const want = r.metadata.deletionTimestamp ? 0 : specReplicas(r);
    if (active.length < want) {
      for (let i = active.length; i < want; i++) this.createPod(r);
    } else if (active.length > want) {
      const minReady = minReadySecondsOf(r);
      const rank = (p: KObject) => (!isPodReady(p) ? 0 : availableAt(p, minReady) > now ? 1 : 2);
      const victims = [...active].sort(
        (a, b) =>
          rank(a) - rank(b) ||
          readySince(b) - readySince(a) ||
          (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? -1 : 0) ||
          (a.metadata.name < b.metadata.name ? 1 : -1),
      );
      for (const p of victims.slice(0, active.length - want)) {
        this.store.delete('Pod', ns, p.metadata.name);
        this.ctx.runtime.after(this.name, this.terminationDelayMs, 'gone', { ns, name: p.metadata.name, uid: p.metadata.uid });
      }
    }
    // Status, from the pods as they now are (upstream's calculateStatus over filtered active pods).
    const live = pods().filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
    const minReady = minReadySecondsOf(r);
    let ready = 0;
    let available = 0;
    let nextAvailable = Infinity;
    for (const p of live) {
      if (!isPodReady(p)) continue;
      ready++;
      const at = availableAt(p, minReady);
      if (at <= now) available++;
      else nextAvailable = Math.min(nextAvailable, at);
    }
    if (nextAvailable !== Infinity) this.queue.addAfter(key, nextAvailable - now);
    const status: Record<string, unknown> = { ...(r.status ?? {}) };
    const set = (k: string, v: number) => {
      if (v) status[k] = v;
      else delete status[k];
    };
    set('replicas', live.length);
    set('fullyLabeledReplicas', live.length);
    set('readyReplicas', ready);
    set('availableReplicas', available);
    set('observedGeneration', r.metadata.generation ?? 0);
    const copy = clone(r);
    copy.status = status;
    this.store.updateStatus(copy);
  }

  private createPod(r: ReplicaSet): void {
    const t = r.spec?.template ?? {};
    const pod = this.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${r.metadata.name}-`,
        namespace: r.metadata.namespace,
        labels: clone(t.metadata?.labels ?? {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: r.metadata.name, uid: r.metadata.uid, controller: true, blockOwnerDeletion: true }],
        finalizers: [FINALIZER],
      },
      spec: clone(t.spec ?? { containers: [{ name: 'c', image: 'busybox' }] }),
    });
    const withStatus = clone(pod);
    withStatus.status = { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: rfc3339(this.ctx.runtime.now) }] };
    this.store.updateStatus(withStatus);
    if (!this.opts.neverReady?.(t)) this.ctx.runtime.after(this.name, this.readyDelayMs, 'ready', { ns: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
  }

  /** Pod timers: `ready` (the pod turns Ready) and `gone` (a terminating pod is removed). */
  onTimer(type: string, data: unknown): void {
    const { ns, name, uid } = data as { ns: string; name: string; uid: string };
    const pod = this.store.get('Pod', ns, name);
    if (!pod || pod.metadata.uid !== uid) return;
    if (type === 'ready') {
      if (pod.metadata.deletionTimestamp) return;
      const copy = clone(pod);
      copy.status = { ...copy.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(this.ctx.runtime.now) }] };
      this.store.updateStatus(copy);
    } else if (type === 'gone') {
      const copy = clone(pod);
      copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
      if (!copy.metadata.finalizers.length) delete copy.metadata.finalizers;
      this.store.update(copy);
      if (this.store.get('Pod', ns, name)) this.store.delete('Pod', ns, name, { gracePeriodSeconds: 0 });
    }
  }

  /** The driver's queue state (for snapshots). */
  save(): unknown {
    return null;
  }
}

function readySince(p: KObject): number {
  const c = p.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
  return c?.status === 'True' ? parseTime(c.lastTransitionTime) : -Infinity;
}

function availableAt(p: KObject, minReadySeconds: number): number {
  return readySince(p) + minReadySeconds * 1000;
}

// ---------------------------------------------------------------------------------------------
// The harness

/** A store, the Deployment controller and the fake pod driver on one runtime. */
export interface Harness {
  runtime: Runtime;
  store: ApiStore;
  recorder: EventRecorder;
  controller: DeploymentController;
  driver: FakePodDriver;
  /** Creates a deployment in `default` (see deploymentFixture). */
  createDeployment(d: NewObject): Deployment;
  /** The stored deployment. */
  deployment(name: string): Deployment;
  /** Applies a change to the stored deployment's spec (an unconditional update, as `kubectl edit`). */
  updateDeployment(name: string, change: (d: Deployment) => void): Deployment;
  /** The deployment's replica sets, oldest first. */
  replicaSets(name: string): ReplicaSet[];
  /** The pods of the deployment's replica sets. */
  pods(name: string): KObject[];
  /** `reason: message` of the events recorded on an object, oldest first. */
  events(name: string, kind?: string): string[];
  /** Advances simulated time. */
  advance(ms: number): void;
}

/** Builds a harness: runtime (strict), store with the API server's strategies, controller, driver. */
export function newHarness(opts: PodDriverOptions = {}): Harness {
  const runtime = new Runtime(Date.parse('2025-03-03T09:00:00Z'), 7, true);
  const store = runtime.register(new ApiStore(runtime));
  installApiServer({ store } as unknown as Engine);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const recorder = new EventRecorder(runtime, store);
  const ctx: ControllerContext = { runtime, store, recorder };
  const controller = installDeploymentController(ctx);
  const driver = runtime.register(new FakePodDriver(ctx, opts));
  const h: Harness = {
    runtime,
    store,
    recorder,
    controller,
    driver,
    createDeployment: (d) => {
      const out = store.create<Deployment>(d);
      runtime.settle();
      return out;
    },
    deployment: (name) => store.mustGet('Deployment', 'default', name),
    updateDeployment: (name, change) => {
      const d = clone(store.mustGet('Deployment', 'default', name));
      change(d);
      delete (d.metadata as { resourceVersion?: string }).resourceVersion;
      const out = store.update<Deployment>(d);
      runtime.settle();
      return out;
    },
    replicaSets: (name) => {
      const d = store.get('Deployment', 'default', name);
      if (!d) return [];
      return store
        .list('ReplicaSet', { namespace: 'default' })
        .filter((r) => controllerRef(r)?.uid === d.metadata.uid)
        .sort((a, b) => (a.metadata.creationTimestamp === b.metadata.creationTimestamp ? (a.metadata.name < b.metadata.name ? -1 : 1) : a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
    },
    pods: (name) => h.replicaSets(name).flatMap((r) => store.byIndex('Pod', 'controller', r.metadata.uid)),
    events: (name, kind = 'Deployment') =>
      store
        .list('Event', { namespace: 'default' })
        .filter((e) => e.involvedObject?.name === name && e.involvedObject?.kind === kind)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${e.reason}: ${e.message}`),
    advance: (ms) => runtime.advance(ms),
  };
  return h;
}

/** Options of deploymentFixture. */
export interface DeploymentFixtureOptions {
  replicas?: number;
  image?: string;
  strategy?: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
  annotations?: Record<string, string>;
}

/**
 * A Deployment as `kubectl create deployment NAME --image=IMAGE` makes it, with the fields the
 * API server defaults filled in (RollingUpdate 25%/25%, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600, and the pod template's defaults).
 */
export function deploymentFixture(name: string, o: DeploymentFixtureOptions = {}): NewObject {
  const image = o.image ?? 'nginx:1.27';
  const strategy =
    (o.strategy ?? 'RollingUpdate') === 'RollingUpdate'
      ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' } }
      : { type: 'Recreate' };
  const spec: Record<string, unknown> = {
    replicas: o.replicas ?? 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: image.split(/[:@]/)[0].split('/').pop(), image, imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
      },
    },
    strategy,
    revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
  };
  if (o.minReadySeconds) spec.minReadySeconds = o.minReadySeconds;
  if (o.paused) spec.paused = true;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name }, ...(o.annotations ? { annotations: o.annotations } : {}) }, spec };
}

/** Pods that are not being deleted. */
export function nonTerminating(pods: KObject[]): KObject[] {
  return pods.filter((p) => !p.metadata.deletionTimestamp);
}

/** Non-terminating pods Ready for at least minReadySeconds at `now`. */
export function availablePods(pods: KObject[], minReadySeconds: number, now: number): KObject[] {
  return nonTerminating(pods).filter((p) => isPodReady(p) && availableAt(p, minReadySeconds) <= now);
}


