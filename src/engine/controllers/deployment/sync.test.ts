// Tables from upstream's pkg/controller/deployment/sync_test.go (v1.32), re-expressed, and
// cases of getNewReplicaSet, calculateStatus and the paused conditions.
import { describe, expect, it } from 'vitest';
import { calculateStatus, checkPausedConditions, cleanupDeployment, getNewReplicaSet, isScalingEvent, scale, syncDeploymentStatus } from './sync';
import { FakeDeploymentContext, newDeployment, newRSWithStatus, rs } from './testing';
import {
  DefaultDeploymentUniqueLabelKey,
  DesiredReplicasAnnotation,
  MaxInt32,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  computeHash,
  maxSurge,
  setReplicasAnnotations,
  type ReplicaSet,
} from './util';
import type { KObject } from '../../api/types';

const newTimestamp = '2016-05-20T02:00:00Z';
const oldTimestamp = '2016-05-20T01:00:00Z';
const olderTimestamp = '2016-05-20T00:00:00Z';

describe('scale (TestScale)', () => {
  const dep = (replicas: number, surge?: number, unavailable?: number) => newDeployment('foo', replicas, undefined, surge, unavailable);
  const updatedTemplate = (replicas: number) => {
    const d = newDeployment('foo', replicas, undefined, undefined, undefined, { foo: 'bar' });
    d.spec.template.metadata.labels.another = 'label';
    return d;
  };
  const brokenNew = () => {
    const r = rs('foo-v2', 2, undefined, newTimestamp);
    r.status = { availableReplicas: 0 };
    return r;
  };
  type Case = [string, KObject, KObject, ReplicaSet | undefined, ReplicaSet[], number | undefined, number[], string[]?, Record<string, number>?];
  const cases: Case[] = [
    ['normal scaling event: 10 -> 12', dep(12), dep(10), rs('foo-v1', 10, undefined, newTimestamp), [], 12, []],
    ['normal scaling event: 10 -> 5', dep(5), dep(10), rs('foo-v1', 10, undefined, newTimestamp), [], 5, []],
    ['proportional scaling: 5 -> 10', dep(10), dep(5), rs('foo-v2', 2, undefined, newTimestamp), [rs('foo-v1', 3, undefined, oldTimestamp)], 4, [6]],
    ['proportional scaling: 5 -> 3', dep(3), dep(5), rs('foo-v2', 2, undefined, newTimestamp), [rs('foo-v1', 3, undefined, oldTimestamp)], 1, [2]],
    ['proportional scaling: 9 -> 4', dep(4), dep(9), rs('foo-v2', 8, undefined, newTimestamp), [rs('foo-v1', 1, undefined, oldTimestamp)], 4, [0]],
    ['proportional scaling: 7 -> 10', dep(10), dep(7), rs('foo-v3', 2, undefined, newTimestamp), [rs('foo-v2', 3, undefined, oldTimestamp), rs('foo-v1', 2, undefined, olderTimestamp)], 3, [4, 3]],
    ['proportional scaling: 13 -> 8', dep(8), dep(13), rs('foo-v3', 2, undefined, newTimestamp), [rs('foo-v2', 8, undefined, oldTimestamp), rs('foo-v1', 3, undefined, olderTimestamp)], 1, [5, 2]],
    // Scales up the new replica set.
    ['leftover distribution: 3 -> 4', dep(4), dep(3), rs('foo-v3', 1, undefined, newTimestamp), [rs('foo-v2', 1, undefined, oldTimestamp), rs('foo-v1', 1, undefined, olderTimestamp)], 2, [1, 1]],
    // Scales down the older replica set.
    ['leftover distribution: 3 -> 2', dep(2), dep(3), rs('foo-v3', 1, undefined, newTimestamp), [rs('foo-v2', 1, undefined, oldTimestamp), rs('foo-v1', 1, undefined, olderTimestamp)], 1, [1, 0]],
    // Scales up the latest replica set first.
    ['proportional scaling (no new rs): 4 -> 5', dep(5), dep(4), undefined, [rs('foo-v2', 2, undefined, oldTimestamp), rs('foo-v1', 2, undefined, olderTimestamp)], undefined, [3, 2]],
    ['proportional scaling: 6 -> 0', dep(0), dep(6), rs('foo-v3', 3, undefined, newTimestamp), [rs('foo-v2', 2, undefined, oldTimestamp), rs('foo-v1', 1, undefined, olderTimestamp)], 0, [0, 0]],
    ['proportional scaling: 0 -> 6', dep(6), dep(6), rs('foo-v3', 0, undefined, newTimestamp), [rs('foo-v2', 0, undefined, oldTimestamp), rs('foo-v1', 0, undefined, olderTimestamp)], 6, [0, 0], ['foo-v2', 'foo-v1']],
    // foo-v2 was sized for 3 replicas: it takes the one replica to add.
    ['failed rs update', dep(5), dep(5), rs('foo-v3', 2, undefined, newTimestamp), [rs('foo-v2', 1, undefined, oldTimestamp), rs('foo-v1', 1, undefined, olderTimestamp)], 2, [2, 1], ['foo-v3', 'foo-v1'], { 'foo-v2': 3 }],
    ['deployment with surge pods', dep(20, 2), dep(10, 2), rs('foo-v2', 6, undefined, newTimestamp), [rs('foo-v1', 6, undefined, oldTimestamp)], 11, [11]],
    ['change both surge and size', dep(50, 6), dep(10, 3), rs('foo-v2', 5, undefined, newTimestamp), [rs('foo-v1', 8, undefined, oldTimestamp)], 22, [34]],
    ['change both size and template', updatedTemplate(14), newDeployment('foo', 10, undefined, undefined, undefined, { foo: 'bar' }), undefined, [rs('foo-v2', 7, undefined, newTimestamp), rs('foo-v1', 3, undefined, oldTimestamp)], undefined, [10, 4]],
    ['saturated but broken new replica set does not affect old pods', dep(2, 1, 1), dep(2, 1, 1), brokenNew(), [rs('foo-v1', 1, undefined, oldTimestamp)], 2, [1]],
  ];

  it.each(cases)('%s', (_name, d, oldD, newRS, oldRSs, expectedNew, expectedOld, wasntUpdated = [], desiredOverride = {}) => {
    const dc = new FakeDeploymentContext();
    for (const r of [newRS, ...oldRSs]) {
      if (!r) continue;
      const desired = desiredOverride[r.metadata.name] ?? oldD.spec.replicas;
      setReplicasAnnotations(r, desired, desired + maxSurge(oldD));
    }
    const names = oldRSs.map((r) => r.metadata.name);
    const sizes: Record<string, number> = {};
    for (const r of [newRS, ...oldRSs]) if (r) sizes[r.metadata.name] = r.spec.replicas;
    scale(dc, d, newRS, [...oldRSs]);
    for (const [name, size] of Object.entries(dc.updatedSizes())) if (!wasntUpdated.includes(name)) sizes[name] = size;
    if (newRS) expect(sizes[newRS.metadata.name]).toBe(expectedNew);
    expect(names.map((n) => sizes[n])).toEqual(expectedOld);
  });

  it('records ScalingReplicaSet events in the 1.32 wording, only for size changes', () => {
    const dc = new FakeDeploymentContext();
    const newRS = rs('foo-v2', 2, undefined, newTimestamp);
    const oldRS = rs('foo-v1', 3, undefined, oldTimestamp);
    for (const r of [newRS, oldRS]) setReplicasAnnotations(r, 5, 5);
    scale(dc, dep(10), newRS, [oldRS]);
    expect(dc.events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set foo-v1 from 3 to 6',
      'Normal ScalingReplicaSet Scaled up replica set foo-v2 from 2 to 4',
    ]);
    const again = new FakeDeploymentContext();
    const same = rs('foo-v1', 10, undefined, newTimestamp);
    setReplicasAnnotations(same, 8, 8);
    scale(again, dep(10), same, []);
    expect(again.events).toEqual([]);
  });
});

