// Cases from upstream's pkg/controller/deployment/recreate_test.go (v1.32), re-expressed.
import { describe, expect, it } from 'vitest';
import { oldPodsRunning, rolloutRecreate, scaleDownOldReplicaSetsForRecreate } from './recreate';
import { FakeDeploymentContext, newDeployment, rs } from './testing';
import type { KObject } from '../../api/types';

const pod = (phase: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${phase}`, namespace: 'default', uid: phase, resourceVersion: '1', creationTimestamp: '' }, status: { phase } });

describe('oldPodsRunning (TestOldPodsRunning)', () => {
  const withStatus = (name: string, statusReplicas: number) => {
    const r = rs(name, 0, undefined, '');
    r.status = { replicas: statusReplicas };
    return r;
  };
  it.each([
    ['no old RSs', [], [], false],
    ['old RSs with running pods', [withStatus('a', 1)], [pod('Running')], true],
    ['old RSs without pods but with non-zero status replicas', [withStatus('a', 1)], [], true],
    ['old RSs without pods or non-zero status replicas', [withStatus('a', 0)], [], false],
    ['old RSs with zero status replicas but pods in terminal state are present', [withStatus('a', 0)], [pod('Failed'), pod('Succeeded')], false],
    ['old RSs with zero status replicas but pod in unknown phase present', [withStatus('a', 0)], [pod('Unknown')], true],
    ['old RSs with zero status replicas with pending pod present', [withStatus('a', 0)], [pod('Pending')], true],
    ['old RSs with zero status replicas with running pod present', [withStatus('a', 0)], [pod('Running')], true],
    ['old RSs with zero status replicas with pods in terminal state and pending pod present', [withStatus('a', 0)], [pod('Failed'), pod('Succeeded'), pod('Pending')], true],
  ])('%s', (_name, oldRSs, pods, expected) => {
    expect(oldPodsRunning(rs('new', 1, undefined, ''), oldRSs, () => pods)).toBe(expected);
  });

  it("ignores the new replica set's pods", () => {
    const newRS = rs('new', 1, undefined, '');
    expect(oldPodsRunning(newRS, [newRS], () => [pod('Running')])).toBe(false);
  });
});

describe('Recreate', () => {
  it.each([
    [[3], true],
    [[0], false],
    [[3, 0, 1], true],
  ])('scaleDownOldReplicaSetsForRecreate %j', (oldSizes, scaled) => {
    const dc = new FakeDeploymentContext();
    const d = newDeployment('foo', 3);
    d.spec.strategy = { type: 'Recreate' };
    const oldRSs = oldSizes.map((n, i) => rs(`foo-${i}`, n, undefined, ''));
    expect(scaleDownOldReplicaSetsForRecreate(dc, oldRSs, d)).toBe(scaled);
    expect(oldRSs.every((r) => r.spec.replicas === 0)).toBe(true);
    expect(dc.events.map((e) => e.message)).toEqual(oldSizes.flatMap((n, i) => (n ? [`Scaled down replica set foo-${i} from ${n} to 0`] : [])));
  });

  it('does not create the new replica set while old pods run, then creates it at full size', () => {
    const d = newDeployment('foo', 3, undefined, undefined, undefined, { app: 'foo' });
    d.spec.strategy = { type: 'Recreate' };
    const old = rs('foo-old', 0, { app: 'foo' }, '2016-05-20T00:00:00Z');
    old.spec.template = { metadata: { labels: { app: 'foo' } }, spec: { containers: [{ name: 'foo', image: 'foo/old' }] } };
    const dc = new FakeDeploymentContext();
    dc.pods.set(old.metadata.uid, [pod('Running')]);
    rolloutRecreate(dc, d, [old]);
    expect(dc.actions.filter((a) => a.resource === 'replicasets')).toEqual([]);
    dc.pods.clear();
    rolloutRecreate(dc, d, [old]);
    const created = dc.actions.filter((a) => a.verb === 'create');
    expect(created).toHaveLength(1);
    expect(created[0].object.spec.replicas).toBe(3);
  });
});
