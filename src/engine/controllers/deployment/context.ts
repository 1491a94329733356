/**
 * What the sync functions need from the controller: the receiver `dc *DeploymentController` of the
 * upstream methods (its clientset, event recorder and work queue), as an interface. The real
 * controller implements it on the API store; the table tests implement it with a recorder of
 * actions, as upstream's tests use a fake clientset.
 */
import type { KObject, NewObject } from '../../api/types';
import type { Deployment, ReplicaSet } from './util';

/** The deployment controller as seen by sync.ts, rolling.ts, recreate.ts, progress.ts and rollback.ts. */
export interface DeploymentContext {
  /** Simulated now, ms. */
  readonly now: number;
  /** Creates a ReplicaSet (POST); throws ApiError (AlreadyExists, Forbidden, ...). */
  createReplicaSet(rs: NewObject): ReplicaSet;
  /** Replaces a ReplicaSet (PUT, conditional on its resourceVersion); returns the stored object. */
  updateReplicaSet(rs: ReplicaSet): ReplicaSet;
  /** Deletes a ReplicaSet; a NotFound is ignored by the caller. */
  deleteReplicaSet(rs: ReplicaSet): void;
  /** Reads a ReplicaSet from the store (the lister). */
  getReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /**
   * UpdateStatus of a Deployment: writes its status and, as deploymentStatusStrategy allows,
   * its annotations (the revision annotation travels this way without bumping generation).
   */
  updateDeploymentStatus(d: Deployment): Deployment;
  /** Update of a Deployment's main resource (rollback: template, annotations). */
  updateDeployment(d: Deployment): Deployment;
  /** The pods a ReplicaSet controls, by controller reference (Recreate waits for old ones to go). */
  podsOf(rs: ReplicaSet): KObject[];
  /** Records an event on the deployment, from `deployment-controller`. */
  event(d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Queues the deployment again after a delay (the work queue's AddAfter). */
  enqueueAfter(d: Deployment, delayMs: number): void;
}

/**
 * UpdateStatus(d) and carry the new resourceVersion into `d`, so that later writes in the same
 * sync are not refused as stale. (Upstream keeps the old object, whose next write then fails
 * with a Conflict and is retried a few milliseconds later: the same outcome, one sync later.)
 */
export function writeDeploymentStatus(dc: DeploymentContext, d: Deployment): Deployment {
  const out = dc.updateDeploymentStatus(d);
  d.metadata.resourceVersion = out.metadata.resourceVersion;
  return out;
}