describe('cleanupDeployment (TestDeploymentController_cleanupDeployment)', () => {
  const sel = { foo: 'bar' };
  const alreadyDeleted = () => {
    const r = newRSWithStatus('foo-1', 0, 0, sel);
    r.metadata.deletionTimestamp = '2016-05-20T00:00:00Z';
    return r;
  };
  it.each([
    [[newRSWithStatus('foo-1', 0, 0, sel), newRSWithStatus('foo-2', 0, 0, sel), newRSWithStatus('foo-3', 0, 0, sel)], 1, 2],
    // Only delete the replica set with Spec.Replicas = Status.Replicas = 0.
    [[newRSWithStatus('foo-1', 0, 0, sel), newRSWithStatus('foo-2', 0, 1, sel), newRSWithStatus('foo-3', 1, 0, sel), newRSWithStatus('foo-4', 1, 1, sel)], 0, 1],
    [[newRSWithStatus('foo-1', 0, 0, sel), newRSWithStatus('foo-2', 0, 0, sel)], 0, 2],
    [[newRSWithStatus('foo-1', 1, 1, sel), newRSWithStatus('foo-2', 1, 1, sel)], 0, 0],
    [[alreadyDeleted()], 0, 0],
    // with unlimited revisionHistoryLimit
    [[newRSWithStatus('foo-1', 0, 0, sel), newRSWithStatus('foo-2', 0, 0, sel), newRSWithStatus('foo-3', 0, 0, sel)], MaxInt32, 0],
  ])('case %#: limit %s', (oldRSs, limit, expectedDeletions) => {
    const dc = new FakeDeploymentContext();
    cleanupDeployment(dc, oldRSs, newDeployment('foo', 1, limit, undefined, undefined, sel));
    expect(dc.actions.filter((a) => a.verb === 'delete')).toHaveLength(expectedDeletions);
  });

  it('deletes the lowest revisions first and skips replica sets whose status lags their generation', () => {
    const withRev = (name: string, rev: string) => {
      const r = newRSWithStatus(name, 0, 0, sel);
      r.metadata.annotations = { [RevisionAnnotation]: rev };
      return r;
    };
    const lagging = withRev('lagging', '1');
    lagging.metadata.generation = 2;
    lagging.status.observedGeneration = 1;
    const dc = new FakeDeploymentContext();
    cleanupDeployment(dc, [withRev('r5', '5'), withRev('r3', '3'), lagging, withRev('r4', '4')], newDeployment('foo', 1, 2, undefined, undefined, sel));
    expect(dc.actions.map((a) => `${a.verb} ${a.object.metadata.name}`)).toEqual(['delete r3']);
  });
});

