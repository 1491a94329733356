/**
 * The pure arithmetic and helpers of the Deployment controller, re-expressed from Kubernetes'
 * pkg/controller/deployment/util/deployment_util.go (v1.32) and the ReplicaSet helpers of
 * pkg/controller/controller_utils.go. Nothing here writes to the store; the kubectl engineer's
 * `rollout history|undo` imports the listing and revision helpers at the bottom.
 *
 * Objects are plain API objects (KObject). The API server defaults every Deployment field before
 * the controller sees it (replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600); the accessors below apply the same defaults to a missing field,
 * so that the controller behaves identically whether or not an object went through defaulting.
 */
import type { KObject } from '../../api/types';
import { controllerRef } from '../../api/types';
import { parseTime, rfc3339 } from '../../api/time';
import { fromLabelSelector, matches } from '../../api/labels';
import { clone } from '../../sim/dev';
import type { ApiStore } from '../../store/store';

/** A Deployment as stored (apps/v1). */
export type Deployment = KObject;
/** A ReplicaSet as stored (apps/v1). */
export type ReplicaSet = KObject;
/** A DeploymentStatus (plain JSON; zero counters are omitted, as Go's omitempty does). */
export type DeploymentStatus = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A DeploymentCondition. */
export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}
/** An IntOrString (maxSurge / maxUnavailable): a number, or a percentage such as `25%`. */
export type IntOrString = number | string | undefined | null;

// ---------------------------------------------------------------------------------------------
// Constants (deployment_util.go, apps/v1 types.go)

/** The revision annotation of a deployment's replica sets, recording its rollout sequence. */
export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
/** The old revisions a replica set has served (comma separated), kept on rollback. */
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** The deployment's desired replicas, recorded on its replica sets to tell scaling from rollout. */
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge, recorded on replica sets to estimate proportions when scaling. */
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The deprecated rollbackTo field, round-tripped as an annotation (apps.DeprecatedRollbackTo). */
export const DeprecatedRollbackTo = 'deprecated.deployment.rollback.to';
/** kubectl apply's annotation, never copied to replica sets. */
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** The label a Deployment adds to its ReplicaSets and their pods (apps.DefaultDeploymentUniqueLabelKey). */
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';

/** Rollback event reason: the revision to roll back to was not found. */
export const RollbackRevisionNotFound = 'DeploymentRollbackRevisionNotFound';
/** Rollback event reason: the revision has the template the deployment already has. */
export const RollbackTemplateUnchanged = 'DeploymentRollbackTemplateUnchanged';
/** Rollback event reason: the rollback was done. */
export const RollbackDone = 'DeploymentRollback';

/** Progressing reason: one of the deployment's replica sets was updated during a rollout. */
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
/** Progressing reason: the new replica set could not be created. */
export const FailedRSCreateReason = 'ReplicaSetCreateError';
/** Progressing reason: the deployment created its new replica set. */
export const NewReplicaSetReason = 'NewReplicaSetCreated';
/** Progressing reason: the deployment found (adopted) an existing new replica set. */
export const FoundNewRSReason = 'FoundNewReplicaSet';
/** Progressing reason: the new replica set is fully available (rollout complete). */
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
/** Progressing reason: no progress within progressDeadlineSeconds. */
export const TimedOutReason = 'ProgressDeadlineExceeded';
/** Progressing reason: the deployment is paused (status Unknown). */
export const PausedDeployReason = 'DeploymentPaused';
/** Progressing reason: the deployment was resumed (status Unknown). */
export const ResumedDeployReason = 'DeploymentResumed';
/** Available reason: at least replicas - maxUnavailable pods are available. */
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
/** Available reason: fewer than replicas - maxUnavailable pods are available. */
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

/** math.MaxInt32: progressDeadlineSeconds / revisionHistoryLimit meaning "no limit". */
export const MaxInt32 = 2147483647;
/** getNewReplicaSet keeps revision-history within 2000 characters (about 100 revisions). */
export const maxRevHistoryLengthInChars = 2000;

// ---------------------------------------------------------------------------------------------
// Accessors with the API server's defaults (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment)

/** spec.replicas of a Deployment or ReplicaSet (defaulted to 1). */
export function specReplicas(obj: KObject | undefined | null): number {
  return obj?.spec?.replicas ?? 1;
}

