/**
 * The seeded fuzz test, short: a few seeds of a few dozen operations each inside `npm test` (the
 * long runs are `npm run fuzz`). Sequences that once failed are pinned below, as operation lists.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { describeOp, generateOps, recreateStalled, runFuzz, type Op } from './fuzz';

describe('seeded fuzz: apply, scale, set image, delete, node stop/start, time', () => {
  it.each([101, 102, 103, 104])('seed %i, 40 operations: every invariant holds', async (seed) => {
    const r = await runFuzz({ seed, ops: 40 });
    expect(r.steps).toBeGreaterThan(40);
  });

  // Pinned cases: operation lists that once failed (kept as data, so that a change of the generator
  // does not lose them), with what they found.
  it.each<[string, Op[]]>([
    [
      // The first kubectl command of a cluster (here a refused manifest) stored kubectl's default
      // kubeconfig in the client state, so a refused command changed the snapshot (src/kubectl/context.ts).
      'a refused first command leaves the snapshot as it was',
      [
        { t: 'apply', name: 'fz-b', replicas: 1, recreate: false, maxSurge: 0, maxUnavailable: 0, minReadySeconds: 0, image: 'nginx:0.0.0-nope' },
        { t: 'apply', name: 'fz-b', replicas: 2, recreate: false, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0, image: 'nginx:1.25' },
        { t: 'advance', ms: 60_000 },
      ],
    ],
    [
      // Proportional scaling 18 -> 11 in a stuck rollout leaves the old ReplicaSet at spec 7 while its
      // status still says 11 available: cleanupUnhealthyReplicas' "invalid request to scale down 7 -> 11"
      // must be ignored as upstream ignores it, not thrown (controllers/deployment/rolling.ts).
      'a proportional scale-down in the middle of a stuck rollout',
      [
        { t: 'apply', name: 'fz-a', replicas: 10, recreate: false, maxSurge: 3, maxUnavailable: 2, minReadySeconds: 0, image: 'nginx:1.25' },
        { t: 'advance', ms: 60_000 },
        { t: 'image', name: 'fz-a', image: 'nginx:0.0.0-nope' },
        { t: 'advance', ms: 60_000 },
        { t: 'scale', name: 'fz-a', replicas: 15 },
        { t: 'advance', ms: 30_000 },
        { t: 'scale', name: 'fz-a', replicas: 8 },
        { t: 'advance', ms: 30_000 },
        { t: 'image', name: 'fz-a', image: 'nginx:1.27' },
      ],
    ],
    [
      // Switched to Recreate in the middle of a rollout and scaled, a Deployment stalls, as upstream
      // 1.32's does (recreateStalled); the checker must not call it a convergence failure.
      'the Recreate stall of upstream is recognised',
      [
        { t: 'apply', name: 'fz-a', replicas: 4, recreate: false, maxSurge: 1, maxUnavailable: 1, minReadySeconds: 0, image: 'nginx:1.25' },
        { t: 'advance', ms: 60_000 },
        { t: 'image', name: 'fz-a', image: 'nginx:0.0.0-nope' },
        { t: 'advance', ms: 5_000 },
        { t: 'apply', name: 'fz-a', replicas: 6, recreate: true, maxSurge: 0, maxUnavailable: 0, minReadySeconds: 0, image: 'nginx:1.27' },
        { t: 'advance', ms: 60_000 },
      ],
    ],
  ])('pinned: %s', async (_name, ops) => {
    const r = await runFuzz({ seed: 1, ops });
    expect(r.log).toHaveLength(ops.length);
  });

  it('is reproducible: the same seed gives the same operations and the same run', async () => {
    expect(generateOps(7, 30).map(describeOp)).toEqual(generateOps(7, 30).map(describeOp));
    expect(generateOps(7, 30).map(describeOp)).not.toEqual(generateOps(8, 30).map(describeOp));
    const [a, b] = [await runFuzz({ seed: 7, ops: 25, replay: false }), await runFuzz({ seed: 7, ops: 25, replay: false })];
    expect(a.log).toEqual(b.log);
  });

  it('fails loudly, with the seed and the operations, when an invariant breaks', async () => {
    // A checker that can fail: break an invariant on purpose by orphaning a pod by hand.
    const c = createCluster({ seed: 1, strict: true });
    await c.kubectl('create deployment x --image=nginx --replicas=1');
    const pod = c.engine.store.list('Pod', { namespace: 'default' })[0];
    const { Checker } = await import('./fuzz');
    const checker = new Checker(c, () => 'by hand');
    c.engine.store.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [{ ...pod.metadata.ownerReferences![0], uid: 'gone' }] } });
    // Checked before the step ends (the garbage collector has not run yet), the orphan shows.
    checker.checkOwners();
    expect(checker.failure).toMatch(/^by hand at .*: orphan: Pod x-\w+-\w+ is controlled by ReplicaSet x-\w+ \(gone\), which is gone$/);
    // At the step's end the garbage collector has taken the pod away: the invariant holds again.
    checker.failure = undefined;
    c.advance(1000);
    checker.stop();
    expect(checker.failure).toBeUndefined();
    expect(c.engine.store.get('Pod', 'default', pod.metadata.name)?.metadata.deletionTimestamp ?? 'gone').toBeTruthy();
    await expect(runFuzz({ seed: 5, ops: 3, replay: false, log: () => {} })).resolves.toBeDefined();
  });

  it('recognises the upstream Recreate stall and nothing else', async () => {
    const c = createCluster({ seed: 9, strict: true });
    const yaml = (replicas: number, strategy: string, image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s\nspec:\n  replicas: ${replicas}\n  strategy:\n    ${strategy}\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n`;
    const apply = (y: string) => c.kubectl('apply -f s.yaml', { files: { 's.yaml': y } });
    await apply(yaml(4, 'type: RollingUpdate', 'nginx:1.25'));
    await c.kubectl('rollout status deployment/s --timeout=5m');
    expect(recreateStalled(c, c.engine.store.get('Deployment', 'default', 's')!)).toBe(false);
    // Mid-rollout (the new image cannot be pulled), switch to Recreate with another size.
    await apply(yaml(4, 'type: RollingUpdate', 'nginx:0.0.0-nope'));
    c.advance(5_000);
    await apply(yaml(6, 'type: Recreate', 'nginx:1.27'));
    c.advance(20 * 60_000);
    const d = c.engine.store.get('Deployment', 'default', 's')!;
    expect(recreateStalled(c, d)).toBe(true);
    // Stalled indeed: nothing runs the new image 20 minutes later.
    expect(c.engine.store.list('Pod', { namespace: 'default' }).some((p) => p.spec.containers[0].image === 'nginx:1.27')).toBe(false);
  });
});
