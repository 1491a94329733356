/**
 * The deprecated server-side rollback: Kubernetes' pkg/controller/deployment/rollback.go (v1.32)
 * re-expressed. apps/v1 has no spec.rollbackTo, but the `deprecated.deployment.rollback.to`
 * annotation still triggers it (kubectl's `rollout undo` is client-side and uses the helpers
 * at the end of util.ts instead).
 */
import type { DeploymentContext } from './context';
import { getAllReplicaSetsAndSyncRevision } from './sync';
import {
  RollbackDone,
  RollbackRevisionNotFound,
  RollbackTemplateUnchanged,
  clearRollbackTo,
  equalIgnoreHash,
  getRollbackTo,
  lastRevision,
  revision,
  setDeploymentAnnotationsTo,
  setFromReplicaSetTemplate,
  type Deployment,
  type ReplicaSet,
} from './util';

/**
 * rollback: goes back to the requested revision (0: the previous one) by copying that replica
 * set's template and annotations into the deployment, and clears the request in any case.
 */
export function rollback(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): void {
  const [newRS, allOldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = [...allOldRSs, newRS].filter((rs): rs is ReplicaSet => !!rs);
  let to = getRollbackTo(d) ?? 0;
  if (to === 0) {
    to = lastRevision(allRSs);
    if (to === 0) {
      dc.event(d, 'Warning', RollbackRevisionNotFound, 'Unable to find last revision.');
      updateDeploymentAndClearRollbackTo(dc, d);
      return;
    }
  }
  for (const rs of allRSs) {
    const v = revision(rs);
    if (Number.isNaN(v) || v !== to) continue;
    if (rollbackToTemplate(dc, d, rs)) dc.event(d, 'Normal', RollbackDone, `Rolled back deployment "${d.metadata.name}" to revision ${to}`);
    return;
  }
  dc.event(d, 'Warning', RollbackRevisionNotFound, 'Unable to find the revision to rollback to.');
  updateDeploymentAndClearRollbackTo(dc, d);
}

/**
 * rollbackToTemplate: takes the replica set's template and annotations if its template differs
 * (otherwise a DeploymentRollbackTemplateUnchanged warning); clears the request; true if rolled back.
 */
export function rollbackToTemplate(dc: DeploymentContext, d: Deployment, rs: ReplicaSet): boolean {
  let performed = false;
  if (!equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
    setFromReplicaSetTemplate(d, rs.spec?.template);
    // The old replica set's annotations (change-cause, ...) come back with its template.
    setDeploymentAnnotationsTo(d, rs);
    performed = true;
  } else {
    dc.event(d, 'Warning', RollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
  }
  updateDeploymentAndClearRollbackTo(dc, d);
  return performed;
}

/** updateDeploymentAndClearRollbackTo: removes the rollbackTo annotation and updates the deployment. */
export function updateDeploymentAndClearRollbackTo(dc: DeploymentContext, d: Deployment): void {
  clearRollbackTo(d);
  dc.updateDeployment(d);
}