/** The strategy type (defaulted to RollingUpdate). */
export function strategyType(d: Deployment): string {
  return d.spec?.strategy?.type ?? 'RollingUpdate';
}

/** IsRollingUpdate: the strategy is RollingUpdate. */
export function isRollingUpdate(d: Deployment): boolean {
  return strategyType(d) === 'RollingUpdate';
}

/** spec.strategy.rollingUpdate with its fields defaulted to 25% as the API server does. */
function rollingParams(d: Deployment): { maxSurge: IntOrString; maxUnavailable: IntOrString } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return { maxSurge: ru?.maxSurge ?? '25%', maxUnavailable: ru?.maxUnavailable ?? '25%' };
}

/** spec.minReadySeconds (0 when unset). */
export function minReadySecondsOf(obj: KObject): number {
  return obj.spec?.minReadySeconds ?? 0;
}

/** spec.progressDeadlineSeconds (defaulted to 600). */
export function progressDeadlineSecondsOf(d: Deployment): number {
  return d.spec?.progressDeadlineSeconds ?? 600;
}

/** spec.revisionHistoryLimit (defaulted to 10). */
export function revisionHistoryLimitOf(d: Deployment): number {
  return d.spec?.revisionHistoryLimit ?? 10;
}

/** HasProgressDeadline: a deadline is set and is not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  return progressDeadlineSecondsOf(d) !== MaxInt32;
}

/** HasRevisionHistoryLimit: a limit is set and is not MaxInt32 (MaxInt32 keeps every revision). */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  return revisionHistoryLimitOf(d) !== MaxInt32;
}

// ---------------------------------------------------------------------------------------------
// IntOrString and the fenceposts

/** Raised for an IntOrString that is neither a number nor a percentage (validation forbids it). */
export class IntOrStringError extends Error {}

/**
 * intstr.GetScaledValueFromIntOrPercent: a number is taken as is; `N%` is N% of total, rounded up
 * or down. 25% of 10 is 2.5: 3 when rounding up (maxSurge), 2 when rounding down (maxUnavailable).
 */
