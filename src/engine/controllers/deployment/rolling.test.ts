// Tables from upstream's pkg/controller/deployment/rolling_test.go (v1.32), re-expressed.
import { describe, expect, it } from 'vitest';
import { cleanupUnhealthyReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets, rolloutRolling, scaleDownOldReplicaSetsForRollingUpdate } from './rolling';
import { FakeDeploymentContext, newDeployment, rs } from './testing';
import { DefaultDeploymentUniqueLabelKey, DesiredReplicasAnnotation, MaxReplicasAnnotation, RevisionAnnotation } from './util';

describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  it.each([
    // deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNewReplicas
    ['should not scale up', 10, 0, 10, 0, false, 0],
    ['surge 2: 0 -> 2', 10, 2, 10, 0, true, 2],
    ['surge 2, old at 5: 0 -> 7', 10, 2, 5, 0, true, 7],
    ['surge used up', 10, 2, 10, 2, false, 0],
    ['should scale down', 10, 2, 2, 11, true, 10],
  ])('%s', (_name, deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNewReplicas) => {
    const newRS = rs('foo-v2', newReplicas, undefined, '');
    const oldRS = rs('foo-v1', oldReplicas, undefined, '');
    const d = newDeployment('foo', deploymentReplicas, undefined, maxSurge, 0, { foo: 'bar' });
    const dc = new FakeDeploymentContext();
    const scaled = reconcileNewReplicaSet(dc, [newRS, oldRS], newRS, d);
    expect(scaled).toBe(scaleExpected);
    if (!scaleExpected) {
      expect(dc.actions).toEqual([]);
      return;
    }
    expect(dc.actions).toHaveLength(1);
    expect(dc.actions[0].object.spec.replicas).toBe(expectedNewReplicas);
  });
});

describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  it.each([
    // deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, readyFromOld, readyFromNew, scaleExpected, expectedOldReplicas
    ['maxUnavailable 0: one goes', 10, 0, 10, 0, 10, 0, true, 9],
    ['maxUnavailable 2: two go', 10, 2, 10, 0, 10, 0, true, 8],
    ['unhealthy old replicas are cleaned up', 10, 2, 10, 0, 8, 0, true, 8],
    ['1 unhealthy cleaned up and 1 ready scaled down', 10, 2, 10, 0, 9, 0, true, 8],
    ['unavailable new pods do not let old ones go', 10, 2, 8, 2, 8, 0, false, 8],
  ])('%s', (_name, replicas, maxUnavailable, oldReplicas, newReplicas, readyOld, readyNew, scaleExpected, expectedOld) => {
    const newRS = rs('foo-new', newReplicas, { foo: 'new' }, '');
    newRS.status = { availableReplicas: readyNew };
    const oldRS = rs('foo-old', oldReplicas, { foo: 'old' }, '');
    oldRS.status = { availableReplicas: readyOld };
    const d = newDeployment('foo', replicas, undefined, 0, maxUnavailable, { foo: 'new' });
    const dc = new FakeDeploymentContext();
    expect(reconcileOldReplicaSets(dc, [oldRS, newRS], [oldRS], newRS, d)).toBe(scaleExpected);
    expect(dc.updatedSizes()['foo-old'] ?? oldReplicas).toBe(expectedOld);
  });
});

describe('reconcileOldReplicaSets with a ReplicaSet status older than its spec', () => {
  // Regression (found by test/engine/rollout-invariants): 10 replicas, surge 3, unavailable 2, stuck
  // at old 8 + new 5; scaled to 15 (old 11 + new 7), then to 8: proportional scaling sets old 11 -> 7
  // and new 7 -> 4, and the next sync sees the old ReplicaSet still reporting 11 available.
  // cleanupUnhealthyReplicas computes 7 -> 11; upstream returns (false, nil) rather than failing.
  it('ignores the invalid scale request, as upstream does', () => {
    const newRS = rs('foo-new', 4, { foo: 'new' }, '');
    newRS.status = { availableReplicas: 0 };
    const oldRS = rs('foo-old', 7, { foo: 'old' }, '');
    oldRS.status = { availableReplicas: 11 };
    const d = newDeployment('foo', 8, undefined, 3, 2, { foo: 'new' });
    const dc = new FakeDeploymentContext();
    expect(reconcileOldReplicaSets(dc, [oldRS, newRS], [oldRS], newRS, d)).toBe(false);
    expect(dc.actions).toEqual([]);
  });
});

describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  it.each([
    [10, 8, 1, 1],
    [10, 8, 3, 2],
    [10, 8, 0, 0],
    [10, 10, 3, 0],
  ])('old %d, ready %d, max cleanup %d -> %d cleaned up', (oldReplicas, readyPods, maxCleanupCount, expected) => {
    const oldRS = rs('foo-v2', oldReplicas, undefined, '');
    oldRS.status = { availableReplicas: readyPods };
    const d = newDeployment('foo', 10, undefined, 2, 2);
    const dc = new FakeDeploymentContext();
    const [, cleaned] = cleanupUnhealthyReplicas(dc, [oldRS], d, maxCleanupCount);
    expect(cleaned).toBe(expected);
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  it.each([
    // deploymentReplicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOldReplicas
    [10, 0, 10, 10, true, 9],
    [10, 2, 10, 10, true, 8],
    [10, 2, 8, 10, false, 0],
    [10, 2, 10, 0, false, 0],
    [10, 2, 1, 10, false, 0],
  ])('replicas %d, maxUnavailable %d, ready %d, old %d', (replicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOld) => {
    const oldRS = rs('foo-v2', oldReplicas, undefined, '');
    oldRS.status = { availableReplicas: readyPods };
    const d = newDeployment('foo', replicas, undefined, 0, maxUnavailable, { foo: 'bar' });
    const dc = new FakeDeploymentContext();
    const scaled = scaleDownOldReplicaSetsForRollingUpdate(dc, [oldRS], [oldRS], d);
    if (!scaleExpected) {
      expect(scaled).toBe(0);
      return;
    }
    expect(scaled).toBeGreaterThan(0);
    const updates = dc.actions.filter((a) => a.verb === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0].object.spec.replicas).toBe(expectedOld);
  });
});

describe('rolloutRolling', () => {
  it('creates the new replica set with the surge and records it (TestSyncDeploymentCreatesReplicaSet)', () => {
    const d = newDeployment('foo', 1, undefined, undefined, undefined, { foo: 'bar' });
    d.spec.progressDeadlineSeconds = 600;
    const dc = new FakeDeploymentContext();
    rolloutRolling(dc, d, []);
    expect(dc.actions.map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`)).toEqual([
      'create replicasets',
      'update deployments/status',
      'update deployments/status',
    ]);
    const created = dc.actions[0].object;
    const hash = created.metadata.labels![DefaultDeploymentUniqueLabelKey];
    expect(created.metadata.name).toBe(`foo-${hash}`);
    expect(created.spec.selector.matchLabels).toEqual({ foo: 'bar', [DefaultDeploymentUniqueLabelKey]: hash });
    expect(created.spec.template.metadata.labels).toEqual({ foo: 'bar', [DefaultDeploymentUniqueLabelKey]: hash });
    expect(created.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: 'foo-uid', controller: true, blockOwnerDeletion: true }]);
    // maxSurge 0 and maxUnavailable 0 resolve to 0 and 1: nothing to surge into, 1 replica wanted.
    expect(created.spec.replicas).toBe(1);
    expect(created.metadata.annotations).toEqual({ [RevisionAnnotation]: '1', [DesiredReplicasAnnotation]: '1', [MaxReplicasAnnotation]: '1' });
    expect(dc.events).toEqual([{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set foo-${hash} from 0 to 1` }]);
    const status = dc.actions[2].object.status;
    expect(status.conditions.map((c: { type: string; reason: string }) => `${c.type}=${c.reason}`)).toEqual([
      'Progressing=NewReplicaSetCreated',
      // maxUnavailable resolved to 1 of 1 replica: 0 available pods are enough.
      'Available=MinimumReplicasAvailable',
    ]);
    expect(dc.actions[1].object.metadata.annotations![RevisionAnnotation]).toBe('1');
  });
});
