/**
 * Scaling, the new replica set, revisions, clean-up and status: Kubernetes'
 * pkg/controller/deployment/sync.go (v1.32) re-expressed. Functions take the controller (`dc`)
 * as their first argument where upstream has a method receiver, and mutate the deployment copy
 * `d` in place as upstream does; stored objects are cloned before any change.
 */
import { isApiError, type ApiError } from '../../api/errors';
import { controllerRef, type KObject } from '../../api/types';
import { clone, deepEqual } from '../../sim/dev';
import { writeDeploymentStatus, type DeploymentContext } from './context';
import {
  DefaultDeploymentUniqueLabelKey,
  FailedRSCreateReason,
  FoundNewRSReason,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewReplicaSetReason,
  PausedDeployReason,
  ResumedDeployReason,
  RevisionAnnotation,
  TimedOutReason,
  bySizeNewer,
  bySizeOlder,
  byRevision,
  cloneAndAddLabel,
  cloneSelectorAndAddLabel,
  computeHash,
  equalIgnoreHash,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  getProportion,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getRollbackTo,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevHistoryLengthInChars,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minReadySecondsOf,
  newDeploymentCondition,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  revisionHistoryLimitOf,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
} from './util';

/** syncStatusOnly: a deployment being deleted only gets its status refreshed. */
export function syncStatusOnly(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): void {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * sync: reconciles a scaling event or a paused deployment: scales (proportionally when several
 * replica sets are active), cleans up old replica sets while paused, and writes the status.
 */
export function sync(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): void {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  // Clean up the deployment when it's paused and no rollback is in flight.
  if (d.spec?.paused && getRollbackTo(d) === undefined) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: sets Progressing Unknown DeploymentPaused when paused and
 * DeploymentResumed when resumed, so that a resumed deployment is not reported as timed out for
 * the time it spent paused. A ProgressDeadlineExceeded condition is never overwritten.
 */
export function checkPausedConditions(dc: DeploymentContext, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === TimedOutReason) return;
  const pausedCondExists = cond?.reason === PausedDeployReason;
  let needsUpdate = false;
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists) {
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', dc.now));
    needsUpdate = true;
  } else if (!d.spec?.paused && pausedCondExists) {
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', dc.now));
    needsUpdate = true;
  }
  if (needsUpdate) writeDeploymentStatus(dc, d);
}

/**
 * getAllReplicaSetsAndSyncRevision: [newRS (undefined if it does not exist and is not to be
 * created), all old replica sets]. The new replica set's revision becomes max(old revisions) + 1
 * if it is lower, and the deployment's revision annotation follows it.
 */
export function getAllReplicaSetsAndSyncRevision(
  dc: DeploymentContext,
  d: Deployment,
  rsList: ReplicaSet[],
  createIfNotExisted: boolean,
): [ReplicaSet | undefined, ReplicaSet[]] {
  const [, allOldRSs] = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, allOldRSs, createIfNotExisted);
  return [newRS, allOldRSs];
}

function replaceInList(rsList: ReplicaSet[], rs: ReplicaSet): void {
  const i = rsList.findIndex((x) => x.metadata.uid === rs.metadata.uid);
  if (i >= 0) rsList[i] = rs;
  else rsList.push(rs);
}

/** The controller reference a Deployment puts on its ReplicaSets (metav1.NewControllerRef). */
export function newControllerRef(d: Deployment): NonNullable<KObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function isNamespaceTerminating(e: ApiError): boolean {
  return (
    !!e.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(e.status.message)
  );
}

/**
 * getNewReplicaSet: the replica set matching the deployment's template, with its annotations
 * and minReadySeconds synced; or, when `createIfNotExisted`, a new one named
 * `<deployment>-<pod-template-hash>`, sized by NewRSNewReplicas. A name taken by a replica set
 * with another template is a hash collision: status.collisionCount is bumped and the sync fails
 * (it is retried with a new hash).
 *
 * Writes to the new replica set replace it in `rsList`, so that a second call in the same sync
 * sees the stored version (upstream re-reads a stale cache, fails with a Conflict and retries).
 */
