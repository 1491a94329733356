// Tables from upstream's pkg/controller/deployment/progress_test.go (v1.32), re-expressed.
import { describe, expect, it } from 'vitest';
import { requeueStuckDeployment, syncRolloutStatus } from './progress';
import { FakeDeploymentContext, newRSWithAvailable } from './testing';
import { MaxInt32, NewRSAvailableReason, ReplicaSetUpdatedReason, TimedOutReason, getDeploymentCondition, type DeploymentCondition } from './util';
import type { KObject } from '../../api/types';

/** currentDeployment as in upstream: a Recreate deployment whose status is given (assumed observed). */
function currentDeployment(pds: number | undefined, replicas: number, statusReplicas: number, updated: number, available: number, conditions?: DeploymentCondition[]): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'progress-test', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '' },
    spec: { progressDeadlineSeconds: pds ?? MaxInt32, replicas, strategy: { type: 'Recreate' } },
    status: { replicas: statusReplicas, updatedReplicas: updated, availableReplicas: available, ...(conditions ? { conditions } : {}) },
  };
}

const at = (h: number, m: number, s: number, ms = 0) => Date.UTC(2017, 1, 15, h, m, s, ms);

describe('requeueStuckDeployment (TestRequeueStuckDeployment)', () => {
  const failed: DeploymentCondition[] = [{ type: 'Progressing', status: 'False', reason: TimedOutReason }];
  const stuck: DeploymentCondition[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: '2017-02-15T18:49:00Z' }];
  const s = (replicas: number, updatedReplicas: number, availableReplicas: number) => ({ replicas, updatedReplicas, availableReplicas });
  it.each([
    ['nil progressDeadlineSeconds specified', currentDeployment(undefined, 4, 3, 3, 2), s(3, 3, 2), at(18, 49, 0), -1, undefined],
    ['no progressing condition found', currentDeployment(60, 4, 3, 3, 2), s(3, 3, 2), at(18, 49, 0), -1, undefined],
    ['complete deployment does not need to be requeued', currentDeployment(60, 3, 3, 3, 3), s(3, 3, 3), at(18, 49, 0), -1, undefined],
    ['already failed deployment does not need to be requeued', currentDeployment(60, 3, 3, 3, 0, failed), s(3, 3, 0), at(18, 49, 0), -1, undefined],
    ['stuck deployment - 30s', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 49, 30), 30_000, 31_000],
    ['stuck deployment - 1s', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 49, 59), 1_000, 2_000],
    ['failed deployment - less than a second => now', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 49, 59, 1), 0, 1_999],
    ['failed deployment - now', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 50, 0), 0, 1_000],
    ['failed deployment - 1s after deadline', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 50, 1), 0, 1_000],
    ['failed deployment - 60s after deadline', currentDeployment(60, 3, 3, 3, 1, stuck), s(3, 3, 1), at(18, 51, 0), 0, 1_000],
  ])('%s', (_name, d, status, now, expected, enqueuedAfter) => {
    const dc = new FakeDeploymentContext();
    dc.now = now;
    expect(requeueStuckDeployment(dc, d, status)).toBe(expected);
    expect(dc.enqueued).toEqual(enqueuedAfter === undefined ? [] : [enqueuedAfter]);
  });

  it('does not spin on a completed rollout whose condition can never time out', () => {
    const dc = new FakeDeploymentContext();
    dc.now = at(19, 0, 0);
    const d = currentDeployment(60, 3, 3, 3, 2, [{ type: 'Progressing', status: 'True', reason: NewRSAvailableReason, lastUpdateTime: '2017-02-15T18:49:00Z' }]);
    expect(requeueStuckDeployment(dc, d, s(3, 3, 2))).toBe(0);
    expect(dc.enqueued).toEqual([]);
  });
});

