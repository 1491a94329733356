/**
 * The seeded fuzz test of issue 2: random sequences of apply, scale, set image, delete (pods and
 * deployments), node stop/start and time, run on the real engine through kubectl, with invariants
 * checked after every processing step:
 *
 * - no orphaned controlled objects: every pod or ReplicaSet with a controller ownerReference and no
 *   deletionTimestamp has a live owner with that uid (the garbage collector works inside the step
 *   that deleted the owner, so at a step's end nothing may be left);
 * - resourceVersion strictly increasing: every object a step adds or updates carries a
 *   resourceVersion above everything published before, and no two share one;
 * - rollout bounds for a rollout that starts from a steady state and meets no faults (no node
 *   stopped or started, none of its pods deleted, no scaling, no other change to it, an image that
 *   exists): active pods <= replicas + maxSurge, available >= replicas - maxUnavailable; with
 *   Recreate, no new pod while an old one is not gone.
 *
 * and at the end: once the faults stop (every node started again, time passes), the replicas
 * converge (each ReplicaSet has exactly its spec's pods, each Deployment with a good image is
 * complete); a snapshot taken halfway, restored and fed the same remaining operations, ends in the
 * byte-identical state; a snapshot restores to itself.
 *
 * Operations are plain data generated from the fuzz seed (the cluster's own seed is the same
 * number), so a failing seed replays exactly: `npm run fuzz -- SEED`.
 */
import { createCluster, type Cluster } from '../../src/index';
import type { KObject } from '../../src/engine/api/types';
import { diffPaths, rolloutView } from '../support';

/** Images from the catalogue that run a server (they stay up and become ready). */
export const GOOD_IMAGES = ['nginx:1.25', 'nginx:1.26', 'nginx:1.27', 'nginx:stable-alpine', 'httpd:2.4', 'httpd:alpine'];
/** Tags that do not exist: ErrImagePull / ImagePullBackOff. */
export const BAD_IMAGES = ['nginx:0.0.0-nope', 'httpd:no-such-tag'];
const NAMES = ['fz-a', 'fz-b', 'fz-c'];
const WORKERS = ['podium-worker', 'podium-worker2'];
const SURGES: Array<number | string> = [0, 1, 2, '25%', '50%', '100%'];
const UNAVAILABLES: Array<number | string> = [0, 1, '25%', '50%'];

/** One operation, as data. `pick` chooses among what exists when the operation runs. */
export type Op =
  | { t: 'apply'; name: string; replicas: number; recreate: boolean; maxSurge: number | string; maxUnavailable: number | string; minReadySeconds: number; image: string }
  | { t: 'scale'; name: string; replicas: number }
  | { t: 'image'; name: string; image: string }
  | { t: 'deletePod'; pick: number }
  | { t: 'deleteDeployment'; name: string }
  | { t: 'orphan'; name: string }
  | { t: 'rollout'; name: string; verb: 'undo' | 'pause' | 'resume' | 'restart' }
  | { t: 'cordon'; node: string; on: boolean }
  | { t: 'stop'; node: string }
  | { t: 'start'; pick: number }
  | { t: 'advance'; ms: number };