export function getNewReplicaSet(
  dc: DeploymentContext,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: ReplicaSet[],
  createIfNotExisted: boolean,
): ReplicaSet | undefined {
  const existingNewRS = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  d.status ??= {};

  if (existingNewRS) {
    // Only the annotations and spec.minReadySeconds may change: copy those levels, share the rest
    // (the template, selector and status) with the stored replica set.
    const rsCopy: ReplicaSet = {
      ...existingNewRS,
      metadata: { ...existingNewRS.metadata, ...(existingNewRS.metadata.annotations ? { annotations: { ...existingNewRS.metadata.annotations } } : {}) },
      ...(existingNewRS.spec ? { spec: { ...existingNewRS.spec } } : {}),
    };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, maxRevHistoryLengthInChars);
    const minReadySecondsNeedsUpdate = minReadySecondsOf(rsCopy) !== minReadySecondsOf(d);
    if (annotationsUpdated || minReadySecondsNeedsUpdate) {
      rsCopy.spec ??= {};
      if (minReadySecondsOf(d)) rsCopy.spec.minReadySeconds = minReadySecondsOf(d);
      else delete rsCopy.spec.minReadySeconds;
      const updated = dc.updateReplicaSet(rsCopy);
      replaceInList(rsList, updated);
      return updated;
    }
    // The revision on the replica set is the reliable one: the deployment copies it.
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[RevisionAnnotation] ?? '');
    // A deployment that never recorded progress starts counting from the moment its new
    // replica set is first noticed.
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (hasProgressDeadline(d) && !cond) {
      const msg = `Found new replica set "${rsCopy.metadata.name}"`;
      setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'True', FoundNewRSReason, msg, dc.now));
      needsUpdate = true;
    }
    if (needsUpdate) writeDeploymentStatus(dc, d);
    return rsCopy;
  }

  if (!createIfNotExisted) return undefined;

  // The new ReplicaSet does not exist: create one.
  const template = d.spec?.template ?? {};
  const hash = computeHash(template, d.status.collisionCount);
  const newRSTemplate = clone(template);
  newRSTemplate.metadata = { ...(newRSTemplate.metadata ?? {}), labels: cloneAndAddLabel(template.metadata?.labels, DefaultDeploymentUniqueLabelKey, hash) };
  const newRSSelector = cloneSelectorAndAddLabel(d.spec?.selector, DefaultDeploymentUniqueLabelKey, hash);
  const name = `${d.metadata.name}-${hash}`;
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d)],
      labels: clone(newRSTemplate.metadata.labels),
    } as ReplicaSet['metadata'],
    spec: { replicas: 0, selector: newRSSelector, template: newRSTemplate },
  };
  if (minReadySecondsOf(d)) newRS.spec.minReadySeconds = minReadySecondsOf(d);
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxRevHistoryLengthInChars);

  let alreadyExists = false;
  let createdRS: ReplicaSet;
  try {
    createdRS = dc.createReplicaSet(newRS);
  } catch (e) {
    if (!isApiError(e)) throw e;
    if (e.reason === 'AlreadyExists') {
      // Possibly our own replica set seen late; otherwise a hash collision.
      alreadyExists = true;
      const rs = dc.getReplicaSet(d.metadata.namespace!, name);
      if (!rs) throw e;
      const ref = controllerRef(rs);
      if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(template, rs.spec?.template)) {
        createdRS = rs;
      } else {
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        try {
          writeDeploymentStatus(dc, d);
        } catch (err) {
          if (!isApiError(err)) throw err;
        }
        throw e;
      }
    } else if (isNamespaceTerminating(e)) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${name}": ${e.message}`;
      if (hasProgressDeadline(d)) {
        setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'False', FailedRSCreateReason, msg, dc.now));
        try {
          writeDeploymentStatus(dc, d);
        } catch (err) {
          if (!isApiError(err)) throw err;
        }
      }
      dc.event(d, 'Warning', FailedRSCreateReason, msg);
      throw e;
    }
  }
  if (!alreadyExists) {
    replaceInList(rsList, createdRS);
    if (newReplicasCount > 0) dc.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${newReplicasCount}`);
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const msg = `Created new replica set "${createdRS.metadata.name}"`;
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'True', NewReplicaSetReason, msg, dc.now));
    needsUpdate = true;
  }
  if (needsUpdate) writeDeploymentStatus(dc, d);
  return createdRS;
}

/**
 * scale: reconciles spec.replicas over the replica sets. One active (or none, then the newest)
 * replica set takes spec.replicas; a saturated new replica set leaves the old ones at 0;
 * otherwise, for RollingUpdate, the difference between replicas + maxSurge and what the active
 * replica sets hold is shared among them in proportion to their sizes, the leftover going to
 * the largest. Example: 5 -> 10 replicas mid-rollout, new RS 2 and old RS 3 (both sized for 5):
 * old 3*10/5 = 6, new 2*10/5 = 4. Growing does not hasten the rollout, nor shrinking it.
 */
export function scale(dc: DeploymentContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const replicas = specReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === replicas) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, replicas, d);
    return;
  }

  // A saturated new replica set (e.g. adopted while saturated): old ones go to 0.
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }

  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  // Replicas to add (or remove, when negative), shared by the active replica sets from the
  // largest to the smallest; among equal sizes newer ones grow first and older ones shrink first.
  const toAdd = allowedSize - allRSsReplicas;
  let scalingOperation = '';
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    scalingOperation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    scalingOperation = 'down';
  }
  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      nameToSize.set(rs.metadata.name, specReplicas(rs) + proportion);
      added += proportion;
    } else nameToSize.set(rs.metadata.name, specReplicas(rs));
  }
  allRSs.forEach((rs, i) => {
    let size = nameToSize.get(rs.metadata.name)!;
    // Add or remove any leftover to or from the largest replica set.
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleReplicaSet(dc, rs, size, d, scalingOperation);
  });
}

/** scaleReplicaSetAndRecordEvent: scales a replica set if its size differs; [scaled, replica set]. */
export function scaleReplicaSetAndRecordEvent(dc: DeploymentContext, rs: ReplicaSet, newScale: number, d: Deployment): [boolean, ReplicaSet] {
  if (specReplicas(rs) === newScale) return [false, rs];
  return scaleReplicaSet(dc, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/**
 * scaleReplicaSet: sets spec.replicas and the desired-replicas / max-replicas annotations in one
 * update; a size change is recorded as a ScalingReplicaSet event on the deployment, worded as in
 * 1.31+ (kubernetes PR #125118): `Scaled up replica set web-5d4b9c8f5d from 1 to 3`.
 */
export function scaleReplicaSet(dc: DeploymentContext, rs: ReplicaSet, newScale: number, d: Deployment, scalingOperation: string): [boolean, ReplicaSet] {
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  const desired = specReplicas(d);
  const maxReplicas = desired + maxSurge(d);
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, desired, maxReplicas);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return [false, rs];
  const oldScale = specReplicas(rs);
  const rsCopy = clone(rs);
  rsCopy.spec ??= {};
  rsCopy.spec.replicas = newScale;
  setReplicasAnnotations(rsCopy, desired, maxReplicas);
  const updated = dc.updateReplicaSet(rsCopy);
  if (sizeNeedsUpdate) {
    dc.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${scalingOperation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
    return [true, updated];
  }
  return [false, updated];
}

/**
 * cleanupDeployment: deletes the oldest (lowest revision) old replica sets beyond
 * revisionHistoryLimit, but only those scaled to 0 with no pods left, their status caught up,
 * and not already being deleted. 3 empty old replica sets, limit 1: revisions 1 and 2 go.
 */
export function cleanupDeployment(dc: DeploymentContext, oldRSs: ReplicaSet[], d: Deployment): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - revisionHistoryLimitOf(d);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      specReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue;
    try {
      dc.deleteReplicaSet(rs);
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
    }
  }
}

/** Whether two statuses are equal, zero counters counting as absent (omitempty). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return deepEqual(withoutZeros(a), withoutZeros(b));
}

function withoutZeros(s: DeploymentStatus | undefined): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const [k, v] of Object.entries(s ?? {})) {
    if (v === 0 && k !== 'collisionCount') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** syncDeploymentStatus: writes calculateStatus() if it differs from the current status. */
export function syncDeploymentStatus(dc: DeploymentContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): void {
  const newStatus = calculateStatus(allRSs, newRS, d, dc.now);
  if (statusEqual(d.status, newStatus)) return;
  d.status = newStatus;
  writeDeploymentStatus(dc, d);
}

/**
 * calculateStatus: the status the replica sets imply — counts summed over them, observed
 * generation, and the Available condition (new condition times are `nowMs`): True MinimumReplicasAvailable when at least
 * replicas - maxUnavailable pods are available (3 replicas at 25%: 3 - 0 = 3 needed), else
 * False MinimumReplicasUnavailable. Zero counters are left out, as Go's omitempty leaves them.
 */
export function calculateStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  // More available than desired (scaling down) is not negative unavailability.
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  const fields: Array<[string, number]> = [
    ['observedGeneration', d.metadata.generation ?? 0],
    ['replicas', getActualReplicaCountForReplicaSets(allRSs)],
    ['updatedReplicas', getActualReplicaCountForReplicaSets([newRS])],
    ['readyReplicas', getReadyReplicaCountForReplicaSets(allRSs)],
    ['availableReplicas', availableReplicas],
    ['unavailableReplicas', unavailableReplicas],
  ];
  const status: DeploymentStatus = {};
  for (const [k, v] of fields) if (v) status[k] = v;
  if (d.status?.conditions?.length) status.conditions = clone(d.status.conditions);
  if (d.status?.collisionCount !== undefined && d.status?.collisionCount !== null) status.collisionCount = d.status.collisionCount;

  if (availableReplicas >= specReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newDeploymentCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', nowMs),
    );
  } else {
    setDeploymentCondition(
      status,
      newDeploymentCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs),
    );
  }
  return status;
}

/**
 * isScalingEvent: whether an active replica set was sized for another spec.replicas (its
 * desired-replicas annotation differs): then the deployment is being scaled, not rolled out.
 */
export function isScalingEvent(dc: DeploymentContext, d: Deployment, rsList: ReplicaSet[]): boolean {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== specReplicas(d)) return true;
  }
  return false;
}