describe('syncRolloutStatus (TestSyncRolloutStatus)', () => {
  const testTime = '2017-02-15T18:49:00Z';
  const failedTimedOut: DeploymentCondition = { type: 'Progressing', status: 'False', reason: TimedOutReason };
  const newRSAvailable: DeploymentCondition = { type: 'Progressing', status: 'True', reason: NewRSAvailableReason, lastUpdateTime: testTime, lastTransitionTime: testTime };
  const replicaSetUpdated: DeploymentCondition = { type: 'Progressing', status: 'True', reason: ReplicaSetUpdatedReason, lastUpdateTime: testTime, lastTransitionTime: testTime };

  it.each([
    ['General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline', currentDeployment(undefined, 3, 2, 2, 2, [replicaSetUpdated]), [newRSWithAvailable('bar', 0, 1, 1)], newRSWithAvailable('foo', 3, 2, 2), undefined, undefined, false, false],
    ['General: do not estimate progress of deployment with only one active ReplicaSet', currentDeployment(60, 3, 3, 3, 3, [newRSAvailable]), [newRSWithAvailable('bar', 3, 3, 3)], undefined, 'True', NewRSAvailableReason, true, true],
    ['DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True', currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]), [newRSWithAvailable('bar', 0, 1, 1)], newRSWithAvailable('foo', 3, 2, 2), 'True', ReplicaSetUpdatedReason, false, true],
    ['DeploymentProgressing: update everything if deployment has Progressing=False', currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]), [newRSWithAvailable('bar', 0, 1, 1)], newRSWithAvailable('foo', 3, 2, 2), 'True', ReplicaSetUpdatedReason, false, false],
    ['DeploymentProgressing: create Progressing condition if it does not exist', currentDeployment(60, 3, 2, 2, 2, []), [newRSWithAvailable('bar', 0, 1, 1)], newRSWithAvailable('foo', 3, 2, 2), 'True', ReplicaSetUpdatedReason, false, false],
    ['DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True', currentDeployment(60, 3, 3, 3, 3, [replicaSetUpdated]), [], newRSWithAvailable('foo', 3, 3, 3), 'True', NewRSAvailableReason, false, true],
    ['DeploymentComplete: update everything if deployment has Progressing=False', currentDeployment(60, 3, 3, 3, 3, [failedTimedOut]), [], newRSWithAvailable('foo', 3, 3, 3), 'True', NewRSAvailableReason, false, false],
    ['DeploymentComplete: create Progressing condition if it does not exist', currentDeployment(60, 3, 3, 3, 3, []), [], newRSWithAvailable('foo', 3, 3, 3), 'True', NewRSAvailableReason, false, false],
    ['DeploymentComplete: defend against NPE when newRS=nil', currentDeployment(60, 0, 3, 3, 3, [replicaSetUpdated]), [newRSWithAvailable('foo', 0, 0, 0)], undefined, 'True', NewRSAvailableReason, false, true],
    ['DeploymentTimedOut: update status if rollout exceeds Progress Deadline', currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]), [], newRSWithAvailable('foo', 3, 2, 2), 'False', TimedOutReason, false, false],
    ['DeploymentTimedOut: do not update status if deployment has existing timedOut condition', currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]), [], newRSWithAvailable('foo', 3, 2, 2), 'False', TimedOutReason, true, true],
  ])('%s', (_name, d, allRSs, newRS, status, reason, sameUpdate, sameTransition) => {
    const dc = new FakeDeploymentContext();
    // Upstream's clock for this test is the real now, long after testTime.
    dc.now = Date.parse('2025-03-03T09:00:00Z');
    const before = getDeploymentCondition(d.status, 'Progressing');
    syncRolloutStatus(dc, newRS ? [...allRSs, newRS] : allRSs, newRS, d);
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (status === undefined) {
      expect(cond).toBeUndefined();
      return;
    }
    expect(cond).toMatchObject({ status, reason });
    if (sameUpdate) expect(cond!.lastUpdateTime).toBe(before!.lastUpdateTime);
    else expect(cond!.lastUpdateTime).toBe('2025-03-03T09:00:00Z');
    if (sameTransition) expect(cond!.lastTransitionTime).toBe(before!.lastTransitionTime);
  });

  it('uses the messages of 1.32', () => {
    const dc = new FakeDeploymentContext();
    const d = currentDeployment(60, 3, 3, 1, 1, []);
    syncRolloutStatus(dc, [newRSWithAvailable('web-1', 3, 2, 2)], newRSWithAvailable('web-1', 3, 2, 2), d);
    expect(getDeploymentCondition(d.status, 'Progressing')?.message).toBe('ReplicaSet "web-1" is progressing.');
    const done = currentDeployment(60, 3, 3, 3, 3, []);
    const complete = newRSWithAvailable('web-1', 3, 3, 3);
    syncRolloutStatus(dc, [complete], complete, done);
    expect(getDeploymentCondition(done.status, 'Progressing')?.message).toBe('ReplicaSet "web-1" has successfully progressed.');
    const late = currentDeployment(60, 3, 2, 2, 2, [{ type: 'Progressing', status: 'True', reason: ReplicaSetUpdatedReason, lastUpdateTime: '2017-02-15T18:00:00Z' }]);
    const slow = newRSWithAvailable('web-1', 3, 2, 2);
    syncRolloutStatus(dc, [slow], slow, late);
    expect(getDeploymentCondition(late.status, 'Progressing')).toMatchObject({ status: 'False', message: 'ReplicaSet "web-1" has timed out progressing.' });
    const noRS = currentDeployment(60, 0, 3, 3, 3, []);
    syncRolloutStatus(dc, [], undefined, noRS);
    expect(getDeploymentCondition(noRS.status, 'Progressing')?.message).toBe('Deployment "progress-test" has successfully progressed.');
  });

  it('promotes a ReplicaFailure condition of the new replica set, and removes it when gone', () => {
    const dc = new FakeDeploymentContext();
    const d = currentDeployment(60, 3, 2, 2, 2, []);
    const failing = newRSWithAvailable('web-1', 3, 2, 2);
    failing.status.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-1-x" is forbidden: exceeded quota', lastTransitionTime: testTime }];
    syncRolloutStatus(dc, [failing], failing, d);
    expect(getDeploymentCondition(d.status, 'ReplicaFailure')).toEqual({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-1-x" is forbidden: exceeded quota', lastUpdateTime: testTime, lastTransitionTime: testTime });
    syncRolloutStatus(dc, [newRSWithAvailable('web-1', 3, 2, 2)], newRSWithAvailable('web-1', 3, 2, 2), d);
    expect(getDeploymentCondition(d.status, 'ReplicaFailure')).toBeUndefined();
  });
});
