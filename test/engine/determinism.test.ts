/**
 * Determinism (issue 2, ARCHITECTURE "The runtime and determinism"): the same seed and inputs give
 * the same bytes; advance(a + b) leaves exactly the state of advance(a); advance(b), wherever the
 * split falls; a snapshot restored with createCluster({ from }) continues exactly as the original;
 * a damaged or incompatible snapshot is refused with a clear SnapshotError.
 *
 * The workload touches most timers the engine has: image pulls, a crash-looping container's
 * back-off, a pull back-off of a tag that does not exist, a rolling update with minReadySeconds,
 * probes, graceful termination, a stopped node (grace period, taints, evictions), events.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, SnapshotError, type Cluster } from '../../src/index';
import { diffPaths } from '../support';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  minReadySeconds: 5
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 3
`;

const CRASHER = `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "sleep 7; exit 1"]
`;

const files = { 'web.yaml': WEB, 'crasher.yaml': CRASHER };

async function ok(c: Cluster, line: string): Promise<void> {
  const r = await c.kubectl(line, { files });
  if (r.exitCode !== 0) throw new Error(`${line}: ${r.stderr}`);
}

/** The first half of the workload: things in flight when it ends. */
async function firstHalf(c: Cluster): Promise<void> {
  await ok(c, 'apply -f web.yaml');
  await ok(c, 'apply -f crasher.yaml');
  await ok(c, 'create deployment bad --image=nginx:0.0.0-nope --replicas=2');
  c.advance(40_000);
  await ok(c, 'set image deployment/web nginx=nginx:1.27');
  c.advance(3_500);
  c.stopNode('podium-worker2');
  c.advance(12_345);
}

/** The second half: more changes on top of what is in flight. */
async function secondHalf(c: Cluster): Promise<void> {
  await ok(c, 'scale deployment web --replicas=6');
  await ok(c, 'config set-context --current --namespace=kube-system');
  await ok(c, 'delete pod -l k8s-app=kube-dns --wait=false');
  c.advance(400_000);
  c.startNode('podium-worker2');
  await ok(c, 'config set-context --current --namespace=default');
  await ok(c, 'rollout undo deployment/web');
  c.advance(90_000);
}

const bytes = (c: Cluster) => JSON.stringify(c.snapshot());

