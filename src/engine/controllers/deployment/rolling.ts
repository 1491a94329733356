/**
 * RollingUpdate: Kubernetes' pkg/controller/deployment/rolling.go (v1.32) re-expressed. Each sync
 * takes one step — scale the new replica set up within maxSurge, or else scale old ones down
 * within maxUnavailable — and the replica sets' status changes bring the next sync.
 */
import { isApiError } from '../../api/errors';
import type { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import {
  byCreationTimestamp,
  sortInPlace,
  deploymentComplete,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  type Deployment,
  type ReplicaSet,
} from './util';

/**
 * A scale request the rolling-update arithmetic refuses (upstream's fmt.Errorf "got invalid request
 * to scale down"). It happens when a ReplicaSet's status is older than its spec: after the
 * proportional scale-down 18 -> 11 the old ReplicaSet has spec 7 but still reports 11 available,
 * so cleanupUnhealthyReplicas computes 7 - (7 - 11) = 11. reconcileOldReplicaSets ignores the
 * error (returns false, nil) and the ReplicaSet's next status update brings the next attempt.
 */
export class InvalidScaleRequest extends Error {
  /** Made without a stack trace: a rollout throws (and ignores) thousands of these. */
  constructor(message: string) {
    const limit = (Error as { stackTraceLimit?: number }).stackTraceLimit;
    (Error as { stackTraceLimit?: number }).stackTraceLimit = 0;
    super(message);
    (Error as { stackTraceLimit?: number }).stackTraceLimit = limit;
  }
}

/**
 * rolloutRolling: creates the new replica set if needed, then scales it up if it can; if not,
 * scales old ones down if it can; when neither moves and the rollout is complete, deletes old
 * replica sets beyond revisionHistoryLimit. The status is written in every case.
 */
export function rolloutRolling(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): void {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];

  if (reconcileNewReplicaSet(dc, allRSs, newRS!, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (reconcileOldReplicaSets(dc, allRSs, filterActiveReplicaSets(oldRSs), newRS!, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

/**
 * reconcileNewReplicaSet: scales the new replica set toward spec.replicas as far as maxSurge
 * allows (NewRSNewReplicas), or down to spec.replicas if it is larger. True if it scaled.
 */
export function reconcileNewReplicaSet(dc: DeploymentContext, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return scaleReplicaSetAndRecordEvent(dc, newRS, replicas, d)[0];
  const newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(dc, newRS, newReplicasCount, d)[0];
}

/**
 * reconcileOldReplicaSets: scales old replica sets down as far as availability allows.
 *
 *   maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount
 *
 * counts the surge already created and the new pods not yet available, so that unavailable new
 * pods never let old ones go. 10 replicas, maxUnavailable 2, maxSurge 3: the new RS is created
 * with 3, the old one scaled to 8, the new one to 5; if the new pods crashloop, 13 - 8 - 5 = 0:
 * nothing more goes even if an old pod fails. After `rollout undo` back to the old template the
 * crashlooping RS is "old": 13 - 8 - 1 = 4 of its pods can go. Rolling over to a third template
 * instead, the new RS starts at 0 (13 pods already), so 13 - 8 - 0 = 5 may go from the two old
 * ones. Unhealthy old replicas go first (cleanupUnhealthyReplicas), since that costs nothing.
 */
export function reconcileOldReplicaSets(dc: DeploymentContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;

  // Upstream ignores errors from these two steps (returns false, nil): the sync goes on to the
  // status, and the replica set events bring the next attempt.
  let cleanup: [ReplicaSet[], number];
  try {
    cleanup = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  } catch (e) {
    if (isApiError(e) || e instanceof InvalidScaleRequest) return false;
    throw e;
  }
  const [cleanedOldRSs, cleanupCount] = cleanup;
  let scaledDownCount: number;
  try {
    scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleanedOldRSs, newRS], cleanedOldRSs, d);
  } catch (e) {
    if (isApiError(e) || e instanceof InvalidScaleRequest) return false;
    throw e;
  }
  return cleanupCount + scaledDownCount > 0;
}

/**
 * cleanupUnhealthyReplicas: scales old replica sets (oldest first) down by their unavailable
 * replicas, at most `maxCleanupCount` in all; the ReplicaSet controller deletes not-ready,
 * unscheduled and pending pods first, so availability does not drop. 10 replicas of which 8
 * available, limit 1: 10 -> 9. Returns the replica sets (updated) and how many went.
 */
export function cleanupUnhealthyReplicas(dc: DeploymentContext, oldRSs: ReplicaSet[], d: Deployment, maxCleanupCount: number): [ReplicaSet[], number] {
  sortInPlace(oldRSs, byCreationTimestamp);
  let totalScaledDown = 0;
  for (let i = 0; i < oldRSs.length; i++) {
    const targetRS = oldRSs[i];
    if (totalScaledDown >= maxCleanupCount) break;
    const replicas = specReplicas(targetRS);
    if (replicas === 0) continue;
    const available = targetRS.status?.availableReplicas ?? 0;
    if (replicas === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, replicas - available);
    const newReplicasCount = replicas - scaledDownCount;
    if (newReplicasCount > replicas)
      throw new InvalidScaleRequest(`when cleaning up unhealthy replicas, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${replicas} -> ${newReplicasCount}`);
    const [, updated] = scaleReplicaSetAndRecordEvent(dc, targetRS, newReplicasCount, d);
    totalScaledDown += scaledDownCount;
    oldRSs[i] = updated;
  }
  return [oldRSs, totalScaledDown];
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: scales old replica sets (oldest first) down by the
 * available pods above minAvailable. 10 replicas, maxUnavailable 2, 10 available: 2 go (10 -> 8);
 * only 8 available: none. Returns how many went.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(dc: DeploymentContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): number {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  sortInPlace(oldRSs, byCreationTimestamp);
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const targetRS of oldRSs) {
    if (totalScaledDown >= totalScaleDownCount) break;
    const replicas = specReplicas(targetRS);
    if (replicas === 0) continue;
    const scaleDownCount = Math.min(replicas, totalScaleDownCount - totalScaledDown);
    const newReplicasCount = replicas - scaleDownCount;
    if (newReplicasCount > replicas)
      throw new InvalidScaleRequest(`when scaling down old RS, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${replicas} -> ${newReplicasCount}`);
    scaleReplicaSetAndRecordEvent(dc, targetRS, newReplicasCount, d);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