export function getScaledValueFromIntOrPercent(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') throw new IntOrStringError('invalid value for IntOrString: invalid type: neither int nor percentage');
  if (!v.endsWith('%')) throw new IntOrStringError('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = v.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) throw new IntOrStringError(`invalid value for IntOrString: invalid value "${v}"`);
  const value = Number(digits);
  const scaled = (value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge (rounded up) and maxUnavailable (rounded down) for `desired`
 * replicas, resolved together. A missing value counts as 0. If both come out 0 — which
 * validation forbids for explicit values but rounding can produce, e.g. 1% of 10 replicas —
 * maxUnavailable becomes 1, on the theory that surge might not work because of quota:
 * 10 desired, surge 0%, unavailable 1% -> [0, 1]: scale old(-1), then new(+1), and so on.
 */
export function resolveFenceposts(maxSurge: IntOrString, maxUnavailable: IntOrString, desired: number): [number, number] {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** MaxSurge: how many pods a rolling deployment may run above spec.replicas (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const p = rollingParams(d);
  try {
    return resolveFenceposts(p.maxSurge, p.maxUnavailable, specReplicas(d))[0];
  } catch {
    return 0; // caught by validation
  }
}

/** MaxUnavailable: how many pods a rolling deployment may lack, capped at spec.replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const p = rollingParams(d);
  let unavailable: number;
  try {
    unavailable = resolveFenceposts(p.maxSurge, p.maxUnavailable, replicas)[1];
  } catch {
    return 0; // caught by validation
  }
  return unavailable > replicas ? replicas : unavailable;
}

/** MinAvailable: spec.replicas - maxUnavailable for rolling deployments, 0 for Recreate. */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return specReplicas(d) - maxUnavailable(d);
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** NewDeploymentCondition: a condition with both times set to `now` (metav1.Time, whole seconds). */
export function newDeploymentCondition(
  type: string,
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const t = rfc3339(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** GetDeploymentCondition: the condition of a type, or undefined. */
export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: replaces the condition of the same type (moving it last), unless one
 * with the same status and reason exists; keeps lastTransitionTime when the status is unchanged.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const c = { ...condition };
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...filterOutCondition(status.conditions, c.type), c];
}

/** RemoveDeploymentCondition: drops the condition of a type. */
export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = filterOutCondition(status.conditions, type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

function filterOutCondition(conditions: DeploymentCondition[] | undefined, type: string): DeploymentCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** ReplicaSetToDeploymentCondition: promotes a ReplicaSet (ReplicaFailure) condition. */
export function replicaSetToDeploymentCondition(cond: {
  type: string;
  status: DeploymentCondition['status'];
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}): DeploymentCondition {
  return {
    type: cond.type,
    status: cond.status,
    lastUpdateTime: cond.lastTransitionTime,
    lastTransitionTime: cond.lastTransitionTime,
    reason: cond.reason,
    message: cond.message,
  };
}

// ---------------------------------------------------------------------------------------------
// Revisions and annotations

/** Go's strconv.ParseInt(s, 10, 64) accepts an optional sign and decimal digits only. */
function parseGoInt(s: string): number {
  return /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
}

/** Revision: the revision annotation as a number; 0 when absent, NaN when malformed. */
export function revision(obj: KObject): number {
  const v = obj.metadata.annotations?.[RevisionAnnotation];
  return v === undefined ? 0 : parseGoInt(v);
}

/** MaxRevision: the highest revision among replica sets (malformed ones are skipped). */
export function maxRevision(allRSs: Array<ReplicaSet | undefined>): number {
  let max = 0;
  for (const rs of allRSs) {
    if (!rs) continue;
    const v = revision(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision (the one `rollout undo` goes back to). */
export function lastRevision(allRSs: Array<ReplicaSet | undefined>): number {
  let max = 0;
  let secMax = 0;
  for (const rs of allRSs) {
    if (!rs) continue;
    const v = revision(rs);
    if (Number.isNaN(v)) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

/** SetDeploymentRevision: sets the deployment's revision annotation; true if it changed. */
export function setDeploymentRevision(d: Deployment, rev: string): boolean {
  const ann = (d.metadata.annotations ??= {});
  if (ann[RevisionAnnotation] === rev) return false;
  ann[RevisionAnnotation] = rev;
  return true;
}

const annotationsToSkip = new Set([
  LastAppliedConfigAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  DeprecatedRollbackTo,
]);

/** skipCopyAnnotation: annotations never copied between a Deployment and its ReplicaSets. */
export function skipCopyAnnotation(key: string): boolean {
  return annotationsToSkip.has(key);
}

function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const ann = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) {
    if (skipCopyAnnotation(k) || (k in ann && ann[k] === v)) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copies the deployment's annotations (but the skipped ones) to the
 * new replica set, raises its revision to `newRevision` if lower (a replica set that had a
 * revision and gets a newer one is being rolled back to: its old revision is appended to
 * revision-history, trimmed from the front to `limitChars`), and on creation (`exists` false)
 * sets desired-replicas and max-replicas. Returns whether an annotation changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean, limitChars: number): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const ann = (rs.metadata.annotations ??= {}) as Record<string, string>;
  const had = RevisionAnnotation in ann;
  const oldRevision = ann[RevisionAnnotation] ?? '';
  let oldRevisionInt = parseGoInt(oldRevision);
  if (Number.isNaN(oldRevisionInt)) {
    if (oldRevision !== '') return false;
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseGoInt(newRevision);
  if (Number.isNaN(newRevisionInt)) return false;
  if (oldRevisionInt < newRevisionInt) {
    ann[RevisionAnnotation] = newRevision;
    changed = true;
  }
  if (had && oldRevisionInt < newRevisionInt) {
    const history = ann[RevisionHistoryAnnotation] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0].length === 0) ann[RevisionHistoryAnnotation] = oldRevision;
    else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > limitChars && start < oldRevisions.length) {
        totalLen -= oldRevisions[start].length + 1;
        start++;
      }
      if (totalLen <= limitChars) ann[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentAnnotationsTo: on rollback, the deployment takes the replica set's annotations (but the skipped ones). */
export function setDeploymentAnnotationsTo(d: Deployment, rollbackToRS: ReplicaSet): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) if (skipCopyAnnotation(k)) kept[k] = v;
  for (const [k, v] of Object.entries((rollbackToRS.metadata.annotations ?? {}) as Record<string, string>)) if (!skipCopyAnnotation(k)) kept[k] = v;
  d.metadata.annotations = kept;
}

/** SetFromReplicaSetTemplate: the deployment's template becomes the replica set's, minus pod-template-hash. */
export function setFromReplicaSetTemplate(d: Deployment, template: KObject['spec']): Deployment {
  const t = clone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[DefaultDeploymentUniqueLabelKey];
  }
  d.spec.template = t;
  return d;
}

function getIntFromAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = parseGoInt(v);
  return Number.isNaN(n) ? undefined : n;
}

/** GetDesiredReplicasAnnotation: the desired-replicas annotation, or undefined. */
export function getDesiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return getIntFromAnnotation(rs, DesiredReplicasAnnotation);
}

/** SetReplicasAnnotations: sets desired-replicas and max-replicas; true if either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let updated = false;
  if (ann[DesiredReplicasAnnotation] !== String(desiredReplicas)) {
    ann[DesiredReplicasAnnotation] = String(desiredReplicas);
    updated = true;
  }
  if (ann[MaxReplicasAnnotation] !== String(maxReplicas)) {
    ann[MaxReplicasAnnotation] = String(maxReplicas);
    updated = true;
  }
  return updated;
}

/** ReplicasAnnotationsNeedUpdate: whether desired-replicas or max-replicas differ. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const ann = rs.metadata.annotations;
  if (!ann) return true;
  return ann[DesiredReplicasAnnotation] !== String(desiredReplicas) || ann[MaxReplicasAnnotation] !== String(maxReplicas);
}

// ---------------------------------------------------------------------------------------------
// Proportional scaling

/** integer.RoundToInt32: Go's math.Round, halves away from zero. */
function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction: how many replicas a replica set gains (or loses) when the deployment's
 * size changes during a rollout or while paused: its size scaled by (replicas + maxSurge) over
 * the max-replicas it was sized for. 50 replicas sized for 100, deployment now 120 -> 50*120/100
 * = 60 -> +10. Scaling to 0 takes everything. Without a usable max-replicas annotation the
 * deployment's status.replicas stands in; if that is 0 too there is no proportion (0), where
 * the 1.32 code would divide by zero.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const rsReplicas = specReplicas(rs);
  if (specReplicas(d) === 0) return -rsReplicas;
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  let annotated = getIntFromAnnotation(rs, MaxReplicasAnnotation);
  if (!annotated) annotated = d.status?.replicas ?? 0;
  if (!annotated) return 0;
  const newRSsize = (rsReplicas * deploymentReplicas) / annotated!;
  return roundHalfAwayFromZero(newRSsize) - rsReplicas;
}

/**
 * GetProportion: the share of `toAdd` a replica set takes, given `added` already handed out,
 * never more than what is left (min when scaling up, max when scaling down).
 */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---------------------------------------------------------------------------------------------
// Counting over replica sets

/** GetReplicaCountForReplicaSets: sum of spec.replicas. */
export function getReplicaCountForReplicaSets(rss: Array<ReplicaSet | undefined>): number {
  let n = 0;
  for (const rs of rss) if (rs) n += specReplicas(rs);
  return n;
}

/** GetActualReplicaCountForReplicaSets: sum of status.replicas. */
export function getActualReplicaCountForReplicaSets(rss: Array<ReplicaSet | undefined>): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

/** GetReadyReplicaCountForReplicaSets: sum of status.readyReplicas. */
export function getReadyReplicaCountForReplicaSets(rss: Array<ReplicaSet | undefined>): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

/** GetAvailableReplicaCountForReplicaSets: sum of status.availableReplicas. */
export function getAvailableReplicaCountForReplicaSets(rss: Array<ReplicaSet | undefined>): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Rollout predicates

/** DeploymentComplete: every desired replica is updated and available, and no old pods run. */
export function deploymentComplete(d: Deployment, newStatus: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    (newStatus.updatedReplicas ?? 0) === replicas &&
    (newStatus.replicas ?? 0) === replicas &&
    (newStatus.availableReplicas ?? 0) === replicas &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * DeploymentProgressing: compared with the deployment's current status, more updated pods, fewer
 * old pods, or more ready or available pods.
 */
export function deploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * DeploymentTimedOut: the Progressing condition's lastUpdateTime is more than
 * progressDeadlineSeconds before `nowMs` (strictly), or it already says ProgressDeadlineExceeded.
 * A NewReplicaSetAvailable condition never times out. 10 s deadline, last progress 00:01:09:
 * at 00:01:20 (11 s) it has timed out, at 00:01:19 not yet.
 */
export function deploymentTimedOut(d: Deployment, newStatus: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(newStatus, 'Progressing');
  if (!cond) return false;
  if (cond.reason === NewRSAvailableReason) return false;
  if (cond.reason === TimedOutReason) return true;
  const from = parseTime(cond.lastUpdateTime);
  if (Number.isNaN(from)) return false;
  return from + progressDeadlineSecondsOf(d) * 1000 < nowMs;
}

/**
 * NewRSNewReplicas: the size the new replica set should have now. RollingUpdate: grow by what
 * the surge allows, never past spec.replicas — 10 replicas, maxSurge 2, old RS at 10, new at 0:
 * 12 - 10 = 2 -> new RS 2. Recreate: spec.replicas at once.
 */
export function newRSNewReplicas(d: Deployment, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet): number {
  const replicas = specReplicas(d);
  switch (strategyType(d)) {
    case 'RollingUpdate': {
      const surge = getScaledValueFromIntOrPercent(rollingParams(d).maxSurge, replicas, true);
      const currentPodCount = getReplicaCountForReplicaSets(allRSs);
      const maxTotalPods = replicas + surge;
      if (currentPodCount >= maxTotalPods) return specReplicas(newRS);
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - specReplicas(newRS));
      return specReplicas(newRS) + scaleUpCount;
    }
    case 'Recreate':
      return replicas;
    default:
      throw new Error(`deployment type ${strategyType(d)} isn't supported`);
  }
}

/**
 * IsSaturated: the replica set has all the deployment's replicas, believes so (desired-replicas
 * annotation) and all of them are available.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getIntFromAnnotation(rs, DesiredReplicasAnnotation);
  if (desired === undefined) return false;
  const replicas = specReplicas(d);
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

// ---------------------------------------------------------------------------------------------
// Finding the new and old replica sets

/**
 * Semantic deep equality of API values (apimachinery's equality.Semantic): like deepEqual, but an
 * empty map or list equals an absent one, as in apimachinery's forked reflect.DeepEqual (and, as
 * JSON cannot tell a struct from a map, an object of empty fields counts as empty).
 */
export function semanticDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Unless both are objects of the same sort, they are equal only when both are empty. Two
  // objects need no emptiness test first: comparing them field by field finds the same answer
  // (an empty one equals only an empty one), without walking each subtree twice.
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return isEmptyValue(a) && isEmptyValue(b);
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticDeepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (!semanticDeepEqual(ao[k], bo[k])) return false;
  for (const k in bo) if (!(k in ao) && !isEmptyValue(bo[k])) return false;
  return true;
}

/** Absent, or an empty list, or a map whose entries are all empty (a struct of zero fields). */
function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v !== 'object') return false;
  for (const x of Object.values(v as object)) if (!isEmptyValue(x)) return false;
  return true;
}