/** mulberry32: the fuzz generator's own RNG (never Math.random: a seed must replay). */
export function fuzzRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates `count` operations from a seed. */
export function generateOps(seed: number, count: number): Op[] {
  const r = fuzzRng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pickOf = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const image = () => (r() < 0.1 ? pickOf(BAD_IMAGES) : pickOf(GOOD_IMAGES));
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    const name = pickOf(NAMES);
    if (x < 0.25) {
      let maxSurge = pickOf(SURGES);
      let maxUnavailable = pickOf(UNAVAILABLES);
      // Both zero is invalid (validation: may not be 0 when maxSurge is 0): keep it rare.
      if (maxSurge === 0 && maxUnavailable === 0 && r() < 0.8) maxSurge = 1;
      if (r() < 0.03) maxUnavailable = '200%';
      ops.push({ t: 'apply', name, replicas: int(7), recreate: r() < 0.2, maxSurge, maxUnavailable, minReadySeconds: pickOf([0, 0, 0, 2, 5]), image: image() });
    } else if (x < 0.35) ops.push({ t: 'scale', name, replicas: int(9) });
    else if (x < 0.55) ops.push({ t: 'image', name, image: image() });
    else if (x < 0.60) ops.push({ t: 'deletePod', pick: r() });
    else if (x < 0.62) ops.push({ t: 'deleteDeployment', name });
    else if (x < 0.63) ops.push({ t: 'orphan', name });
    else if (x < 0.67) ops.push({ t: 'rollout', name, verb: pickOf(['undo', 'pause', 'resume', 'resume', 'restart'] as const) });
    else if (x < 0.69) ops.push({ t: 'cordon', node: pickOf(WORKERS), on: r() < 0.5 });
    else if (x < 0.72) ops.push({ t: 'stop', node: pickOf(WORKERS) });
    else if (x < 0.77) ops.push({ t: 'start', pick: r() });
    else ops.push({ t: 'advance', ms: r() < 0.15 ? 300_000 + int(200_000) : 1_000 + int(120_000) });
  }
  return ops;
}

/** The manifest an `apply` operation sends. */
export function manifest(op: Extract<Op, { t: 'apply' }>): string {
  const q = (v: number | string) => (typeof v === 'number' ? String(v) : `"${v}"`);
  const strategy = op.recreate
    ? '  strategy:\n    type: Recreate\n'
    : `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: ${q(op.maxSurge)}\n      maxUnavailable: ${q(op.maxUnavailable)}\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${op.name}
spec:
  replicas: ${op.replicas}
  minReadySeconds: ${op.minReadySeconds}
${strategy}  selector:
    matchLabels:
      app: ${op.name}
  template:
    metadata:
      labels:
        app: ${op.name}
    spec:
      containers:
      - name: app
        image: ${op.image}
`;
}

/** A line of the operation log. */
export function describeOp(op: Op): string {
  switch (op.t) {
    case 'apply':
      return `kubectl apply -f ${op.name}.yaml   # replicas=${op.replicas} ${op.recreate ? 'Recreate' : `RollingUpdate surge=${op.maxSurge} unavailable=${op.maxUnavailable}`} minReadySeconds=${op.minReadySeconds} image=${op.image}`;
    case 'scale':
      return `kubectl scale deployment ${op.name} --replicas=${op.replicas}`;
    case 'image':
      return `kubectl set image deployment/${op.name} app=${op.image}`;
    case 'deletePod':
      return `kubectl delete pod <pick ${op.pick.toFixed(4)}> --wait=false`;
    case 'deleteDeployment':
      return `kubectl delete deployment ${op.name} --wait=false`;
    case 'orphan':
      return `kubectl delete deployment ${op.name} --cascade=orphan --wait=false`;
    case 'rollout':
      return `kubectl rollout ${op.verb} deployment/${op.name}`;
    case 'cordon':
      return `kubectl ${op.on ? 'cordon' : 'uncordon'} ${op.node}`;
    case 'stop':
      return `cluster.stopNode('${op.node}')`;
    case 'start':
      return `cluster.startNode(<stopped node, pick ${op.pick.toFixed(4)}>)`;
    case 'advance':
      return `sleep ${op.ms / 1000}`;
  }
}

/** Why a run failed: the message names the step and the invariant. */
export class FuzzFailure extends Error {}

/** Options of a fuzz run. */
export interface FuzzOptions {
  seed: number;
  /** How many operations to generate from the seed, or the operations themselves (pinned cases). */
  ops: number | Op[];
  /** Called with each log line as the run goes (run.ts prints them on failure). */
  log?: (line: string) => void;
  /** Check the snapshot round trip and the replay from halfway (default true). */
  replay?: boolean;
}

/** What a run did. */
export interface FuzzReport {
  seed: number;
  ops: Op[];
  log: string[];
  /** Processing steps whose invariants were checked. */
  steps: number;
  /** Rollouts whose bounds were checked from start to end. */
  cleanRollouts: number;
}