describe('getNewReplicaSet', () => {
  const d0 = () => {
    const d = newDeployment('web', 3, undefined, '25%', '25%', { app: 'web' });
    d.spec.progressDeadlineSeconds = 600;
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'first', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    return d;
  };

  it('creates <deployment>-<hash> with the hash label, annotations, condition and event', () => {
    const dc = new FakeDeploymentContext();
    const d = d0();
    const old = rs('web-old', 3, { app: 'web' }, oldTimestamp);
    old.metadata.annotations = { [RevisionAnnotation]: '4' };
    old.spec.template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'foo', image: 'foo/old' }] } };
    const created = getNewReplicaSet(dc, d, [old], [old], true)!;
    const hash = computeHash(d.spec.template);
    expect(created.metadata.name).toBe(`web-${hash}`);
    expect(created.metadata.labels).toEqual({ app: 'web', [DefaultDeploymentUniqueLabelKey]: hash });
    // 3 replicas, 25% surge -> 1: 4 pods allowed, the old RS has 3.
    expect(created.spec.replicas).toBe(1);
    expect(created.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'first',
      [RevisionAnnotation]: '5',
      [DesiredReplicasAnnotation]: '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(dc.events.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 1`]);
    expect(d.metadata.annotations![RevisionAnnotation]).toBe('5');
    expect(d.status.conditions).toEqual([
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"`, lastUpdateTime: '2017-02-15T18:49:00Z', lastTransitionTime: '2017-02-15T18:49:00Z' },
    ]);
  });

  it('bumps collisionCount when the name is taken by another template, and fails the sync', () => {
    const dc = new FakeDeploymentContext();
    const d = d0();
    const hash = computeHash(d.spec.template);
    const squatter = rs(`web-${hash}`, 1, { app: 'web' }, oldTimestamp);
    squatter.spec.template = { metadata: { labels: { app: 'other' } }, spec: {} };
    dc.replicaSets.set(squatter.metadata.name, squatter);
    expect(() => getNewReplicaSet(dc, d, [], [], true)).toThrow(/already exists/);
    expect(d.status.collisionCount).toBe(1);
    expect(dc.actions.map((a) => `${a.verb} ${a.resource}/${a.subresource}`)).toEqual(['update deployments/status']);
    // The next sync hashes with the collision count and gets another name.
    const next = getNewReplicaSet(dc, d, [], [], true)!;
    expect(next.metadata.name).toBe(`web-${computeHash(d.spec.template, 1)}`);
  });

  it('takes an existing replica set of its own with the same template (AlreadyExists from a slow cache)', () => {
    const dc = new FakeDeploymentContext();
    const d = d0();
    const hash = computeHash(d.spec.template);
    const mine = rs(`web-${hash}`, 1, { app: 'web' }, oldTimestamp);
    mine.spec.template = { ...JSON.parse(JSON.stringify(d.spec.template)) };
    mine.spec.template.metadata.labels[DefaultDeploymentUniqueLabelKey] = hash;
    mine.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true }];
    dc.replicaSets.set(mine.metadata.name, mine);
    expect(getNewReplicaSet(dc, d, [], [], true)).toBe(mine);
    expect(dc.events).toEqual([]);
    expect(d.status.collisionCount).toBeUndefined();
  });

  it('syncs an existing new replica set: revision raised above the old ones (rollback keeps the history), minReadySeconds', () => {
    const dc = new FakeDeploymentContext();
    const d = d0();
    d.spec.minReadySeconds = 5;
    const existing = rs('web-abc', 3, { app: 'web' }, oldTimestamp);
    existing.spec.template = JSON.parse(JSON.stringify(d.spec.template));
    existing.metadata.annotations = { [RevisionAnnotation]: '1' };
    const old = rs('web-def', 0, { app: 'web' }, newTimestamp);
    old.metadata.annotations = { [RevisionAnnotation]: '2' };
    old.spec.template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'x', image: 'y' }] } };
    const list = [existing, old];
    const out = getNewReplicaSet(dc, d, list, [old], false)!;
    expect(out.metadata.annotations![RevisionAnnotation]).toBe('3');
    expect(out.metadata.annotations![RevisionHistoryAnnotation]).toBe('1');
    expect(out.spec.minReadySeconds).toBe(5);
    expect(list[0]).toBe(out);
    // A second pass finds nothing to do but copy the revision to the deployment.
    const again = getNewReplicaSet(dc, d, list, [old], false)!;
    expect(again.metadata.name).toBe('web-abc');
    expect(d.metadata.annotations![RevisionAnnotation]).toBe('3');
    expect(d.status.conditions[0]).toMatchObject({ type: 'Progressing', reason: 'FoundNewReplicaSet', message: 'Found new replica set "web-abc"' });
    expect(dc.actions.map((a) => `${a.verb} ${a.resource}`)).toEqual(['update replicasets', 'update deployments']);
  });
});