/**
 * EqualIgnoreHash: two pod templates are equal but for the pod-template-hash label (which the
 * deployment's own template never has, and which changes when the hashing changes).
 */
export function equalIgnoreHash(t1: KObject['spec'], t2: KObject['spec']): boolean {
  // The same comparison as semanticDeepEqual(withoutHash(t1), withoutHash(t2)), without copying
  // the templates: a deployment sync compares its template with every replica set's, twice.
  if (isPlainObject(t1) && isPlainObject(t2) && isPlainOrAbsent(t1.metadata) && isPlainOrAbsent(t2.metadata) && isPlainOrAbsent(t1.metadata?.labels) && isPlainOrAbsent(t2.metadata?.labels))
    return semanticEqualFields(t1, t2, (k, a, b) => (k === 'metadata' ? equalMetadataIgnoreHash(a, b) : undefined));
  return semanticDeepEqual(withoutHash(t1), withoutHash(t2));
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isPlainOrAbsent(v: unknown): boolean {
  return v === undefined || isPlainObject(v);
}

/**
 * semanticDeepEqual of two objects field by field, where `special` may decide a field itself:
 * each field of `a` against the same field of `b`, and the fields only `b` has must be empty.
 */
function semanticEqualFields(a: Record<string, any>, b: Record<string, any>, special: (k: string, x: unknown, y: unknown) => boolean | undefined): boolean {
  for (const k in a) {
    const r = special(k, a[k], b[k]);
    if (r === undefined ? !semanticDeepEqual(a[k], b[k]) : !r) return false;
  }
  for (const k in b) {
    if (k in a) continue;
    const r = special(k, undefined, b[k]);
    if (r === undefined ? !isEmptyValue(b[k]) : !r) return false;
  }
  return true;
}

/** Two templates' metadata (plain objects or absent, with plain or absent labels), ignoring the pod-template-hash label. */
function equalMetadataIgnoreHash(a: unknown, b: unknown): boolean {
  const ma = (a ?? {}) as Record<string, any>;
  const mb = (b ?? {}) as Record<string, any>;
  return semanticEqualFields(ma, mb, (k, x, y) => (k === 'labels' ? equalLabelsIgnoreHash(x, y) : undefined));
}

function equalLabelsIgnoreHash(a: unknown, b: unknown): boolean {
  const la = (a ?? {}) as Record<string, any>;
  const lb = (b ?? {}) as Record<string, any>;
  return semanticEqualFields(la, lb, (k, x, y) => (k === DefaultDeploymentUniqueLabelKey ? true : undefined));
}

function withoutHash(t: KObject['spec']): unknown {
  if (!t?.metadata?.labels || !(DefaultDeploymentUniqueLabelKey in t.metadata.labels)) return t;
  const labels = { ...t.metadata.labels };
  delete labels[DefaultDeploymentUniqueLabelKey];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/**
 * Sorts in place, like Array.prototype.sort (stable), but first checks whether the list is
 * already in order: a deployment's replica sets almost always are, and a sync sorts them several
 * times. An ordered list is left as it is, which is what a stable sort would leave.
 */
export function sortInPlace<T>(list: T[], cmp: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (cmp(list[i - 1], list[i]) > 0) return list.sort(cmp);
  return list;
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreationTimestamp(a: KObject, b: KObject): number {
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
    if (Number.isNaN(ta)) return -1;
    if (Number.isNaN(tb)) return 1;
    return ta - tb;
  }
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** controller.ReplicaSetsBySizeOlder: larger first; equal sizes oldest first (scale down old ones first). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** controller.ReplicaSetsBySizeNewer: larger first; equal sizes newest first (scale up new ones first). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/** deploymentutil.ReplicaSetsByRevision: lowest revision first; ties or malformed by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revision(a);
  const rb = revision(b);
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

/** controller.FilterActiveReplicaSets: the replica sets with spec.replicas > 0. */
export function filterActiveReplicaSets(rss: Array<ReplicaSet | undefined>): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);
}

/**
 * FindNewReplicaSet: the oldest replica set whose template equals the deployment's (ignoring
 * pod-template-hash). Sorts `rsList` by creation in place, as upstream does.
 */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  sortInPlace(rsList, byCreationTimestamp);
  for (const rs of rsList) if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) return rs;
  return undefined;
}

