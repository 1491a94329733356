import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { allContainerNames, byLogging } from './logs';
import type { KObject } from '../../engine/api/types';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const TWO = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init done"]
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo hello from app; sleep 3600"]
  - name: side
    image: busybox
    command: ["sh", "-c", "echo hello from side; sleep 3600"]
`;

async function running() {
  const c = testCluster();
  await c.kubectl('create -f two.yaml', { files: { 'two.yaml': TWO } });
  await c.kubectl('wait --for=condition=Ready pod/two --timeout=2m');
  return c;
}

describe('kubectl logs', () => {
  it('defaults to the first container and says so on stderr', async () => {
    const { kubectl } = await running();
    expect(await kubectl('logs two')).toEqual({ stdout: 'hello from app\n', stderr: 'Defaulted container "app" out of: app, side, init (init)\n', exitCode: 0 });
    expect((await kubectl('logs two -c side')).stdout).toBe('hello from side\n');
    expect((await kubectl('logs two side')).stdout).toBe('hello from side\n');
    expect((await kubectl('logs two --all-containers')).stdout).toBe('init done\nhello from app\nhello from side\n');
    expect((await kubectl('logs two -c side --prefix')).stdout).toBe('[pod/two/side] hello from side\n');
  });

  it('-f follows until the container stops, or 60 s of simulated time in advance mode', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('run ticker --image=busybox --restart=Never -- sh -c "echo one; sleep 5; echo two"');
    await kubectl('wait --for=condition=Ready pod/ticker');
    const t0 = engine.runtime.now;
    const r = await kubectl('logs -f ticker');
    expect(r.stdout).toBe('one\ntwo\n');
    expect(engine.runtime.now - t0).toBeLessThan(60_000);
    const { kubectl: k2, engine: e2 } = await running();
    const t1 = e2.runtime.now;
    expect((await k2('logs -f two -c app')).stdout).toBe('hello from app\n');
    expect(e2.runtime.now - t1).toBe(60_000);
  });

  it('picks a pod of a workload', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx --replicas=2');
    await kubectl('rollout status deploy/web');
    const r = await kubectl('logs deploy/web --tail=1');
    expect(r.stderr).toMatch(/^Found 2 pods, using pod\/web-\w+-\w+\n$/);
    expect(r.stdout.split('\n')).toHaveLength(2);
  });

  it.each([
    ['logs', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"],
    ['logs nope', 'Error from server (NotFound): pods "nope" not found\n'],
    ['logs two -c nope', 'error: container nope is not valid for pod two\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = await running();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it('lists every container name as kubectl does', () => {
    const p = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }, { name: 'b' }], ephemeralContainers: [{ name: 'e' }], initContainers: [{ name: 'i' }] } } as unknown as KObject;
    expect(allContainerNames(p)).toBe('a, b, e (ephem), i (init)');
  });

  it('prefers scheduled, running, ready, restarted, older pods (ByLogging)', () => {
    const mk = (name: string, o: Record<string, unknown>) => ({ metadata: { name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' }, spec: { nodeName: o.node }, status: { phase: o.phase } }) as unknown as KObject;
    const pods = [mk('pending', { phase: 'Pending', node: 'n' }), mk('unscheduled', { phase: 'Pending' }), mk('running', { phase: 'Running', node: 'n' })];
    expect(pods.sort(byLogging).map((p) => p.metadata.name)).toEqual(['running', 'pending', 'unscheduled']);
  });
});

describe('kubectl exec', () => {
  it('runs a command and passes its exit code on', async () => {
    const { kubectl } = await running();
    expect(await kubectl('exec two -c app -- echo hi')).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    expect(await kubectl('exec two -c app -- sh -c "exit 3"')).toEqual({ stdout: '', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
    expect((await kubectl('exec two -- echo hi')).stderr).toBe('Defaulted container "app" out of: app, side, init (init)\n');
    expect((await kubectl('exec -i two -c app -- cat', { stdin: 'piped\n' })).stdout).toBe('piped\n');
  });

  it('picks a pod of a workload without saying how many it found (unlike logs)', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx --replicas=2');
    await kubectl('rollout status deploy/web');
    expect(await kubectl('exec deploy/web -- echo hi')).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    expect((await kubectl('logs deploy/web --tail=1')).stderr).toMatch(/^Found 2 pods, using pod\/web-\w+-\w+\n$/);
  });

  it.each([
    ['exec two', 'error: you must specify at least one command for the container\n'],
    ['exec two ls', "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"],
    ['exec two -c nope -- ls', 'error: container nope not found in pod two\n'],
    ['exec nope -- ls', 'Error from server (NotFound): pods "nope" not found\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = await running();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
