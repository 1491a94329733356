import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { deploymentStatus, daemonSetStatus } from './rollout';
import type { KObject } from '../../engine/api/types';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const d = (generation: number, replicas: number, status: Record<string, unknown>) =>
  ({ kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas }, status }) as unknown as KObject;

describe('deploymentStatus (rollout_status.go)', () => {
  it.each([
    [d(2, 3, { observedGeneration: 1 }), 'Waiting for deployment spec update to be observed...\n', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 1, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out\n', true],
  ])('%#', (obj, message, done) => {
    expect(deploymentStatus(obj)).toEqual({ message, done });
  });

  it('fails on ProgressDeadlineExceeded and on another revision', () => {
    const stuck = d(1, 3, { observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(() => deploymentStatus(stuck)).toThrow('deployment "web" exceeded its progress deadline');
    const rev2 = { ...d(1, 1, {}), metadata: { name: 'web', generation: 1, annotations: { 'deployment.kubernetes.io/revision': '2' } } } as unknown as KObject;
    expect(() => deploymentStatus(rev2, 3)).toThrow('desired revision (3) is different from the running revision (2)');
  });

  it('daemon sets', () => {
    const ds = (st: Record<string, number>) => ({ kind: 'DaemonSet', metadata: { name: 'proxy', generation: 1 }, spec: {}, status: { observedGeneration: 1, ...st } }) as unknown as KObject;
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message).toBe('Waiting for daemon set "proxy" rollout to finish: 1 out of 3 new pods have been updated...\n');
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe(
      'Waiting for daemon set "proxy" rollout to finish: 2 of 3 updated pods are available...\n',
    );
    expect(daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({ message: 'daemon set "proxy" successfully rolled out\n', done: true });
  });
});

describe('kubectl rollout', () => {
  it('status follows a rollout on the simulated clock', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx:1.25 --replicas=3');
    await kubectl('rollout status deployment/web');
    await kubectl('set image deployment/web nginx=nginx:1.27');
    const t0 = engine.runtime.now;
    const r = await kubectl('rollout status deployment/web');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Waiting for deployment "web" rollout to finish: \d out of 3 new replicas have been updated\.\.\.$/);
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    expect(engine.runtime.now).toBeGreaterThan(t0);
  });

  it('status --watch=false prints once; --timeout ends with kubectl error', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx --replicas=2');
    expect((await kubectl('rollout status deploy/web --watch=false')).stdout.split('\n').length).toBe(2);
    await kubectl('set image deployment/web nginx=doesnotexist.example/none:1');
    const r = await kubectl('rollout status deploy/web --timeout=20s');
    expect(r.stderr).toBe('error: timed out waiting for the condition\n');
    expect(r.exitCode).toBe(1);
  });

  it('history, undo and the template of a revision', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx:1.25');
    await kubectl('rollout status deployment/web');
    await kubectl('set image deployment/web nginx=nginx:1.27');
    await kubectl('rollout status deployment/web');
    expect((await kubectl('rollout history deployment/web')).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    const rev1 = await kubectl('rollout history deployment/web --revision=1');
    expect(rev1.stdout).toMatch(/^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=\w+\n  Containers:\n   nginx:\n    Image:\tnginx:1\.25\n/);
    expect((await kubectl('rollout history deployment/web --revision=7')).stderr).toBe('error: unable to find the specified revision\n');
    expect((await kubectl('rollout undo deployment/web')).stdout).toBe('deployment.apps/web rolled back\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.25');
    await kubectl('rollout status deployment/web');
    expect((await kubectl('rollout history deployment/web')).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect((await kubectl('rollout undo deployment/web --to-revision=3')).stdout).toBe('deployment.apps/web skipped rollback (current template already matches revision 3)\n');
    expect((await kubectl('rollout undo deployment/web --to-revision=9')).stderr).toBe('error: unable to find specified revision 9 in history\n');
  });

  it('pause, resume and restart', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('rollout pause deployment/web')).stdout).toBe('deployment.apps/web paused\n');
    expect((await kubectl('rollout pause deployment/web')).stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect((await kubectl('rollout undo deployment/web')).stderr).toMatch(/^error: (no rollout history found|you cannot rollback a paused deployment)/);
    expect((await kubectl('rollout restart deployment/web')).stderr).toBe("error: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)\n");
    expect((await kubectl('rollout resume deployment/web')).stdout).toBe('deployment.apps/web resumed\n');
    expect((await kubectl('rollout resume deployment/web')).stderr).toBe('error: deployments.apps "web" is not paused\n');
    expect((await kubectl('rollout restart deployment/web')).stdout).toBe('deployment.apps/web restarted\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2025-03-03T09:00:00Z');
  });

  it.each([
    ['rollout status', 'error: required resource not specified\n'],
    ['rollout history deployment/web --revision=-1', 'error: revision must be a positive integer: -1\n'],
    ['rollout status rs/x', 'Error from server (NotFound): replicasets.apps "x" not found\n'],
    ['rollout pause ns/default', 'error: namespaces "default" pausing is not supported\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