/**
 * FindOldReplicaSets: [old replica sets that still have replicas, all old replica sets]; a
 * deployment can have several matching "new" ones (after upgrades): only the oldest is new.
 */
export function findOldReplicaSets(d: Deployment, rsList: ReplicaSet[]): [ReplicaSet[], ReplicaSet[]] {
  const required: ReplicaSet[] = [];
  const all: ReplicaSet[] = [];
  const newRS = findNewReplicaSet(d, rsList);
  for (const rs of rsList) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    all.push(rs);
    if (specReplicas(rs) !== 0) required.push(rs);
  }
  return [required, all];
}

/**
 * FindActiveOrLatest: the only active replica set, or the newest one when none is active;
 * undefined when several are active (they are then scaled proportionally). Sorts `oldRSs` newest
 * first in place, as upstream does.
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  oldRSs.sort((a, b) => byCreationTimestamp(b, a));
  const all = filterActiveReplicaSets([...oldRSs, newRS]);
  switch (all.length) {
    case 0:
      return newRS ?? oldRSs[0];
    case 1:
      return all[0];
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The pod-template hash

/**
 * controller.ComputeHash, rand.SafeEncodeString and the canonical JSON they hash live with the
 * other pkg/controller helpers (controllers/controller_utils.ts), as upstream's ComputeHash lives
 * in controller_utils.go: FNV-32a over the canonical JSON of the pod template, then the
 * collisionCount as 8 little-endian bytes when set, in decimal, safe-encoded — e.g. `5d4b9c8f5d`.
 * (Go hashes a spew dump of the struct, which cannot be reproduced byte for byte: the names have
 * the real shape and are stable across runs, but differ from a real cluster's.)
 */
