import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

describe('kubectl scale', () => {
  it('scales a deployment, and the ReplicaSet follows', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect(await kubectl('scale deployment web --replicas=3')).toEqual({ stdout: 'deployment.apps/web scaled\n', stderr: '', exitCode: 0 });
    engine.runtime.advance(30_000);
    const rs = engine.store.list('ReplicaSet', { namespace: 'default' });
    expect(rs.map((r) => r.spec.replicas)).toEqual([3]);
    expect(engine.store.list('Pod', { namespace: 'default' })).toHaveLength(3);
  });

  it('checks --current-replicas and --resource-version', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('scale deploy/web --replicas=3 --current-replicas=2')).stderr).toBe('error: Expected replicas to be 2, was 1\n');
    expect((await kubectl('scale deploy/web --replicas=3 --resource-version=1')).stderr).toMatch(/^error: Expected resource version to be 1, was \d+\n$/);
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(1);
    expect((await kubectl('scale deploy/web --replicas=3 --current-replicas=1')).stdout).toBe('deployment.apps/web scaled\n');
  });

  it('--timeout waits until the status shows the new size', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const t0 = engine.runtime.now;
    expect((await kubectl('scale deploy/web --replicas=2 --timeout=1m')).exitCode).toBe(0);
    expect(engine.store.get('Deployment', 'default', 'web')!.status.replicas).toBe(2);
    expect(engine.runtime.now).toBeGreaterThanOrEqual(t0);
  });

  it.each([
    ['scale deploy/web', 'error: required flag(s) "replicas" not set\n'],
    ['scale deploy/web --replicas=-1', 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'],
    ['scale deploy/nope --replicas=2', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['scale ns/default --replicas=2', 'Error from server (NotFound): the server could not find the requested resource\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
