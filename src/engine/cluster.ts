/**
 * The composition root: builds a simulated cluster from its parts (runtime, API store, event
 * recorder, controllers, scheduler, kubelets, network), bootstraps it the way kubeadm/kind would,
 * and saves and restores the whole of it. Parts never call each other directly; they meet in the
 * store, as in Kubernetes. The few cross-part services (scheduler explanations, container exec
 * and logs, the network) are reached through the interfaces in contracts.ts.
 */
import { Runtime } from './sim/runtime';
import { ApiStore } from './store/store';
import { EventRecorder, type RecorderState } from './client/events';
import type { KubeletApi, SchedulerApi } from './contracts';
import type { Taint } from './api/types';
import { installApiServer } from './store/install';
import { installControllers } from './controllers/install';
import { installScheduler } from './scheduler/install';
import { installKubelets } from './kubelet/install';
import { installNetwork, type NetworkApi } from './network/install';
import { bootstrapCluster, installKubeadm } from './bootstrap';
import { fnv1a32 } from './sim/hash';

/** One node of the cluster, as createCluster's `nodes` option describes it. */
export interface NodeOptions {
  name: string;
  /** CPU cores (number or quantity string); default 4. */
  cpu?: number | string;
  /** Memory quantity; default `8Gi`. */
  memory?: string;
  /** Max pods; default 110. */
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Whether it runs the control plane (static pods); default: the first node of several. */
  controlPlane?: boolean;
}

/** Options of a new cluster. */
export interface EngineOptions {
  /** RNG seed; the same seed and the same inputs give the same cluster, byte for byte. */
  seed?: number;
  /** A node count (kind naming) or explicit node specs. Default 3. */
  nodes?: number | NodeOptions[];
  /** Simulated wall time when createCluster returns (ISO 8601). */
  startTime?: string;
  /** Rethrow errors raised inside controllers instead of recording them (tests). */
  strict?: boolean;
}

/** Default seed of a new cluster. */
export const DEFAULT_SEED = 42;
/** Default start time: a Monday morning class. */
export const DEFAULT_START_TIME = '2025-03-03T09:00:00Z';
/** The cluster's name, which kind puts in its node names. */
export const CLUSTER_NAME = 'podium';
/** How long before `startTime` the cluster was bootstrapped (kubeadm init), in ms. */
export const BOOTSTRAP_LEAD_MS = 5 * 60_000;
/** Format tag and version of snapshots; bump the version when the state layout changes. */
export const SNAPSHOT_FORMAT = 'podium.snapshot';
export const SNAPSHOT_VERSION = 1;

/** The whole state of a cluster, as JSON-serialisable data. */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** FNV-1a of the JSON of `state`, to detect damage. */
  checksum: string;
  state: {
    options: ResolvedOptions;
    runtime: ReturnType<Runtime['save']>;
    recorder: RecorderState;
    clientState: Record<string, unknown>;
  };
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  seed: number;
  nodes: ResolvedNode[];
  startTime: string;
}

/** A node spec with defaults applied. */
export interface ResolvedNode {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  labels: Record<string, string>;
  taints: Taint[];
  controlPlane: boolean;
}

/** Raised for a snapshot that is damaged or from an incompatible version. */
export class SnapshotError extends Error {}

/** kind's node names: `podium-control-plane`, `podium-worker`, `podium-worker2`, ... */
export function kindNodeNames(count: number): string[] {
  if (count === 1) return [`${CLUSTER_NAME}-control-plane`];
  const out = [`${CLUSTER_NAME}-control-plane`];
  for (let i = 1; i < count; i++) out.push(i === 1 ? `${CLUSTER_NAME}-worker` : `${CLUSTER_NAME}-worker${i}`);
  return out;
}

/** Fills in defaults and checks the options; throws a plain Error with a clear message. */
export function resolveOptions(opts: EngineOptions = {}): ResolvedOptions {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const startTime = opts.startTime ?? DEFAULT_START_TIME;
  const t = Date.parse(startTime);
  if (Number.isNaN(t)) throw new Error(`startTime must be an ISO 8601 time, got ${JSON.stringify(startTime)}`);
  let specs: NodeOptions[];
  if (opts.nodes === undefined || typeof opts.nodes === 'number') {
    const n = opts.nodes ?? 3;
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`nodes must be between 1 and 5000, got ${n}`);
    specs = kindNodeNames(n).map((name, i) => ({ name, controlPlane: i === 0 }));
  } else {
    specs = opts.nodes;
    if (!specs.length) throw new Error('nodes must list at least one node');
  }
  const single = specs.length === 1;
  const seen = new Set<string>();
  const nodes = specs.map((s, i): ResolvedNode => {
    if (!s.name || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s.name))
      throw new Error(`node name ${JSON.stringify(s.name)} is not a valid DNS-1123 subdomain`);
    if (seen.has(s.name)) throw new Error(`node ${s.name} is listed twice`);
    seen.add(s.name);
    const controlPlane = s.controlPlane ?? i === 0;
    // kubeadm taints the control plane so ordinary pods avoid it; a single-node cluster (as
    // minikube) leaves it untainted so that pods can run at all.
    const taints = s.taints ?? (controlPlane && !single ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []);
    return {
      name: s.name,
      cpu: String(s.cpu ?? 4),
      memory: s.memory ?? '8Gi',
      pods: s.pods ?? 110,
      labels: s.labels ?? {},
      taints,
      controlPlane,
    };
  });
  return { seed, nodes, startTime: new Date(t).toISOString().replace('.000Z', 'Z') };
}