export { computeHash, safeEncodeString, canonicalJson } from '../controller_utils';

// ---------------------------------------------------------------------------------------------
// Labels and selectors (pkg/util/labels)

/** labelsutil.CloneAndAddLabel: a copy of the labels with one more. */
export function cloneAndAddLabel(labels: Record<string, string> | undefined, key: string, value: string): Record<string, string> {
  return { ...(labels ?? {}), [key]: value };
}

/** labelsutil.CloneSelectorAndAddLabel: a copy of the selector with one more matchLabels entry. */
export function cloneSelectorAndAddLabel(selector: KObject['spec'], key: string, value: string): KObject['spec'] {
  const s = clone(selector ?? {});
  s.matchLabels = { ...(s.matchLabels ?? {}), [key]: value };
  return s;
}

/** Whether the object's controller reference points at `owner` (metav1.IsControlledBy). */
export function isControlledBy(obj: KObject, owner: KObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

// ---------------------------------------------------------------------------------------------
// Listing a deployment's replica sets (deploymentutil.ListReplicaSets / GetAllReplicaSets), for
// kubectl `rollout history|undo|status`. Cost: O(replica sets of the deployment).

/**
 * ListReplicaSets: the replica sets the deployment controls whose labels match its selector,
 * oldest first. Does not adopt or release anything (only the controller does that).
 */
export function listReplicaSets(store: ApiStore, d: Deployment): ReplicaSet[] {
  const sel = fromLabelSelector(d.spec?.selector);
  const out = store
    .byIndex('ReplicaSet', 'controller', d.metadata.uid)
    .filter((rs) => rs.metadata.namespace === d.metadata.namespace && sel.length > 0 && matches(sel, rs.metadata.labels));
  return sortInPlace(out, byCreationTimestamp);
}

/** GetAllReplicaSets: the deployment's new replica set (if any) and all its old ones, oldest first. */
export function getAllReplicaSets(store: ApiStore, d: Deployment): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[]; allRSs: ReplicaSet[] } {
  const rsList = listReplicaSets(store, d);
  const [, oldRSs] = findOldReplicaSets(d, rsList);
  const newRS = findNewReplicaSet(d, rsList);
  return { newRS, oldRSs, allRSs: rsList };
}

