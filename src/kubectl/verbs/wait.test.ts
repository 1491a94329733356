import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { parseWaitCondition } from './wait';
import type { KObject } from '../../engine/api/types';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const pod = (conditions: Array<{ type: string; status: string }>, phase = 'Running') => ({ metadata: { uid: 'u1' }, status: { phase, conditions } }) as unknown as KObject;

describe('parseWaitCondition', () => {
  it.each([
    ['condition=Ready', pod([{ type: 'Ready', status: 'True' }]), true],
    ['condition=ready', pod([{ type: 'Ready', status: 'True' }]), true],
    ['condition=Ready', pod([{ type: 'Ready', status: 'False' }]), false],
    ['condition=Ready=false', pod([{ type: 'Ready', status: 'False' }]), true],
    ['jsonpath={.status.phase}=Running', pod([]), true],
    ['jsonpath={.status.phase}=Pending', pod([]), false],
    ['jsonpath=.status.phase', pod([]), true],
    ['delete', undefined, true],
  ])('%s', (spec, obj, met) => {
    expect(parseWaitCondition(spec).met(obj, 'u1')).toBe(met);
  });

  it.each([
    ['', 'unrecognized condition: ""'],
    ['foo', 'unrecognized condition: "foo"'],
    ['jsonpath={.a}=1=2', "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'"],
    ['jsonpath={.a}=', 'jsonpath wait value cannot be empty'],
  ])('error for %j', (spec, msg) => {
    expect(() => parseWaitCondition(spec)).toThrow(msg);
  });
});

describe('kubectl wait', () => {
  it('waits on the simulated clock for a condition', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const t0 = engine.runtime.now;
    expect(await kubectl('wait --for=condition=Available deployment/web')).toEqual({ stdout: 'deployment.apps/web condition met\n', stderr: '', exitCode: 0 });
    expect(engine.runtime.now).toBeGreaterThan(t0);
  });

  it('times out after --timeout of simulated time', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const t0 = engine.runtime.now;
    expect(await kubectl('wait --for=condition=Nope deployment/web --timeout=5s')).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on deployments/web\n',
      exitCode: 1,
    });
    expect(engine.runtime.now - t0).toBe(5000);
    expect((await kubectl('wait --for=condition=Nope deployment/web --timeout=0')).stderr).toBe('error: condition not met for deployments/web\n');
  });

  it('--for=delete and selectors', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    await kubectl('wait --for=condition=Available deploy/web');
    // Foreground deletion keeps the Deployment until its ReplicaSet and pods are gone.
    await kubectl('delete deploy web --cascade=foreground --wait=false');
    expect((await kubectl('wait --for=delete deploy/web --timeout=2m')).stdout).toBe('deployment.apps/web condition met\n');
    // Already gone: nothing to wait for, nothing printed (NotFound is ignored for delete).
    expect(await kubectl('wait --for=delete deploy/web')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await kubectl('wait --for=condition=Ready pods -l app=nope')).stderr).toBe('error: no matching resources found\n');
  });
});