describe('calculateStatus and syncDeploymentStatus', () => {
  it('sums the replica sets, omits zero counters and sets Available', () => {
    const d = newDeployment('foo', 10, undefined, 3, 2);
    d.metadata.generation = 4;
    const a = rs('a', 7, undefined, '');
    a.status = { replicas: 7, readyReplicas: 7, availableReplicas: 6 };
    const b = rs('b', 5, undefined, '');
    b.status = { replicas: 5, readyReplicas: 2, availableReplicas: 1 };
    const s = calculateStatus([a, b], b, d, Date.parse('2025-03-03T09:00:00Z'));
    expect(s).toEqual({
      observedGeneration: 4,
      replicas: 12,
      updatedReplicas: 5,
      readyReplicas: 9,
      availableReplicas: 7,
      unavailableReplicas: 5,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: '2025-03-03T09:00:00Z', lastTransitionTime: '2025-03-03T09:00:00Z' },
      ],
    });
    const empty = calculateStatus([], undefined, newDeployment('z', 0), 0);
    expect(Object.keys(empty)).toEqual(['observedGeneration', 'conditions']);
    expect(empty.conditions[0].reason).toBe('MinimumReplicasAvailable');
  });

  it('writes only when something changed', () => {
    const dc = new FakeDeploymentContext();
    const d = newDeployment('foo', 1, undefined, 1, 0);
    const r = rs('a', 1, undefined, '');
    r.status = { replicas: 1, availableReplicas: 1, readyReplicas: 1 };
    syncDeploymentStatus(dc, [r], r, d);
    syncDeploymentStatus(dc, [r], r, d);
    expect(dc.actions).toHaveLength(1);
    expect(d.status.conditions[0]).toMatchObject({ type: 'Available', status: 'True', message: 'Deployment has minimum availability.' });
  });
});