/** The replica set holding a revision, or undefined (`rollout undo --to-revision`, `rollout history --revision`). */
export function replicaSetForRevision(rsList: ReplicaSet[], rev: number): ReplicaSet | undefined {
  return rsList.find((rs) => revision(rs) === rev);
}

/** The revisions of a deployment's replica sets, ascending with their replica sets (`rollout history`). */
export function revisionHistory(rsList: ReplicaSet[]): Array<{ revision: number; replicaSet: ReplicaSet }> {
  const out: Array<{ revision: number; replicaSet: ReplicaSet }> = [];
  for (const rs of rsList) {
    const r = revision(rs);
    if (!Number.isNaN(r) && r > 0) out.push({ revision: r, replicaSet: rs });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/**
 * What `kubectl rollout undo` writes: a copy of the deployment whose template is the replica
 * set's (without pod-template-hash) and whose annotations are the replica set's (but the skipped
 * ones, which the deployment keeps). The caller checks equalIgnoreHash first ("skipped rollback").
 */
export function deploymentRolledBackTo(d: Deployment, rs: ReplicaSet): Deployment {
  const copy = clone(d);
  setFromReplicaSetTemplate(copy, rs.spec?.template);
  setDeploymentAnnotationsTo(copy, rs);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// The deprecated rollbackTo (rollback.go getRollbackTo / setRollbackTo)

/**
 * getRollbackTo: the revision asked for by the `deprecated.deployment.rollback.to` annotation
 * (extensions/v1beta1's spec.rollbackTo round-tripped), or undefined; 0 means the last revision.
 */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[DeprecatedRollbackTo];
  if (!v) return undefined;
  const n = parseGoInt(v);
  return Number.isNaN(n) ? undefined : n;
}

/** setRollbackTo(d, nil): removes the rollbackTo annotation. */
export function clearRollbackTo(d: Deployment): void {
  if (d.metadata.annotations) delete d.metadata.annotations[DeprecatedRollbackTo];
}