const isImageGood = (image: string) => GOOD_IMAGES.includes(image);

/** The invariant checker attached to a cluster (through subscribe: one call per processing step). */
export class Checker {
  steps = 0;
  maxRv = 0;
  /** Deployments whose rollout is checked for bounds, with how it must behave. */
  clean = new Map<string, { recreate: boolean; uid: string; completed: boolean }>();
  cleanRollouts = 0;
  failure?: string;
  private unsubscribe: () => void;

  constructor(
    private c: Cluster,
    private where: () => string,
  ) {
    this.maxRv = c.engine.store.resourceVersion;
    let first = true;
    this.unsubscribe = c.subscribe((batch) => {
      if (first) {
        first = false;
        return;
      }
      this.onStep(batch.added.concat(batch.updated));
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  private fail(msg: string): void {
    this.failure ??= `${this.where()} at ${new Date(this.c.now()).toISOString()}: ${msg}`;
  }

  private onStep(written: KObject[]): void {
    this.steps++;
    // resourceVersion strictly increasing.
    const seen = new Set<number>();
    let max = this.maxRv;
    for (const o of written) {
      const rv = Number(o.metadata.resourceVersion);
      if (!(rv > this.maxRv)) this.fail(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name} has resourceVersion ${rv}, not above ${this.maxRv}`);
      if (seen.has(rv)) this.fail(`resourceVersion ${rv} written twice in one step`);
      seen.add(rv);
      max = Math.max(max, rv);
    }
    this.maxRv = max;
    if (this.c.engine.store.resourceVersion < max) this.fail(`the store's resourceVersion ${this.c.engine.store.resourceVersion} is below ${max}`);
    this.checkOwners();
    this.checkRollouts();
  }

  /** No live object whose controller is gone. */
  checkOwners(): void {
    const { store } = this.c.engine;
    for (const kind of ['Pod', 'ReplicaSet']) {
      for (const o of store.list(kind, { namespace: 'default' })) {
        if (o.metadata.deletionTimestamp) continue;
        const ref = (o.metadata.ownerReferences ?? []).find((x: { controller?: boolean }) => x.controller);
        if (!ref) continue;
        const owner = store.get(ref.kind, o.metadata.namespace, ref.name);
        if (!owner || owner.metadata.uid !== ref.uid) this.fail(`orphan: ${kind} ${o.metadata.name} is controlled by ${ref.kind} ${ref.name} (${ref.uid}), which is gone`);
      }
    }
  }

  checkRollouts(): void {
    for (const [name, w] of this.clean) {
      const v = rolloutView(this.c, name);
      const d = this.c.engine.store.get('Deployment', 'default', name);
      if (!v || !d || d.metadata.uid !== w.uid) {
        this.clean.delete(name);
        continue;
      }
      if (w.recreate) {
        if (v.current.length && v.previous.length) this.fail(`Recreate ${name}: ${v.current.length} new pods while ${v.previous.length} old ones are not gone`);
      } else {
        if (v.active.length > v.replicas + v.surge) this.fail(`rollout of ${name}: ${v.active.length} active pods > ${v.replicas} replicas + ${v.surge} surge`);
        if (v.available.length < v.replicas - v.unavailable) this.fail(`rollout of ${name}: ${v.available.length} available pods < ${v.replicas} replicas - ${v.unavailable} unavailable`);
      }
      if (!w.completed && v.previous.length === 0 && v.available.length === v.replicas && v.active.length === v.replicas) {
        w.completed = true;
        this.cleanRollouts++;
      }
    }
  }
}

/** Whether a Deployment is at rest: observed, every pod current and available, nothing else. */
function steady(c: Cluster, name: string): boolean {
  const d = c.engine.store.get('Deployment', 'default', name);
  if (!d || d.spec.paused || d.status?.observedGeneration !== d.metadata.generation) return false;
  const v = rolloutView(c, name)!;
  const all = c.engine.store.list('Pod', { namespace: 'default' }).filter((p) => p.metadata.labels?.app === name);
  return v.previous.length === 0 && v.active.length === v.replicas && v.available.length === v.replicas && all.length === v.replicas;
}

/** Whether any node is stopped, not Ready or tainted by the node lifecycle controller. */
function nodesFaulty(c: Cluster): boolean {
  return c.engine.store.list('Node').some((n) => {
    if (!c.engine.kubelets.isRunning(n.metadata.name)) return true;
    const ready = n.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
    if (ready?.status !== 'True') return true;
    return (n.spec.taints ?? []).some((t: { key: string }) => t.key !== 'node-role.kubernetes.io/control-plane');
  });
}

/** Runs one operation (checking nothing without a checker); returns its log line. */
export async function execute(c: Cluster, op: Op, checker?: Checker): Promise<string> {
  const { store } = c.engine;
  const kubectl = async (line: string, files?: Record<string, string>) => {
    const r = await c.kubectl(line, { files });
    const out = `${r.stdout}${r.stderr}`.trimEnd();
    if (/podium:|TypeError|undefined|NaN/.test(out)) throw new FuzzFailure(`${line}: unexpected output: ${out}`);
    return { ...r, out };
  };
  const endClean = (name: string) => checker?.clean.delete(name);
  switch (op.t) {
    case 'apply':
    case 'image': {
      const before = store.get('Deployment', 'default', op.name);
      const wasSteady = !!before && steady(c, op.name) && !nodesFaulty(c);
      const line = op.t === 'apply' ? `apply -f ${op.name}.yaml` : `set image deployment/${op.name} app=${op.image}`;
      const snap = op.t === 'apply' && !isValidApply(op) ? c.snapshot() : undefined;
      // Whatever this does to a rollout under watch, its bounds no longer apply.
      endClean(op.name);
      const r = await kubectl(line, op.t === 'apply' ? { [`${op.name}.yaml`]: manifest(op) } : undefined);
      if (snap) {
        // A refused manifest must leave everything as it was.
        if (r.exitCode === 0) throw new FuzzFailure(`${line}: an invalid manifest was accepted: ${r.out}`);
        const diff = diffPaths(snap, c.snapshot(), 5);
        if (diff.length) throw new FuzzFailure(`${line}: the refused manifest changed the cluster: ${diff.join('; ')}`);
        return `${describeOp(op)}  -> refused`;
      }
      const after = store.get('Deployment', 'default', op.name);
      const templateChanged = !!before && !!after && before.metadata.generation !== after.metadata.generation;
      if (
        wasSteady &&
        templateChanged &&
        after &&
        isImageGood(after.spec.template.spec.containers[0].image) &&
        before.spec.template.spec.containers[0].image !== after.spec.template.spec.containers[0].image &&
        before.spec.replicas === after.spec.replicas &&
        JSON.stringify(before.spec.strategy) === JSON.stringify(after.spec.strategy) &&
        before.spec.minReadySeconds === after.spec.minReadySeconds
      ) {
        checker?.clean.set(op.name, { recreate: after.spec.strategy?.type === 'Recreate', uid: after.metadata.uid, completed: false });
        checker?.checkRollouts();
        return `${describeOp(op)}  -> ${r.exitCode} (clean rollout: bounds checked)`;
      }
      return `${describeOp(op)}  -> ${r.exitCode}`;
    }
    case 'scale': {
      endClean(op.name);
      const r = await kubectl(`scale deployment ${op.name} --replicas=${op.replicas}`);
      return `${describeOp(op)}  -> ${r.exitCode}`;
    }
    case 'deletePod': {
      const pods = store.list('Pod', { namespace: 'default' }).filter((p) => !p.metadata.deletionTimestamp);
      if (!pods.length) return `${describeOp(op)}  -> no pod`;
      const p = pods[Math.floor(op.pick * pods.length)];
      endClean(p.metadata.labels?.app ?? '');
      const r = await kubectl(`delete pod ${p.metadata.name} --wait=false`);
      return `kubectl delete pod ${p.metadata.name} --wait=false  -> ${r.exitCode}`;
    }
    case 'deleteDeployment': {
      endClean(op.name);
      const r = await kubectl(`delete deployment ${op.name} --wait=false`);
      return `${describeOp(op)}  -> ${r.exitCode}`;
    }
    case 'orphan':
    case 'rollout': {
      endClean(op.name);
      const line = describeOp(op).slice('kubectl '.length);
      const r = await kubectl(line);
      if (op.t === 'orphan' && r.exitCode === 0) {
        // Orphaned, not deleted: the ReplicaSets stay, without their controller reference.
        const left = store.list('ReplicaSet', { namespace: 'default' }).filter((rs) => rs.metadata.labels?.app === op.name);
        const stillOwned = left.filter((rs) => rs.metadata.ownerReferences?.length && !store.get('Deployment', 'default', op.name));
        if (stillOwned.length) throw new FuzzFailure(`${line}: ${stillOwned.map((x) => x.metadata.name).join(', ')} still name the deleted Deployment as owner`);
      }
      return `${describeOp(op)}  -> ${r.exitCode}`;
    }
    case 'cordon': {
      checker?.clean.clear();
      const r = await kubectl(describeOp(op).slice('kubectl '.length));
      return `${describeOp(op)}  -> ${r.exitCode}`;
    }
    case 'stop':
      checker?.clean.clear();
      c.stopNode(op.node);
      return describeOp(op);
    case 'start': {
      const stopped = WORKERS.filter((n) => !c.engine.kubelets.isRunning(n));
      if (!stopped.length) return `${describeOp(op)}  -> none stopped`;
      const node = stopped[Math.floor(op.pick * stopped.length)];
      checker?.clean.clear();
      c.startNode(node);
      return `cluster.startNode('${node}')`;
    }
    case 'advance':
      c.advance(op.ms);
      return describeOp(op);
  }
}

/** Whether the API server accepts an apply's strategy (upstream's rolling-update validation). */
function isValidApply(op: Extract<Op, { t: 'apply' }>): boolean {
  if (op.recreate) return true;
  const v = (x: number | string) => (typeof x === 'number' ? x : Number(x.replace('%', '')));
  if (v(op.maxSurge) === 0 && v(op.maxUnavailable) === 0) return false;
  if (typeof op.maxUnavailable === 'string' && v(op.maxUnavailable) > 100) return false;
  return true;
}

/**
 * Upstream 1.32 stalls a Recreate Deployment that has several active ReplicaSets once its replicas
 * change (switched from RollingUpdate in the middle of a rollout, then scaled): isScalingEvent sees
 * a desired-replicas annotation that differs from spec.replicas, so every sync goes to sync() ->
 * scale(), and scale() has no case for Recreate with more than one active ReplicaSet (it scales only
 * a single active one, a saturated new one, or proportionally for RollingUpdate), so the
 * annotation never changes and the rollout never starts. Podium does the same; convergence is not
 * asked of such a Deployment. (pkg/controller/deployment/sync.go scale(), isScalingEvent.)
 */
export function recreateStalled(c: Cluster, d: KObject): boolean {
  if (d.spec.strategy?.type !== 'Recreate') return false;
  const active = c.engine.store
    .list('ReplicaSet', { namespace: d.metadata.namespace })
    .filter((rs) => rs.metadata.ownerReferences?.some((o: { uid: string; controller?: boolean }) => o.controller && o.uid === d.metadata.uid) && rs.spec.replicas > 0);
  return active.length > 1 && active.some((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] !== String(d.spec.replicas));
}

/** After the faults: every node up, time passes; then everything must have converged. */
export async function converge(c: Cluster): Promise<void> {
  for (const n of WORKERS) if (!c.engine.kubelets.isRunning(n)) c.startNode(n);
  for (const n of WORKERS) if (c.engine.store.get('Node', undefined, n)?.spec.unschedulable) await c.kubectl(`uncordon ${n}`);
  for (const d of c.engine.store.list('Deployment', { namespace: 'default' })) if (d.spec.paused) await c.kubectl(`rollout resume deployment/${d.metadata.name}`);
  c.advance(20 * 60_000);
  const { store } = c.engine;
  const problems: string[] = [];
  const pods = store.list('Pod', { namespace: 'default' });
  const stuck = pods.filter((p) => p.metadata.deletionTimestamp);
  if (stuck.length) problems.push(`pods still terminating: ${stuck.map((p) => p.metadata.name).join(', ')}`);
  for (const rs of store.list('ReplicaSet', { namespace: 'default' })) {
    const own = pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o: { uid: string }) => o.uid === rs.metadata.uid));
    if (own.length !== rs.spec.replicas) problems.push(`ReplicaSet ${rs.metadata.name} wants ${rs.spec.replicas} pods, has ${own.length}`);
    if ((rs.status?.replicas ?? 0) !== own.length) problems.push(`ReplicaSet ${rs.metadata.name} reports ${rs.status?.replicas} replicas, has ${own.length}`);
  }
  for (const d of store.list('Deployment', { namespace: 'default' })) {
    const name = d.metadata.name;
    if (!isImageGood(d.spec.template.spec.containers[0].image)) continue;
    if (recreateStalled(c, d)) continue;
    const v = rolloutView(c, name)!;
    const st = d.status ?? {};
    if (!steady(c, name)) problems.push(`Deployment ${name} (${d.spec.replicas} replicas) did not converge: ${v.active.length} active, ${v.available.length} available, ${v.previous.length} old`);
    // Zero counts are omitted from the status (omitempty), as the API server serves them.
    const [replicas, updated, available] = [st.replicas ?? 0, st.updatedReplicas ?? 0, st.availableReplicas ?? 0];
    if (replicas !== d.spec.replicas || updated !== d.spec.replicas || available !== d.spec.replicas)
      problems.push(`Deployment ${name} status ${JSON.stringify({ replicas, updated, available })} for ${d.spec.replicas} replicas`);
  }
  if (problems.length) throw new FuzzFailure(`after the faults stopped: ${problems.join('; ')}`);
}

/** Runs one seeded fuzz sequence; throws FuzzFailure (with the operation log) when an invariant breaks. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const ops = typeof o.ops === 'number' ? generateOps(o.seed, o.ops) : o.ops;
  const log: string[] = [];
  const say = (line: string) => {
    log.push(line);
    o.log?.(line);
  };
  const c = createCluster({ seed: o.seed, strict: true });
  let current = 'setup';
  const checker = new Checker(c, () => current);
  const half = Math.floor(ops.length / 2);
  let halfway: unknown;
  try {
    for (let i = 0; i < ops.length; i++) {
      if (i === half && o.replay !== false) halfway = c.snapshot();
      current = `op ${i + 1} (${describeOp(ops[i])})`;
      say(`${String(i + 1).padStart(3)}. ${await execute(c, ops[i], checker)}`);
      if (checker.failure) throw new FuzzFailure(checker.failure);
    }
    current = 'convergence';
    await converge(c);
    if (checker.failure) throw new FuzzFailure(checker.failure);
    checker.stop();
    if (o.replay !== false) {
      const end = c.snapshot();
      const restored = createCluster({ from: end, strict: true });
      const d1 = diffPaths(end, restored.snapshot(), 5);
      if (d1.length) throw new FuzzFailure(`a snapshot does not restore to itself: ${d1.join('; ')}`);
      // The second half again, on a cluster restored from the halfway snapshot.
      const again = createCluster({ from: halfway, strict: true });
      for (let i = half; i < ops.length; i++) await execute(again, ops[i], undefined);
      await converge(again);
      const d2 = diffPaths(end, again.snapshot(), 5);
      if (d2.length) throw new FuzzFailure(`the replay from the halfway snapshot differs: ${d2.join('; ')}`);
    }
  } catch (e) {
    const msg = e instanceof FuzzFailure ? e.message : `${current}: ${(e as Error).stack ?? e}`;
    throw new FuzzFailure(`fuzz seed ${o.seed} failed: ${msg}\noperations:\n${log.join('\n')}\n${current.startsWith('op ') ? `>>> ${current}` : ''}`);
  }
  return { seed: o.seed, ops, log, steps: checker.steps, cleanRollouts: checker.cleanRollouts };
}