describe('determinism', () => {
  it('the same seed and inputs give the same bytes; another seed gives others', async () => {
    const [a, b, other] = [createCluster({ seed: 7, strict: true }), createCluster({ seed: 7, strict: true }), createCluster({ seed: 8, strict: true })];
    expect(bytes(a)).toBe(bytes(b));
    for (const c of [a, b, other]) await firstHalf(c);
    expect(diffPaths(a.snapshot(), b.snapshot())).toEqual([]);
    for (const c of [a, b, other]) await secondHalf(c);
    expect(diffPaths(a.snapshot(), b.snapshot())).toEqual([]);
    expect(bytes(a)).toBe(bytes(b));
    expect(diffPaths(a.snapshot(), other.snapshot()).length).toBeGreaterThan(0);
    // The same kubectl output too.
    const outs = await Promise.all([a, b].map(async (c) => (await c.kubectl('get pods -A -o wide')).stdout + (await c.kubectl('describe deployment web')).stdout));
    expect(outs[0]).toBe(outs[1]);
  });

  it('advance(a + b) leaves the same state as advance(a); advance(b), wherever the split falls', async () => {
    const whole = createCluster({ seed: 3, strict: true });
    const split = createCluster({ seed: 3, strict: true });
    for (const c of [whole, split]) await firstHalf(c);
    const start = whole.now();
    const total = 200_000;
    whole.advance(total);
    // Splits: exactly at due timers, a millisecond either side of them, and at odd places.
    let steps = 0;
    while (split.now() < start + total) {
      const next = split.nextEventAt();
      const left = start + total - split.now();
      const choice = steps % 4;
      let ms: number;
      if (next === undefined) ms = left;
      else if (choice === 0) ms = next - split.now();
      else if (choice === 1) ms = Math.max(0, next - split.now() - 1);
      else if (choice === 2) ms = next - split.now() + 1;
      else ms = 777;
      split.advance(Math.min(ms, left));
      // A snapshot in between must not disturb anything either.
      if (steps % 50 === 0) split.snapshot();
      steps++;
    }
    expect(steps).toBeGreaterThan(50);
    expect(split.now()).toBe(whole.now());
    expect(diffPaths(whole.snapshot(), split.snapshot())).toEqual([]);
    expect(bytes(whole)).toBe(bytes(split));
  });

  it('advance(0) and an idle advance change nothing but the clock', async () => {
    const c = createCluster({ seed: 5, strict: true });
    c.advance(3_600_000);
    const before = c.snapshot();
    c.advance(0);
    expect(diffPaths(before, c.snapshot())).toEqual([]);
  });

  it('a restored snapshot continues exactly as the original, byte for byte', async () => {
    const original = createCluster({ seed: 11, strict: true });
    await firstHalf(original);
    // Mid-flight: a rollout, a crash loop, pull back-offs, a node that stopped 12 s ago.
    const snap = original.snapshot();
    // Through JSON text, as the dashboard stores it.
    const restored = createCluster({ from: JSON.parse(JSON.stringify(snap)), strict: true });
    expect(diffPaths(snap, restored.snapshot())).toEqual([]);
    expect(restored.now()).toBe(original.now());
    expect(restored.nextEventAt()).toBe(original.nextEventAt());
    await secondHalf(original);
    await secondHalf(restored);
    expect(diffPaths(original.snapshot(), restored.snapshot())).toEqual([]);
    expect(bytes(original)).toBe(bytes(restored));
    // kubectl's own state (its namespace) travelled with the snapshot.
    await ok(original, 'config set-context --current --namespace=kube-system');
    const again = createCluster({ from: original.snapshot() });
    expect((await again.kubectl('config view --minify -o jsonpath={..namespace}')).stdout).toBe('kube-system');
  });

  it('a snapshot restored twice gives two identical clusters', async () => {
    const c = createCluster({ seed: 2, strict: true });
    await firstHalf(c);
    const snap = c.snapshot();
    const x = createCluster({ from: snap, strict: true });
    const y = createCluster({ from: snap, strict: true });
    x.advance(300_000);
    y.advance(100_000);
    y.advance(200_000);
    expect(diffPaths(x.snapshot(), y.snapshot())).toEqual([]);
    expect(bytes(x)).toBe(bytes(y));
    // The snapshot object itself is not shared with the clusters restored from it.
    expect(diffPaths(snap, c.snapshot())).toEqual([]);
  });
});

describe('a damaged or incompatible snapshot is refused with a clear SnapshotError', () => {
  const snap = createCluster({ nodes: 1 }).snapshot();
  const copy = (): any => JSON.parse(JSON.stringify(snap));

  function refusal(from: unknown): SnapshotError {
    try {
      createCluster({ from });
    } catch (e) {
      expect(e).toBeInstanceOf(SnapshotError);
      return e as SnapshotError;
    }
    throw new Error('the snapshot was accepted');
  }

  it.each<[string, () => unknown, RegExp]>([
    ['nothing', () => null, /^not a Podium snapshot: expected an object$/],
    ['a string', () => 'podium', /^not a Podium snapshot: expected an object$/],
    ['another format', () => ({ ...copy(), format: 'kubeconfig' }), /^not a Podium snapshot: format is "kubeconfig", expected "podium.snapshot"$/],
    ['a newer version', () => ({ ...copy(), version: 99 }), /^incompatible snapshot: version 99, this Podium reads version 1$/],
    ['no state', () => ({ ...copy(), state: undefined }), /^damaged snapshot: the state is missing$/],
    [
      'one object edited',
      () => {
        const s = copy();
        s.state.runtime.components.apiserver.objects[0].metadata.name = 'edited';
        return s;
      },
      /^damaged snapshot: checksum [0-9a-f]{8} does not match its content \([0-9a-f]{8}\)$/,
    ],
    [
      'the clock moved',
      () => {
        const s = copy();
        s.state.runtime.now += 1;
        return s;
      },
      /^damaged snapshot: checksum/,
    ],
  ])('%s', (_name, make, message) => {
    expect(refusal(make()).message).toMatch(message);
  });

  it('the intact snapshot is accepted', () => {
    expect(createCluster({ from: copy() }).snapshot()).toEqual(snap);
  });
});
