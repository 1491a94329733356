/**
 * The ReplicaSet controller and the ReplicationController manager: one implementation, as in
 * Kubernetes, where pkg/controller/replication wraps pkg/controller/replicaset/replica_set.go.
 * They differ only in the kind they manage, the selector form (a LabelSelector for ReplicaSets,
 * an equality map for ReplicationControllers) and the event source (`replicaset-controller`,
 * `replication-controller`).
 *
 * syncReplicaSet: re-read the object, claim pods (adopt matching orphans, release pods that no
 * longer match), manageReplicas when expectations are met and the object is not being deleted,
 * then compute the status with a pure function and write it when it changed. A ReplicaSet with
 * minReadySeconds is requeued exactly when its next ready pod becomes available.
 *
 * For a 10,000-replica ReplicaSet a sync costs what changed, not what exists: the pods it
 * controls are kept as facts with running totals (owned_pods.ts), updated from the pods its
 * watch handler saw change; orphans come from the `orphan` index of the namespace
 * (installWorkloadIndexes); a scale-down ranks the facts (and the per-node counts of the related
 * ReplicaSets' views) without reading pod objects, and selects its victims with a bounded heap.
 */
import { Controller, type ControllerContext, keyOf, splitKey } from '../../client/controller';
import type { WatchEvent } from '../../store/store';
import { type KObject, type OwnerReference, controllerRef } from '../../api/types';
import { type Selector, fromLabelSelector, fromMap, matches } from '../../api/labels';
import { badRequest, isApiError } from '../../api/errors';
import { deepEqual, clone } from '../../sim/dev';
import {
  ControllerExpectations,
  type ExpectationsState,
  type PodControl,
  RS_BURST_REPLICAS,
  SLOW_START_INITIAL_BATCH_SIZE,
  type StatusCondition,
  ORPHAN_POD_INDEX,
  adoptObject,
  createPod,
  deletePod,
  isPodActive,
  newCondition,
  newControllerRef,
  podFromTemplate,
  podKey,
  releaseObject,
  removeCondition,
  setCondition,
  slowStartBatch,
  workloadDebug,
} from '../controller_utils';
import { OwnedPods, type ReplicaCounts, nodeIdCount, podFacts } from './owned_pods';

/** The condition type a ReplicaSet/ReplicationController reports pod create/delete failures with. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** What distinguishes the ReplicaSet controller from the ReplicationController manager. */
export interface ReplicaSetFlavor {
  /** The kind managed: `ReplicaSet` or `ReplicationController`. */
  kind: 'ReplicaSet' | 'ReplicationController';
  /** Component (and work queue) name in the runtime. */
  name: string;
  /** The event source component. */
  component: string;
  /** The pod selector of an object of the kind. */
  selector(obj: KObject): Selector;
}

/** The ReplicaSet controller's flavor (apps/v1 ReplicaSet, LabelSelector). */
export const REPLICA_SET_FLAVOR: ReplicaSetFlavor = {
  kind: 'ReplicaSet',
  name: 'replicaset-controller',
  component: 'replicaset-controller',
  selector: (rs) => (rs.spec?.selector ? fromLabelSelector(rs.spec.selector) : []),
};

/** The ReplicationController manager's flavor (core/v1, equality selector). */
export const REPLICATION_CONTROLLER_FLAVOR: ReplicaSetFlavor = {
  kind: 'ReplicationController',
  name: 'replicationcontroller-controller',
  component: 'replication-controller',
  selector: (rc) => fromMap(rc.spec?.selector ?? rc.spec?.template?.metadata?.labels),
};

/** The state a ReplicaSetController puts in snapshots. */
export interface ReplicaSetControllerState {
  expectations: ExpectationsState;
}