describe('isScalingEvent and checkPausedConditions', () => {
  it('a scaling event is an active replica set sized for other replicas', () => {
    const d = newDeployment('foo', 5, undefined, 1, 0, { app: 'foo' });
    const r = rs('foo-1', 3, { app: 'foo' }, '');
    r.spec.template = JSON.parse(JSON.stringify(d.spec.template));
    r.metadata.annotations = { [RevisionAnnotation]: '1', [DesiredReplicasAnnotation]: '3' };
    expect(isScalingEvent(new FakeDeploymentContext(), d, [r])).toBe(true);
    r.metadata.annotations[DesiredReplicasAnnotation] = '5';
    expect(isScalingEvent(new FakeDeploymentContext(), d, [r])).toBe(false);
    delete r.metadata.annotations[DesiredReplicasAnnotation];
    expect(isScalingEvent(new FakeDeploymentContext(), d, [r])).toBe(false);
  });

  it.each([
    ['pausing', true, undefined, 'DeploymentPaused', 'Deployment is paused'],
    ['resuming', false, 'DeploymentPaused', 'DeploymentResumed', 'Deployment is resumed'],
    ['a timed out deployment keeps its condition', true, 'ProgressDeadlineExceeded', 'ProgressDeadlineExceeded', undefined],
    ['nothing to do', false, 'ReplicaSetUpdated', 'ReplicaSetUpdated', undefined],
  ])('%s', (_name, paused, reason, expectedReason, message) => {
    const dc = new FakeDeploymentContext();
    const d = newDeployment('foo', 1);
    d.spec.progressDeadlineSeconds = 600;
    d.spec.paused = paused;
    if (reason) d.status = { conditions: [{ type: 'Progressing', status: 'True', reason }] };
    checkPausedConditions(dc, d);
    const cond = d.status.conditions?.find((c: { type: string }) => c.type === 'Progressing');
    expect(cond?.reason).toBe(expectedReason);
    if (message) {
      expect(cond).toMatchObject({ status: 'Unknown', message });
      expect(dc.actions).toHaveLength(1);
    } else expect(dc.actions).toHaveLength(0);
  });
});
