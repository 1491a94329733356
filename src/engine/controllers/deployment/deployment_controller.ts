/**
 * The Deployment controller: Kubernetes' pkg/controller/deployment/deployment_controller.go
 * (v1.32) re-expressed. Watch handlers only enqueue deployment keys; syncDeployment re-reads the
 * deployment, claims its replica sets (adopting orphans that match its selector, releasing owned
 * ones that no longer match) and takes one step in upstream's guard order: deleting (status
 * only), paused (scale only), rollback, scaling event, then the Recreate or RollingUpdate rollout.
 *
 * Cost: a sync is O(replica sets of the deployment): they come from the store's `controller`
 * index and the label index, and all pod counts come from the replica sets' status. Pods are only
 * looked at for Recreate deployments (to see that old pods are gone).
 */
import { conflict, isApiError, type ApiError } from '../../api/errors';
import { mustKind } from '../../api/registry';
import { fromLabelSelector, matches } from '../../api/labels';
import { controllerRef, type KObject, type NewObject } from '../../api/types';
import { Controller, keyOf, splitKey, type ControllerContext } from '../../client/controller';
import { clone, deepEqual } from '../../sim/dev';
import type { WatchEvent } from '../../store/store';
import type { DeploymentContext } from './context';
import { rolloutRecreate } from './recreate';
import { rollback } from './rollback';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, isScalingEvent, newControllerRef, sync, syncStatusOnly } from './sync';
import { byCreationTimestamp, getRollbackTo, sortInPlace, strategyType, type Deployment, type ReplicaSet } from './util';

/** The event source of everything this controller records. */
export const DEPLOYMENT_CONTROLLER_COMPONENT = 'deployment-controller';

/** Reconciles Deployments into ReplicaSets. */
export class DeploymentController extends Controller {
  /** The receiver the sync functions use (store writes, events, requeues). */
  readonly dc: DeploymentContext;