/**
 * calculateStatus (replica_set_utils.go): the status for `rs` given the counts over the active
 * pods it owns and the error manageReplicas returned. `replicas` counts the pods;
 * `fullyLabeledReplicas` those carrying all the template's labels; `readyReplicas` the ready ones;
 * `availableReplicas` those ready for at least minReadySeconds. A create/delete error adds a
 * ReplicaFailure condition (reason FailedCreate when pods are missing, FailedDelete when there
 * are too many); a clean sync removes it. Zero counts are omitted, as the API's omitempty fields
 * are.
 */
export function calculateStatus(rs: KObject, counts: ReplicaCounts, manageReplicasErr: unknown, nowMs: number): Record<string, unknown> {
  const status: Record<string, unknown> = clone(rs.status ?? {});
  let conditions = status.conditions as StatusCondition[] | undefined;
  const failure = conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageReplicasErr && !failure) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const message = manageReplicasErr instanceof Error ? manageReplicasErr.message : String(manageReplicasErr);
    conditions = setCondition(conditions, newCondition(REPLICA_FAILURE, 'True', reason, message, nowMs));
  } else if (!manageReplicasErr && failure) {
    conditions = removeCondition(conditions, REPLICA_FAILURE);
  }
  status.replicas = counts.replicas;
  setOrOmit(status, 'fullyLabeledReplicas', counts.fullyLabeledReplicas);
  setOrOmit(status, 'readyReplicas', counts.readyReplicas);
  setOrOmit(status, 'availableReplicas', counts.availableReplicas);
  if (conditions?.length) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

function setOrOmit(o: Record<string, unknown>, key: string, n: number): void {
  if (n) o[key] = n;
  else delete o[key];
}

/** The ReplicaSet controller (or, with REPLICATION_CONTROLLER_FLAVOR, the ReplicationController manager). */
export class ReplicaSetController extends Controller {
  /** Expected pod creations and deletions per `namespace/name`. */
  readonly expectations: ControllerExpectations;
  /** At most this many pods are created or deleted per sync. */
  burstReplicas = RS_BURST_REPLICAS;
  private readonly podControl: PodControl;
  /** Owner uid -> its pods as facts (derived state: rebuilt after a restore). */
  private caches = new Map<string, OwnedPods>();
  /** Owner uid -> names of its pods that changed since its last sync. */
  private dirty = new Map<string, Set<string>>();
  /** Scratch of relatedPodsPerNode (pods per node id). */
  private perNodeScratch = new Int32Array(0);

  /** Creates the controller and wires its watches. */
  constructor(
    ctx: ControllerContext,
    readonly flavor: ReplicaSetFlavor = REPLICA_SET_FLAVOR,
  ) {
    super(flavor.name, ctx);
    this.expectations = new ControllerExpectations(() => this.runtime.now);
    this.podControl = { store: this.store, recorder: this.recorder, component: flavor.component };
    this.store.watch(flavor.kind, (ev) => this.onOwnerEvent(ev));
    this.store.watch('Pod', (ev) => this.onPodEvent(ev));
  }

  // ----------------------------------------------------------------------------------------------
  // Event handlers (they only enqueue keys and note observations)

  private onOwnerEvent(ev: WatchEvent): void {
    const key = keyOf(ev.object);
    if (ev.type === 'DELETED') {
      // Expectations of a deleted object are dropped so a new one with the same name starts clean.
      this.expectations.deleteExpectations(key);
      this.caches.delete(ev.object.metadata.uid);
      this.dirty.delete(ev.object.metadata.uid);
      this.queue.add(key);
      return;
    }
    if (ev.type === 'MODIFIED' && ev.old && statusOnlyChange(ev.old, ev.object)) return;
    this.queue.add(key);
  }

