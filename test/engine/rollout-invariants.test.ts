/**
 * Rollouts on the real engine (controllers, scheduler, kubelets), with the bounds of issue 2 point 5
 * checked after every processing step (each cluster.subscribe batch): for a rollout that starts
 * from a steady state and meets no faults, the non-terminating pods never exceed
 * replicas + maxSurge and the available ones never drop below replicas - maxUnavailable; with
 * Recreate, no new pod exists while an old one still runs. Then proportional scaling in the middle
 * of a rollout, undo and --to-revision, revisionHistoryLimit, pause/resume and the progress deadline.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index';
import { rolloutView } from '../support';

interface Spec {
  replicas: number;
  strategy?: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  image?: string;
  probe?: boolean;
  extra?: string;
}

const q = (v: number | string) => (typeof v === 'number' ? String(v) : `"${v}"`);

function deployment(name: string, s: Spec): string {
  const strategy =
    s.strategy === 'Recreate'
      ? '  strategy:\n    type: Recreate\n'
      : s.maxSurge !== undefined || s.maxUnavailable !== undefined
        ? `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n${s.maxSurge !== undefined ? `      maxSurge: ${q(s.maxSurge)}\n` : ''}${s.maxUnavailable !== undefined ? `      maxUnavailable: ${q(s.maxUnavailable)}\n` : ''}`
        : '';
  const probe = s.probe ? '        readinessProbe:\n          httpGet:\n            path: /\n            port: 80\n          initialDelaySeconds: 4\n          periodSeconds: 2\n' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${s.replicas}
${s.minReadySeconds ? `  minReadySeconds: ${s.minReadySeconds}\n` : ''}${strategy}${s.extra ?? ''}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: ${s.image ?? 'nginx:1.25'}
${probe}`;
}

async function ok(c: Cluster, line: string, files?: Record<string, string>): Promise<string> {
  const r = await c.kubectl(line, { files });
  if (r.exitCode !== 0) throw new Error(`${line} -> ${r.exitCode}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Checks the rollout bounds of `name` after every processing step until stopped. */
function watchBounds(c: Cluster, name: string, recreate = false) {
  const violations: string[] = [];
  let steps = 0;
  let maxActive = 0;
  let minAvailable = Infinity;
  const check = () => {
    const v = rolloutView(c, name)!;
    steps++;
    maxActive = Math.max(maxActive, v.active.length);
    minAvailable = Math.min(minAvailable, v.available.length);
    const at = new Date(c.now()).toISOString();
    if (recreate) {
      if (v.current.length && v.previous.length) violations.push(`${at}: ${v.current.length} new pods while ${v.previous.length} old pods are not gone`);
      return;
    }
    if (v.active.length > v.replicas + v.surge) violations.push(`${at}: ${v.active.length} active > ${v.replicas} + ${v.surge}`);
    if (v.available.length < v.replicas - v.unavailable) violations.push(`${at}: ${v.available.length} available < ${v.replicas} - ${v.unavailable}`);
  };
  const unsubscribe = c.subscribe(() => check());
  return {
    stop() {
      unsubscribe();
      return { violations, steps, maxActive, minAvailable };
    },
  };
}

