/**
 * Recreate: Kubernetes' pkg/controller/deployment/recreate.go (v1.32) re-expressed. Old replica
 * sets go to 0; the new one is created and scaled up only once no old pod is left running
 * (terminating pods count as running until they are gone).
 */
import type { KObject } from '../../api/types';
import type { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import { deploymentComplete, filterActiveReplicaSets, getActualReplicaCountForReplicaSets, specReplicas, type Deployment, type ReplicaSet } from './util';

/** rolloutRecreate: scale old replica sets down, wait for their pods to go, then create and scale up the new one. */
export function rolloutRecreate(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): void {
  // Don't create a new RS if not already existed, so that we avoid scaling up before scaling down.
  let [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs: Array<ReplicaSet | undefined> = [...oldRSs, newRS];
  const activeOldRSs = filterActiveReplicaSets(oldRSs);

  if (scaleDownOldReplicaSetsForRecreate(dc, activeOldRSs, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  // Do not process a deployment when it has old pods running.
  if (oldPodsRunning(newRS, oldRSs, (rs) => dc.podsOf(rs))) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
    allRSs = [...oldRSs, newRS];
  }
  scaleUpNewReplicaSetForRecreate(dc, newRS!, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

/** scaleDownOldReplicaSetsForRecreate: every old replica set to 0; true if any was scaled. */
export function scaleDownOldReplicaSetsForRecreate(dc: DeploymentContext, oldRSs: ReplicaSet[], d: Deployment): boolean {
  let scaled = false;
  for (let i = 0; i < oldRSs.length; i++) {
    if (specReplicas(oldRSs[i]) === 0) continue;
    const [did, updated] = scaleReplicaSetAndRecordEvent(dc, oldRSs[i], 0, d);
    if (did) {
      oldRSs[i] = updated;
      scaled = true;
    }
  }
  return scaled;
}

/**
 * oldPodsRunning: whether an old replica set still reports pods (status.replicas) or still
 * controls a pod that has not finished (Succeeded and Failed pods do not count; Unknown does).
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podsOf: (rs: ReplicaSet) => KObject[]): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    for (const pod of podsOf(rs)) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

/** scaleUpNewReplicaSetForRecreate: the new replica set to spec.replicas at once. */
export function scaleUpNewReplicaSetForRecreate(dc: DeploymentContext, newRS: ReplicaSet, d: Deployment): boolean {
  return scaleReplicaSetAndRecordEvent(dc, newRS, specReplicas(d), d)[0];
}