  private onPodEvent(ev: WatchEvent): void {
    const pod = ev.object;
    this.noteChanged(pod, ev.old);
    if (ev.type === 'DELETED') {
      this.podDeleted(pod);
      return;
    }
    if (ev.type === 'ADDED') {
      if (pod.metadata.deletionTimestamp) {
        this.podDeleted(pod);
        return;
      }
      const ref = controllerRef(pod);
      if (ref) {
        const owner = this.resolveControllerRef(pod.metadata.namespace, ref);
        if (!owner) return;
        const key = keyOf(owner);
        this.expectations.creationObserved(key);
        this.queue.add(key);
        return;
      }
      for (const owner of this.ownersMatching(pod)) this.queue.add(keyOf(owner));
      return;
    }
    const old = ev.old!;
    const labelChanged = !deepEqual(old.metadata.labels, pod.metadata.labels);
    if (pod.metadata.deletionTimestamp) {
      // A graceful deletion counts as the deletion: replacements are created at once, not when
      // the kubelet finally removes the pod.
      this.podDeleted(pod);
      if (labelChanged) this.podDeleted(old);
      return;
    }
    const curRef = controllerRef(pod);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const owner = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (owner) this.queue.add(keyOf(owner));
    }
    if (curRef) {
      const owner = this.resolveControllerRef(pod.metadata.namespace, curRef);
      if (owner) this.queue.add(keyOf(owner));
      return;
    }
    if (labelChanged || refChanged) for (const owner of this.ownersMatching(pod)) this.queue.add(keyOf(owner));
  }

  /** Notes a pod as changed for the owners of our kind its old and new controller references name. */
  private noteChanged(pod: KObject, old: KObject | undefined): void {
    const a = controllerRef(pod);
    const b = old && controllerRef(old);
    for (const ref of b && b.uid !== a?.uid ? [a, b] : [a]) {
      if (!ref || ref.kind !== this.flavor.kind || !this.caches.has(ref.uid)) continue;
      let set = this.dirty.get(ref.uid);
      if (!set) this.dirty.set(ref.uid, (set = new Set()));
      set.add(pod.metadata.name);
    }
  }

  private podDeleted(pod: KObject): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const owner = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!owner) return;
    const key = keyOf(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  /** resolveControllerRef: the owner a controller reference names, if it is of our kind and its UID matches. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): KObject | undefined {
    if (ref.kind !== this.flavor.kind) return undefined;
    const owner = this.store.get(this.flavor.kind, namespace, ref.name);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** getPodReplicaSets: objects of our kind in the pod's namespace whose selector matches it. */
  private ownersMatching(pod: KObject): KObject[] {
    const out: KObject[] = [];
    for (const o of this.store.list(this.flavor.kind, { namespace: pod.metadata.namespace })) {
      const sel = this.flavor.selector(o);
      if (sel.length && matches(sel, pod.metadata.labels)) out.push(o);
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // syncReplicaSet

  /** syncReplicaSet: reconciles one `namespace/name`. */
  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.store.get(this.flavor.kind, ns, name);
    if (!rs) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const needsSync = this.expectations.satisfiedExpectations(key);
    const selector = this.flavor.selector(rs);
    const owned = this.ownedPods(rs, selector);
    this.claimPods(rs, selector, owned);

    // The status describes the pods as they were before this sync's creations and deletions,
    // as upstream's does (their watch events bring the next sync).
    const minReady: number = rs.spec?.minReadySeconds ?? 0;
    const counts = owned.counts(minReady, this.now);
    let manageErr: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        this.manageReplicas(owned, rs, key);
      } catch (e) {
        if (!isApiError(e)) throw e;
        manageErr = e;
      }
    }

    const cur = this.store.get(this.flavor.kind, ns, name);
    if (cur && cur.metadata.uid === rs.metadata.uid) {
      this.updateStatus(cur, calculateStatus(cur, counts, manageErr, this.now));
      // Requeue exactly when the next ready pod becomes available. Example: minReadySeconds
      // 10, a pod Ready since 09:00:05 and now 09:00:07: requeue in 8 s. Upstream requeues after
      // minReadySeconds (+1 s) as a guard against clock skew, which a simulated clock has not.
      if (counts.nextAvailableAtMs !== undefined) this.queue.addAfter(key, Math.max(1, counts.nextAvailableAtMs - this.now));
    }
    if (manageErr) throw manageErr;
  }

  /**
   * The owner's pods as facts: the cache brought up to date with the pods that changed since the
   * last sync, or rebuilt from the `controller` index when new or when what the facts derive from
   * (the selector, the template labels) changed.
   */
  private ownedPods(rs: KObject, selector: Selector): OwnedPods {
    const uid = rs.metadata.uid;
    const signature = JSON.stringify([selector, rs.spec?.template?.metadata?.labels ?? {}]);
    let owned = this.caches.get(uid);
    if (!owned || owned.signature !== signature) {
      owned = this.rebuild(rs, selector, signature);
      this.caches.set(uid, owned);
      this.dirty.delete(uid);
    } else this.applyChanges(rs, selector, owned);
    if (workloadDebug.verifyIncremental && !owned.sameAs(this.rebuild(rs, selector, signature)))
      throw new Error(`${this.flavor.kind} ${keyOf(rs)}: incremental pod counts differ from a rebuild`);
    return owned;
  }

  private rebuild(rs: KObject, selector: Selector, signature: string): OwnedPods {
    const owned = new OwnedPods(rs.metadata.uid, signature);
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    for (const pod of this.store.byIndex('Pod', 'controller', rs.metadata.uid)) owned.set(pod.metadata.name, podFacts(pod, selector, templateLabels));
    return owned;
  }

  private applyChanges(rs: KObject, selector: Selector, owned: OwnedPods): void {
    const names = this.dirty.get(rs.metadata.uid);
    if (!names) return;
    this.dirty.delete(rs.metadata.uid);
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    for (const name of names) {
      const pod = this.store.get('Pod', rs.metadata.namespace, name);
      owned.set(name, pod && controllerRef(pod)?.uid === rs.metadata.uid ? podFacts(pod, selector, templateLabels) : undefined);
    }
  }

  /**
   * claimPods (ControllerRefManager.ClaimPods over the active pods): releases controlled pods
   * that stopped matching and adopts the active orphans of the namespace that match, unless the
   * owner is being deleted; then folds the resulting changes into `owned`. Writes go in name
   * order. A failed adoption or release fails the sync (it is retried with back-off).
   */
  private claimPods(rs: KObject, selector: Selector, owned: OwnedPods): void {
    if (rs.metadata.deletionTimestamp || !selector.length) return;
    const errors: unknown[] = [];
    for (const name of [...owned.nonMatching].sort()) {
      const pod = this.store.get('Pod', rs.metadata.namespace, name);
      if (!pod) continue;
      try {
        releaseObject(this.store, pod, rs.metadata.uid);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason !== 'NotFound') errors.push(e);
      }
    }
    const orphans = this.store
      .byIndex('Pod', ORPHAN_POD_INDEX, rs.metadata.namespace ?? '')
      .filter((p) => isPodActive(p) && matches(selector, p.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const pod of orphans) {
      try {
        adoptObject(this.store, pod, rs);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason !== 'NotFound') errors.push(e);
      }
    }
    this.applyChanges(rs, selector, owned);
    if (errors.length) throw errors[0];
  }

  /**
   * manageReplicas: creates the missing pods in slow-start batches or deletes the surplus in
   * ActivePodsWithRanks order, at most burstReplicas per sync. Example: 1,200 replicas from
   * zero take three syncs (500, 500, 200), each creating in batches 1, 2, 4, ..., 256, 233 for
   * 500; the watch events of the creations requeue the object for the next round.
   */
  private manageReplicas(owned: OwnedPods, rs: KObject, key: string): void {
    const replicas: number = rs.spec?.replicas ?? 1;
    let diff = owned.active - replicas;
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      // Expectations first: the watch handler observes each creation while create() runs.
      this.expectations.expectCreations(key, diff);
      const ref = newControllerRef(rs);
      const template = rs.spec?.template;
      const res = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
        const pod = podFromTemplate(template, rs, ref);
        if (!pod.metadata?.labels) throw badRequest('unable to create pods, no labels');
        createPod(this.podControl, pod, rs);
      });
      // Pods never attempted (or that failed) will not be observed: stop expecting them.
      const skipped = diff - res.successes;
      for (let i = 0; i < skipped; i++) this.expectations.creationObserved(key);
      if (res.error) throw res.error;
    } else if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const ns = rs.metadata.namespace;
      const toDelete = owned.selectForDeletion(diff, this.now, () => this.relatedPodsPerNode(rs)).map((f) => this.store.get('Pod', ns, f.name)!);
      this.expectations.expectDeletions(key, toDelete.map(podKey));
      let firstErr: unknown;
      for (const pod of toDelete) {
        try {
          deletePod(this.podControl, pod.metadata.namespace!, pod.metadata.name, rs);
        } catch (e) {
          // The informer will not see this deletion: stop expecting it.
          this.expectations.deletionObserved(key, podKey(pod));
          if (!isApiError(e)) throw e;
          if (!isApiError(e, 'NotFound')) firstErr ??= e;
        }
      }
      if (firstErr) throw firstErr;
    }
  }

  /**
   * getIndirectlyRelatedPods, counted per node: the active pods of every object of our kind that
   * shares this one's controller (the ReplicaSets of one Deployment), used to rank pods by how
   * doubled-up they are on a node. An object without a controller has no related pods, so all
   * its ranks are 0, as upstream. Upstream lists pods by each related selector; Podium counts each
   * related owner's controlled pods that match its selector, from that owner's view (brought up to
   * date first), so the cost is the number of nodes, not of pods (orphans that match are adopted
   * on their next sync anyway).
   */
  private relatedPodsPerNode(rs: KObject): Int32Array {
    if (this.perNodeScratch.length < nodeIdCount()) this.perNodeScratch = new Int32Array(Math.max(nodeIdCount(), 2 * this.perNodeScratch.length));
    const out = this.perNodeScratch.fill(0);
    const ref = controllerRef(rs);
    if (!ref) return out;
    for (const related of this.store.byIndex(this.flavor.kind, 'controller', ref.uid)) {
      const sel = this.flavor.selector(related);
      if (!sel.length) continue;
      const counts = this.ownedPods(related, sel).onNode;
      for (let i = 0; i < counts.length && i < out.length; i++) out[i] += counts[i];
    }
    return out;
  }

  /**
   * updateReplicaSetStatus: writes the status (with observedGeneration = generation) unless it
   * is unchanged and the generation was already observed.
   */
  private updateStatus(rs: KObject, status: Record<string, unknown>): void {
    const gen = rs.metadata.generation ?? 0;
    const old = rs.status ?? {};
    const { observedGeneration: _o, ...newRest } = status;
    const { observedGeneration: oldGen, ...oldRest } = old;
    void _o;
    if (deepEqual(newRest, oldRest) && (oldGen ?? 0) === gen) return;
    const next: Record<string, unknown> = { ...status, observedGeneration: gen };
    if (!gen) delete next.observedGeneration;
    this.store.updateStatus({ ...rs, status: next }, { owned: true });
  }

  // ----------------------------------------------------------------------------------------------
  // Snapshots

  /** Snapshot state: outstanding expectations. */
  save(): ReplicaSetControllerState {
    return { expectations: this.expectations.save() };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    this.expectations.load((raw as ReplicaSetControllerState | undefined)?.expectations);
    // The pod caches are derived state: the next sync of each owner rebuilds its own.
    this.caches.clear();
    this.dirty.clear();
  }
}

/**
 * Whether an update of a ReplicaSet changed only what the controller itself writes (its status
 * and resourceVersion): upstream resyncs on every update; such a sync would find nothing to do.
 */
function statusOnlyChange(old: KObject, cur: KObject): boolean {
  return (
    old.metadata.generation === cur.metadata.generation &&
    old.metadata.deletionTimestamp === cur.metadata.deletionTimestamp &&
    deepEqual(old.spec, cur.spec) &&
    deepEqual(old.metadata.ownerReferences, cur.metadata.ownerReferences) &&
    deepEqual(old.metadata.labels, cur.metadata.labels)
  );
}