describe('rolling updates keep within maxSurge and maxUnavailable at every step', () => {
  it.each<[string, Spec]>([
    ['4 replicas, surge 1, unavailable 1', { replicas: 4, maxSurge: 1, maxUnavailable: 1 }],
    ['5 replicas, the 25%/25% defaults (surge 2, unavailable 1)', { replicas: 5 }],
    ['3 replicas, surge 0, unavailable 1', { replicas: 3, maxSurge: 0, maxUnavailable: 1 }],
    ['3 replicas, surge 1, unavailable 0', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }],
    ['10 replicas, surge 30% (3), unavailable 0', { replicas: 10, maxSurge: '30%', maxUnavailable: 0 }],
    ['6 replicas, surge 100%, unavailable 50%', { replicas: 6, maxSurge: '100%', maxUnavailable: '50%' }],
    ['4 replicas, surge 1, unavailable 1, minReadySeconds 5', { replicas: 4, maxSurge: 1, maxUnavailable: 1, minReadySeconds: 5 }],
    ['7 replicas, surge 2, unavailable 0%, minReadySeconds 3, a readiness probe', { replicas: 7, maxSurge: 2, maxUnavailable: '0%', minReadySeconds: 3, probe: true }],
    ['1 replica, surge 0, unavailable 10% (rounds to 0, so unavailable becomes 1)', { replicas: 1, maxSurge: 0, maxUnavailable: '10%' }],
  ])('%s', async (_name, spec) => {
    const c = createCluster({ seed: 21, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', spec) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    c.advance(30_000);
    const watch = watchBounds(c, 'web');
    await ok(c, 'set image deployment/web app=nginx:1.27');
    const status = await ok(c, 'rollout status deployment/web --timeout=10m');
    const r = watch.stop();
    expect(status).toMatch(/deployment "web" successfully rolled out\n$/);
    expect(r.violations).toEqual([]);
    expect(r.steps).toBeGreaterThan(2);
    const v = rolloutView(c, 'web')!;
    // The bounds were used, not just respected: the rollout went above replicas when it could.
    if (v.surge > 0) expect(r.maxActive).toBeGreaterThan(spec.replicas);
    expect(r.minAvailable).toBeGreaterThanOrEqual(spec.replicas - v.unavailable);
    // The end: every pod runs the new image, the old ReplicaSet is at 0.
    c.advance(60_000);
    const end = rolloutView(c, 'web')!;
    expect(end.active.map((p) => p.spec.containers[0].image)).toEqual(Array(spec.replicas).fill('nginx:1.27'));
    expect(end.previous).toEqual([]);
    const rs = c.engine.store.list('ReplicaSet', { namespace: 'default' });
    expect(rs.map((x) => x.spec.replicas).sort()).toEqual([0, spec.replicas].sort());
  });

  it('Recreate: every old pod is gone before the first new one is created', async () => {
    const c = createCluster({ seed: 22, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', { replicas: 4, strategy: 'Recreate' }) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    const watch = watchBounds(c, 'web', true);
    await ok(c, 'set image deployment/web app=nginx:1.27');
    await ok(c, 'rollout status deployment/web --timeout=10m');
    const r = watch.stop();
    expect(r.violations).toEqual([]);
    // There was a moment with no pods at all: Recreate's downtime.
    expect(r.minAvailable).toBe(0);
    expect(rolloutView(c, 'web')!.active).toHaveLength(4);
    const events = (await ok(c, 'describe deployment web')).split('Events:')[1];
    expect(events).toMatch(/Scaled down replica set web-\w+ from 4 to 0\n.*Scaled up replica set web-\w+ from 0 to 4\n/);
  });
});

describe('proportional scaling in the middle of a rollout', () => {
  it("spreads new replicas over the ReplicaSets by size, as the Kubernetes docs' example (10 -> 15: 3 to the old, 2 to the new)", async () => {
    const c = createCluster({ seed: 23, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('nginx-deployment', { replicas: 10, maxSurge: 3, maxUnavailable: 2 }) });
    await ok(c, 'rollout status deployment/nginx-deployment --timeout=5m');
    // An image that cannot be pulled: the rollout gets stuck at 8 old + 5 new.
    await ok(c, 'set image deployment/nginx-deployment app=nginx:sometag');
    c.advance(60_000);
    const sizes = () =>
      c.engine.store
        .list('ReplicaSet', { namespace: 'default' })
        .map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas])
        .sort();
    expect(sizes()).toEqual([
      ['nginx:1.25', 8],
      ['nginx:sometag', 5],
    ]);
    await ok(c, 'scale deployment/nginx-deployment --replicas=15');
    c.advance(30_000);
    expect(sizes()).toEqual([
      ['nginx:1.25', 11],
      ['nginx:sometag', 7],
    ]);
    const d = c.engine.store.get('Deployment', 'default', 'nginx-deployment')!;
    // 15 + 3 surge: the annotations the ReplicaSets carry for the next proportional step.
    for (const rs of c.engine.store.list('ReplicaSet', { namespace: 'default' })) {
      expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('15');
      expect(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('18');
    }
    expect(d.status.replicas).toBe(18);
    // Scaling down in the middle goes the same way: 18 -> 8 + 3 surge = 11; old 11 * 11/18 = 6.7 -> 7,
    // new 7 * 11/18 = 4.3 -> 4. (The old ReplicaSet's status lags its spec for a moment: the
    // controller must not trip over it.)
    await ok(c, 'scale deployment/nginx-deployment --replicas=8');
    c.advance(30_000);
    // Then the rollout goes on within the new bounds: 6 available old pods are enough (8 - 2), so
    // the old ReplicaSet gives one more and the new one takes its place: 6 + 5 = 11.
    expect(sizes()).toEqual([
      ['nginx:1.25', 6],
      ['nginx:sometag', 5],
    ]);
    const events = (await ok(c, 'get events --field-selector reason=ScalingReplicaSet -o custom-columns=MSG:.message --sort-by=.metadata.creationTimestamp'))
      .split('\n')
      .filter((l) => / from (11 to 7|7 to 4|7 to 6|4 to 5)$/.test(l))
      .map((l) => l.replace(/nginx-deployment-\w+/, 'RS'));
    expect(events).toEqual(['Scaled down replica set RS from 11 to 7', 'Scaled down replica set RS from 7 to 4', 'Scaled down replica set RS from 7 to 6', 'Scaled up replica set RS from 4 to 5']);
    expect(c.engine.runtime.errors).toEqual([]);
  });
});

describe('rollout history, undo and --to-revision', () => {
  it('undo goes back one revision, --to-revision to any kept one; revisions are renumbered as upstream does', async () => {
    const c = createCluster({ seed: 24, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', { replicas: 3, maxSurge: 1, maxUnavailable: 0 }) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    for (const tag of ['1.26', '1.27']) {
      await ok(c, `set image deployment/web app=nginx:${tag}`);
      await ok(c, 'rollout status deployment/web --timeout=5m');
    }
    const image = () => c.engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image;
    expect(await ok(c, 'rollout history deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n');
    // Each undo is itself a rollout from a steady state: the bounds hold.
    let watch = watchBounds(c, 'web');
    expect(await ok(c, 'rollout undo deployment/web')).toBe('deployment.apps/web rolled back\n');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(watch.stop().violations).toEqual([]);
    expect(image()).toBe('nginx:1.26');
    // Revision 2 became revision 4.
    expect(await ok(c, 'rollout history deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         <none>\n\n');
    watch = watchBounds(c, 'web');
    expect(await ok(c, 'rollout undo deployment/web --to-revision=1')).toBe('deployment.apps/web rolled back\n');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(watch.stop().violations).toEqual([]);
    expect(image()).toBe('nginx:1.25');
    expect(await ok(c, 'rollout history deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         <none>\n4         <none>\n5         <none>\n\n');
    expect(await ok(c, 'rollout history deployment/web --revision=5')).toMatch(/^deployment.apps\/web with revision #5\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Containers:\n {3}app:\n {4}Image:\tnginx:1.25\n/);
    const r = await c.kubectl('rollout undo deployment/web --to-revision=2');
    expect(r).toEqual({ stdout: '', stderr: 'error: unable to find specified revision 2 in history\n', exitCode: 1 });
    // Undoing to the current template changes nothing.
    expect(await c.kubectl('rollout undo deployment/web --to-revision=5')).toEqual({ stdout: 'deployment.apps/web skipped rollback (current template already matches revision 5)\n', stderr: '', exitCode: 0 });
  });

  it('revisionHistoryLimit keeps only that many old ReplicaSets', async () => {
    const c = createCluster({ seed: 25, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', { replicas: 2, extra: '  revisionHistoryLimit: 2\n' }) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    for (const tag of ['1.26', '1.27', '1.24', '1.23']) {
      await ok(c, `set image deployment/web app=nginx:${tag}`);
      await ok(c, 'rollout status deployment/web --timeout=5m');
    }
    c.advance(10_000);
    const rs = c.engine.store.list('ReplicaSet', { namespace: 'default' });
    expect(rs.map((x) => [x.metadata.annotations?.['deployment.kubernetes.io/revision'], x.spec.template.spec.containers[0].image, x.spec.replicas]).sort()).toEqual([
      ['3', 'nginx:1.27', 0],
      ['4', 'nginx:1.24', 0],
      ['5', 'nginx:1.23', 2],
    ]);
  });
});

describe('pause and resume', () => {
  it('a paused Deployment takes template changes without rolling them out; resume rolls them out', async () => {
    const c = createCluster({ seed: 26, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', { replicas: 3 }) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(await ok(c, 'rollout pause deployment/web')).toBe('deployment.apps/web paused\n');
    await ok(c, 'set image deployment/web app=nginx:1.27');
    c.advance(120_000);
    const rsCount = () => c.engine.store.list('ReplicaSet', { namespace: 'default' }).length;
    expect(rsCount()).toBe(1);
    expect(rolloutView(c, 'web')!.previous).toHaveLength(3);
    const progressing = () => c.engine.store.get('Deployment', 'default', 'web')!.status.conditions.find((x: { type: string }) => x.type === 'Progressing');
    expect(progressing()).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    const r = await c.kubectl('rollout pause deployment/web');
    expect(r).toEqual({ stdout: '', stderr: 'error: deployments.apps "web" is already paused\n', exitCode: 1 });
    const watch = watchBounds(c, 'web');
    expect(await ok(c, 'rollout resume deployment/web')).toBe('deployment.apps/web resumed\n');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(watch.stop().violations).toEqual([]);
    expect(rsCount()).toBe(2);
    expect(rolloutView(c, 'web')!.current.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(3);
    expect(progressing()).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});

describe('progress deadline', () => {
  it('a rollout that makes no progress for progressDeadlineSeconds is marked ProgressDeadlineExceeded; rollout status fails', async () => {
    const c = createCluster({ seed: 27, strict: true });
    await ok(c, 'apply -f d.yaml', { 'd.yaml': deployment('web', { replicas: 3, extra: '  progressDeadlineSeconds: 30\n' }) });
    await ok(c, 'rollout status deployment/web --timeout=5m');
    c.advance(60_000);
    const t0 = c.now();
    await ok(c, 'set image deployment/web app=nginx:0.0.0-nope');
    const r = await c.kubectl('rollout status deployment/web --timeout=5m');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(r.stdout).toMatch(/^Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n/);
    // It fires 30 s after the last progress (whole seconds; the controller re-checks at the deadline).
    const elapsed = c.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(30_000);
    expect(elapsed).toBeLessThan(32_000);
    const d = c.engine.store.get('Deployment', 'default', 'web')!;
    const newRS = c.engine.store.list('ReplicaSet', { namespace: 'default' }).find((x) => x.spec.template.spec.containers[0].image === 'nginx:0.0.0-nope')!;
    expect(d.status.conditions.find((x: { type: string }) => x.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    // The old pods stay: the Deployment is still available.
    expect(d.status.conditions.find((x: { type: string }) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    // Fixing the image makes progress again.
    await ok(c, 'set image deployment/web app=nginx:1.27');
    expect(await ok(c, 'rollout status deployment/web --timeout=5m')).toMatch(/successfully rolled out\n$/);
  });
});