  /** Creates the controller and its watches on Deployments, ReplicaSets and (deleted) Pods. */
  constructor(ctx: ControllerContext) {
    super('deployment', ctx);
    this.dc = this.makeContext();
    this.store.watch('Deployment', (ev) => this.onDeployment(ev));
    this.store.watch('ReplicaSet', (ev) => this.onReplicaSet(ev));
    this.store.watch('Pod', (ev) => {
      if (ev.type === 'DELETED') this.deletePod(ev.object);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Event handlers: they only enqueue.

  private enqueue(d: KObject): void {
    this.queue.add(keyOf(d));
  }

  private onDeployment(ev: WatchEvent): void {
    this.enqueue(ev.object);
  }

  private onReplicaSet(ev: WatchEvent): void {
    const rs = ev.object;
    if (ev.type === 'DELETED') return this.deleteReplicaSet(rs);
    if (ev.type === 'ADDED') return this.addReplicaSet(rs);
    this.updateReplicaSet(ev.old!, rs);
  }

  /** addReplicaSet: wakes the owner, or for an orphan every deployment that could adopt it. */
  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = controllerRef(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace!, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.getDeploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  /** updateReplicaSet: wakes the old and the new owner; for an orphan whose labels or owner changed, the candidates. */
  private updateReplicaSet(oldRS: ReplicaSet, curRS: ReplicaSet): void {
    if (curRS.metadata.resourceVersion === oldRS.metadata.resourceVersion) return;
    const curRef = controllerRef(curRS);
    const oldRef = controllerRef(oldRS);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(oldRS.metadata.namespace!, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(curRS.metadata.namespace!, curRef);
      if (d) this.enqueue(d);
      return;
    }
    if (refChanged || !deepEqual(curRS.metadata.labels, oldRS.metadata.labels)) for (const d of this.getDeploymentsForReplicaSet(curRS)) this.enqueue(d);
  }

  /** deleteReplicaSet: wakes the owner (nobody cares about deleted orphans). */
  private deleteReplicaSet(rs: ReplicaSet): void {
    const ref = controllerRef(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace!, ref);
    if (d) this.enqueue(d);
  }

  /** deletePod: a Recreate deployment is woken when its last pod is gone. */
  private deletePod(pod: KObject): void {
    const d = this.getDeploymentForPod(pod);
    if (!d || strategyType(d) !== 'Recreate') return;
    for (const rs of this.ownedReplicaSets(d)) {
      for (const p of this.store.byIndex('Pod', 'controller', rs.metadata.uid)) if (p.metadata.uid !== pod.metadata.uid) return;
    }
    this.enqueue(d);
  }

  private getDeploymentForPod(pod: KObject): Deployment | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.store.get('ReplicaSet', pod.metadata.namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const rsRef = controllerRef(rs);
    return rsRef ? this.resolveControllerRef(rs.metadata.namespace!, rsRef) : undefined;
  }

  /** resolveControllerRef: the Deployment a controller reference points to, if it still exists with that uid. */
  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): Deployment | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.store.get('Deployment', namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: the deployments in the namespace whose (non-empty) selector matches the labels. */
  private getDeploymentsForReplicaSet(rs: ReplicaSet): Deployment[] {
    if (!rs.metadata.labels || !Object.keys(rs.metadata.labels).length) return [];
    return this.store.list('Deployment', { namespace: rs.metadata.namespace }).filter((d) => {
      const sel = fromLabelSelector(d.spec?.selector);
      return sel.length > 0 && matches(sel, rs.metadata.labels);
    });
  }

  private ownedReplicaSets(d: Deployment): ReplicaSet[] {
    return this.store.byIndex('ReplicaSet', 'controller', d.metadata.uid).filter((rs) => rs.metadata.namespace === d.metadata.namespace);
  }

  // -------------------------------------------------------------------------------------------
  // syncDeployment

  /** syncDeployment: one reconciliation step of the deployment `namespace/name`. */
  protected sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const stored = this.store.get<Deployment>('Deployment', namespace, name);
    if (!stored) return; // deleted: the garbage collector removes its replica sets
    const d = clone(stored);
    d.status ??= {};
    const dc = this.dc;

    if (d.spec?.selector && fromLabelSelector(d.spec.selector).length === 0) {
      dc.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status.observedGeneration = d.metadata.generation;
        dc.updateDeploymentStatus(d);
      }
      return;
    }

    const rsList = this.getReplicaSetsForDeployment(d);

    if (d.metadata.deletionTimestamp) return syncStatusOnly(dc, d, rsList);

    // Paused and resumed deployments get an Unknown Progressing condition, so that a resumed
    // deployment is not timed out for the time it was paused.
    checkPausedConditions(dc, d);
    if (d.spec?.paused) return sync(dc, d, rsList);

    // Rollback is not re-entrant: nothing else happens until the request is cleared.
    if (getRollbackTo(d) !== undefined) return rollback(dc, d, rsList);

    if (isScalingEvent(dc, d, rsList)) return sync(dc, d, rsList);

    switch (strategyType(d)) {
      case 'Recreate':
        return rolloutRecreate(dc, d, rsList);
      case 'RollingUpdate':
        return rolloutRolling(dc, d, rsList);
    }
    throw new Error(`unexpected deployment strategy type: ${strategyType(d)}`);
  }

  /**
   * getReplicaSetsForDeployment (ClaimReplicaSets): the replica sets this deployment manages,
   * oldest first. Owned ones whose labels no longer match are released and orphans that match
   * are adopted — neither while the deployment is being deleted, and orphans being deleted are
   * left alone. Candidates: those it controls (controller index) and those its selector matches
   * (label index).
   */
  private getReplicaSetsForDeployment(d: Deployment): ReplicaSet[] {
    const ns = d.metadata.namespace!;
    const sel = fromLabelSelector(d.spec?.selector);
    // A nil selector selects nothing (LabelSelectorAsSelector(nil) is labels.Nothing()).
    const selectsNothing = !d.spec?.selector;
    const candidates = new Map<string, ReplicaSet>();
    for (const rs of this.ownedReplicaSets(d)) candidates.set(rs.metadata.uid, rs);
    if (!selectsNothing) for (const rs of this.store.list('ReplicaSet', { namespace: ns, selector: sel })) candidates.set(rs.metadata.uid, rs);
    const claimed: ReplicaSet[] = [];
    let firstError: unknown;
    for (const rs of sortInPlace([...candidates.values()], byCreationTimestamp)) {
      const match = !selectsNothing && matches(sel, rs.metadata.labels);
      const ref = controllerRef(rs);
      try {
        if (ref) {
          if (ref.uid !== d.metadata.uid) continue; // someone else's
          if (match) {
            claimed.push(rs);
            continue;
          }
          if (d.metadata.deletionTimestamp) continue;
          this.releaseReplicaSet(d, rs);
          continue;
        }
        if (d.metadata.deletionTimestamp || !match || rs.metadata.deletionTimestamp) continue;
        claimed.push(this.adoptReplicaSet(d, rs));
      } catch (e) {
        if (isApiError(e, 'NotFound')) continue;
        if (!isApiError(e)) throw e;
        firstError ??= e;
      }
    }
    if (firstError) throw firstError;
    return claimed;
  }

  /** Adopts an orphan: adds the deployment's controller reference (after re-checking the deployment is not being deleted). */
  private adoptReplicaSet(d: Deployment, rs: ReplicaSet): ReplicaSet {
    const fresh = this.store.get('Deployment', d.metadata.namespace, d.metadata.name);
    if (!fresh || fresh.metadata.uid !== d.metadata.uid) throw this.gone(d, fresh);
    if (fresh.metadata.deletionTimestamp) throw this.gone(d, fresh);
    const copy = clone(rs);
    copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid), newControllerRef(d)];
    return this.store.update(copy);
  }

