/**
 * Rollout progress: Kubernetes' pkg/controller/deployment/progress.go (v1.32) re-expressed. The
 * Progressing condition records progress (ReplicaSetUpdated), completion (NewReplicaSetAvailable)
 * and, after progressDeadlineSeconds without progress, ProgressDeadlineExceeded. Nothing polls:
 * a rollout without progress is queued again exactly when its deadline passes.
 */
import { parseTime } from '../../api/time';
import { writeDeploymentStatus, type DeploymentContext } from './context';
import { calculateStatus, statusEqual } from './sync';
import {
  NewRSAvailableReason,
  ReplicaSetUpdatedReason,
  TimedOutReason,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  progressDeadlineSecondsOf,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
  type Deployment,
  type DeploymentCondition,
  type DeploymentStatus,
  type ReplicaSet,
} from './util';

/**
 * syncRolloutStatus: the status during a rollout. With a deadline and the latest rollout not yet
 * complete, Progressing becomes True NewReplicaSetAvailable on completion, is refreshed (True
 * ReplicaSetUpdated, new lastUpdateTime, same lastTransitionTime) on any progress, or turns False
 * ProgressDeadlineExceeded once the deadline has passed. ReplicaFailure conditions of the replica
 * sets are promoted. An unchanged status is not written; the deployment is requeued for its
 * deadline instead.
 */
export function syncRolloutStatus(dc: DeploymentContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): void {
  const newStatus = calculateStatus(allRSs, newRS, d, dc.now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, 'Progressing');

  // One active replica set with a completed Progressing condition: a resync, not a rollout.
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment = (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === NewRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'True', NewRSAvailableReason, msg, dc.now));
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const condition = newDeploymentCondition('Progressing', 'True', ReplicaSetUpdatedReason, msg, dc.now);
      // Same reason, new lastUpdateTime: SetDeploymentCondition would keep the old condition,
      // so the current one is removed first; a True status keeps its lastTransitionTime.
      if (currentCond) {
        if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, 'Progressing');
      }
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, dc.now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'False', TimedOutReason, msg, dc.now));
    }
  }

  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length) setDeploymentCondition(newStatus, failures[0]);
  else removeDeploymentCondition(newStatus, 'ReplicaFailure');

  if (statusEqual(d.status, newStatus)) {
    requeueStuckDeployment(dc, d, newStatus);
    return;
  }
  d.status = newStatus;
  writeDeploymentStatus(dc, d);
}

/** getReplicaFailures: ReplicaFailure conditions of the new replica set, else of any replica set. */
export function getReplicaFailures(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const out: DeploymentCondition[] = [];
  for (const c of newRS?.status?.conditions ?? []) if (c.type === 'ReplicaFailure') out.push(replicaSetToDeploymentCondition(c));
  if (out.length) return out;
  for (const rs of allRSs) for (const c of rs?.status?.conditions ?? []) if (c.type === 'ReplicaFailure') out.push(replicaSetToDeploymentCondition(c));
  return out;
}

/**
 * requeueStuckDeployment: queues a rollout that shows no progress for the moment its deadline
 * passes: lastUpdateTime + progressDeadlineSeconds - now, plus a second (upstream adds it against
 * clock skew; it also makes the check land strictly after the deadline). Updated 3 minutes ago
 * with a 10 minute deadline: in 7 minutes and 1 second. Returns the delay before the extra
 * second, 0 when under a second is left, or -1 when no check is needed.
 *
 * Two departures from upstream, which cannot change an outcome: under a second left, upstream
 * re-adds the key rate-limited (5 ms, and again after every successful sync: a busy loop until
 * the deadline); Podium waits the remainder plus a second, like the general case. And a
 * Progressing condition of NewReplicaSetAvailable never times out (DeploymentTimedOut), so
 * checking it again would only spin; it is not requeued.
 */
export function requeueStuckDeployment(dc: DeploymentContext, d: Deployment, newStatus: DeploymentStatus): number {
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !currentCond) return -1;
  if (deploymentComplete(d, newStatus) || currentCond.reason === TimedOutReason) return -1;
  const from = parseTime(currentCond.lastUpdateTime);
  if (Number.isNaN(from)) return -1;
  const after = from + progressDeadlineSecondsOf(d) * 1000 - dc.now;
  if (after < 1000) {
    if (currentCond.reason !== NewRSAvailableReason) dc.enqueueAfter(d, Math.max(after, 0) + 1000);
    return 0;
  }
  if (currentCond.reason !== NewRSAvailableReason) dc.enqueueAfter(d, after + 1000);
  return after;
}