/** A simulated cluster: the engine behind createCluster(). */
export class Engine {
  readonly runtime: Runtime;
  readonly store: ApiStore;
  readonly recorder: EventRecorder;
  readonly options: ResolvedOptions;
  /** Set by the kubelet part. */
  kubelets!: KubeletApi;
  /** Set by the scheduler part. */
  scheduler!: SchedulerApi;
  /** Set by the network part. */
  network!: NetworkApi;
  /**
   * State of clients that lives with the cluster in snapshots (kubectl's kubeconfig with its
   * current namespace); plain JSON, owned by the client that wrote it.
   */
  clientState: Record<string, unknown> = {};

  private constructor(options: ResolvedOptions, startMs: number, strict: boolean) {
    this.options = options;
    this.runtime = new Runtime(startMs, options.seed, strict);
    this.store = this.runtime.register(new ApiStore(this.runtime));
    this.recorder = new EventRecorder(this.runtime, this.store);
    installApiServer(this);
    installScheduler(this);
    installKubelets(this);
    installControllers(this);
    installNetwork(this);
    installKubeadm(this);
  }

  /** Builds and bootstraps a new cluster; its clock stands at options.startTime on return. */
  static create(opts: EngineOptions = {}): Engine {
    const options = resolveOptions(opts);
    const start = Date.parse(options.startTime);
    const engine = new Engine(options, start - BOOTSTRAP_LEAD_MS, !!opts.strict);
    bootstrapCluster(engine);
    engine.runtime.advanceTo(start);
    return engine;
  }

  /** Restores a cluster from a snapshot; throws SnapshotError when it is damaged or incompatible. */
  static restore(snapshot: unknown, opts: { strict?: boolean } = {}): Engine {
    // The engine gets its own copy: components keep (and later change) parts of the state they load,
    // and the caller's snapshot may be restored again (the dashboard's "reset").
    const snap = JSON.parse(JSON.stringify(checkSnapshot(snapshot))) as Snapshot;
    let engine: Engine;
    try {
      engine = new Engine(snap.state.options, snap.state.runtime.now, !!opts.strict);
      engine.runtime.load(snap.state.runtime);
      engine.recorder.load(snap.state.recorder);
      engine.clientState = snap.state.clientState ?? {};
    } catch (e) {
      throw new SnapshotError(`the snapshot could not be restored: ${(e as Error).message}`);
    }
    return engine;
  }

  /** The whole state as JSON-serialisable data. */
  snapshot(): Snapshot {
    this.runtime.settle();
    const state = { options: this.options, runtime: this.runtime.save(), recorder: this.recorder.save(), clientState: this.clientState };
    // Round-trip through JSON so the snapshot shares nothing with the live engine.
    const json = JSON.stringify(state);
    return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, checksum: fnv1a32(json), state: JSON.parse(json) };
  }
}

/** Validates a snapshot's envelope and checksum. */
export function checkSnapshot(raw: unknown): Snapshot {
  if (!raw || typeof raw !== 'object') throw new SnapshotError('not a Podium snapshot: expected an object');
  const s = raw as Partial<Snapshot>;
  if (s.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a Podium snapshot: format is ${JSON.stringify(s.format)}, expected "${SNAPSHOT_FORMAT}"`);
  if (s.version !== SNAPSHOT_VERSION)
    throw new SnapshotError(`incompatible snapshot: version ${s.version}, this Podium reads version ${SNAPSHOT_VERSION}`);
  if (!s.state || typeof s.state !== 'object') throw new SnapshotError('damaged snapshot: the state is missing');
  const sum = fnv1a32(JSON.stringify(s.state));
  if (sum !== s.checksum) throw new SnapshotError(`damaged snapshot: checksum ${s.checksum} does not match its content (${sum})`);
  // A snapshot with a good checksum can still be malformed (written by hand or by another tool):
  // check the parts the engine is built from before building it.
  const { options, runtime } = s.state as Partial<Snapshot['state']>;
  const malformed = (what: string) => new SnapshotError(`damaged snapshot: ${what}`);
  if (!options || typeof options !== 'object') throw malformed('state.options is missing');
  if (!Number.isInteger(options.seed) || !Array.isArray(options.nodes) || !options.nodes.length || typeof options.startTime !== 'string')
    throw malformed('state.options needs seed, nodes and startTime');
  if (!runtime || typeof runtime !== 'object') throw malformed('state.runtime is missing');
  if (!Number.isFinite(runtime.now)) throw malformed('state.runtime.now is not a time');
  if (!Array.isArray(runtime.rng) || runtime.rng.length !== 4 || !runtime.rng.every((x) => Number.isInteger(x)))
    throw malformed('state.runtime.rng is not an RNG state');
  if (!runtime.timers || typeof runtime.timers !== 'object' || !runtime.components || typeof runtime.components !== 'object')
    throw malformed('state.runtime needs timers and components');
  return s as Snapshot;
}