  private gone(d: Deployment, fresh: KObject | undefined): ApiError {
    // controller.RecheckDeletionTimestamp's errors, as a Conflict so that the sync is retried.
    const msg =
      !fresh || fresh.metadata.uid !== d.metadata.uid
        ? `original Deployment ${d.metadata.namespace}/${d.metadata.name} is gone: got uid ${fresh?.metadata.uid ?? ''}, wanted ${d.metadata.uid}`
        : `${d.metadata.namespace}/${d.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
    return conflict(mustKind('Deployment'), d.metadata.name, msg);
  }

  /** Releases a replica set: removes the deployment's owner reference. */
  private releaseReplicaSet(d: Deployment, rs: ReplicaSet): void {
    const copy = clone(rs);
    const refs = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
    if (refs.length) copy.metadata.ownerReferences = refs;
    else delete copy.metadata.ownerReferences;
    this.store.update(copy);
  }

  // -------------------------------------------------------------------------------------------
  // The receiver of the sync functions

  private makeContext(): DeploymentContext {
    const store = this.store;
    const runtime = this.runtime;
    const recorder = this.recorder;
    const queue = this.queue;
    return {
      get now() {
        return runtime.now;
      },
      createReplicaSet: (rs: NewObject) => store.create(rs),
      updateReplicaSet: (rs: ReplicaSet) => store.update(rs),
      deleteReplicaSet: (rs: ReplicaSet) => {
        store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name, { preconditions: { uid: rs.metadata.uid } });
      },
      getReplicaSet: (namespace: string, name: string) => store.get('ReplicaSet', namespace, name),
      // The status subresource carries annotations (deployment.kubernetes.io/revision) without
      // bumping generation, as deploymentStatusStrategy does upstream (store/strategies.ts).
      updateDeploymentStatus: (d: Deployment) => store.updateStatus(d),
      updateDeployment: (d: Deployment) => store.update(d),
      podsOf: (rs: ReplicaSet) => store.byIndex('Pod', 'controller', rs.metadata.uid),
      event: (d, type, reason, message) => recorder.event(d, type, reason, message, { component: DEPLOYMENT_CONTROLLER_COMPONENT }),
      enqueueAfter: (d, delayMs) => queue.addAfter(keyOf(d), delayMs),
    };
  }
}

/** Creates the Deployment controller and registers it on the engine's runtime. */
export function installDeploymentController(engine: ControllerContext): DeploymentController {
  return engine.runtime.register(new DeploymentController(engine));
}
