/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, v1.32): one pod per
 * eligible node. A node is eligible when the template's nodeSelector and required node affinity
 * match it and it has no NoSchedule/NoExecute taint the daemon pod does not tolerate (daemon pods
 * get the automatic tolerations of util.ts, so cordoned, not-ready and unreachable nodes keep
 * their daemons). Pods are created without a node but with a required node affinity on
 * `metadata.name`, so the default scheduler binds them, and carry the `controller-revision-hash`
 * and `pod-template-generation` labels.
 *
 * Updates: Podium serves no ControllerRevision objects; the hash is derived from the template
 * (computeHash) without storing revisions, so `kubectl rollout history/undo ds` have nothing to
 * show. The OnDelete strategy works (a deleted pod comes back with the current template) and so
 * does RollingUpdate with maxUnavailable (rollingUpdate below). Not simulated yet: surge
 * rollouts (maxSurge > 0 roll as if maxSurge were 0) and revision history clean-up.
 */
import { Controller, type ControllerContext, keyOf, splitKey } from '../../client/controller';
import type { WatchEvent } from '../../store/store';
import { type KObject, type OwnerReference, controllerRef } from '../../api/types';
import { type Selector, fromLabelSelector, matches } from '../../api/labels';
import { isApiError } from '../../api/errors';
import { clone, deepEqual } from '../../sim/dev';
import {
  ControllerExpectations,
  DS_BURST_REPLICAS,
  type ExpectationsState,
  type PodControl,
  ORPHAN_POD_INDEX,
  SLOW_START_INITIAL_BATCH_SIZE,
  adoptObject,
  computeHash,
  createPod,
  deletePod,
  newControllerRef,
  podFromTemplate,
  podKey,
  releaseObject,
  workloadDebug,
} from '../controller_utils';
import { DaemonView, daemonViewSignature } from './daemon_view';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  DAEMONSET_TEMPLATE_GENERATION_LABEL,
  addOrUpdateDaemonPodTolerations,
  comparePodsByCreationTimestampAndPhase,
  findUpdatedPodsOnNode,
  newDaemonPodSpec,
  nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
  scaledValueRoundUp,
  templateGeneration,
} from './util';
import { isPodAvailable } from '../../api/podutil';

/** Event source of the DaemonSet controller. */
export const DAEMONSET_COMPONENT = 'daemonset-controller';
/** Event reason for a failed daemon pod that is being replaced. */
export const FAILED_DAEMON_POD_REASON = 'FailedDaemonPod';
/** Event reason for a succeeded daemon pod that is being replaced. */
export const SUCCEEDED_DAEMON_POD_REASON = 'SucceededDaemonPod';
/** Event reason for a DaemonSet whose selector is empty. */
export const SELECTING_ALL_REASON = 'SelectingAll';

/** failedPodsBackoff = flowcontrol.NewBackOff(1s, 15min). */
const FAILED_POD_BACKOFF_INITIAL_MS = 1_000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

interface BackoffEntry {
  delayMs: number;
  lastUpdateMs: number;
}

/** The state the DaemonSet controller puts in snapshots. */
export interface DaemonSetControllerState {
  expectations: ExpectationsState;
  failedPodsBackoff: Array<[string, BackoffEntry]>;
}

/**
 * The hash labelled on daemon pods as `controller-revision-hash`: computeHash of the template and
 * collisionCount. Upstream hashes the ControllerRevision's data (a patch holding the template);
 * the value differs from a real cluster's, its role is the same: it changes with the template.
 */
export function daemonSetHash(ds: KObject): string {
  return computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
}

/** The DaemonSet controller. */
export class DaemonSetsController extends Controller {
  /** Expected pod creations and deletions per `namespace/name`. */
  readonly expectations: ControllerExpectations;
  /** At most this many pods are created or deleted per sync. */
  burstReplicas = DS_BURST_REPLICAS;
  private readonly podControl: PodControl;
  private failedPodsBackoff = new Map<string, BackoffEntry>();
  /** DaemonSet uid -> its per-node view (derived state: rebuilt after a restore). */
  private views = new Map<string, DaemonView>();

  /** Creates the controller and wires its watches (DaemonSets, Pods, Nodes). */
  constructor(ctx: ControllerContext) {
    super('daemonset-controller', ctx);
    this.expectations = new ControllerExpectations(() => this.runtime.now);
    this.podControl = { store: this.store, recorder: this.recorder, component: DAEMONSET_COMPONENT };
    this.store.watch('DaemonSet', (ev) => this.onDaemonSetEvent(ev));
    this.store.watch('Pod', (ev) => this.onPodEvent(ev));
    this.store.watch('Node', (ev) => this.onNodeEvent(ev));
  }

  // ----------------------------------------------------------------------------------------------
  // Event handlers

  private onDaemonSetEvent(ev: WatchEvent): void {
    const key = keyOf(ev.object);
    if (ev.type === 'DELETED') {
      this.expectations.deleteExpectations(key);
      this.views.delete(ev.object.metadata.uid);
      this.queue.add(key);
      return;
    }
    if (ev.type === 'MODIFIED' && ev.old && statusOnlyChange(ev.old, ev.object)) return;
    this.queue.add(key);
  }

  private onPodEvent(ev: WatchEvent): void {
    const pod = ev.object;
    for (const ref of [controllerRef(pod), ev.old && controllerRef(ev.old)]) {
      if (ref?.kind === 'DaemonSet') this.views.get(ref.uid)?.dirtyPods.add(pod.metadata.name);
    }
    if (ev.type === 'DELETED' || (ev.type === 'ADDED' && pod.metadata.deletionTimestamp)) {
      this.podDeleted(pod);
      return;
    }
    if (ev.type === 'ADDED') {
      const ref = controllerRef(pod);
      if (ref) {
        const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
        if (!ds) return;
        this.expectations.creationObserved(keyOf(ds));
        this.queue.add(keyOf(ds));
        return;
      }
      for (const ds of this.daemonSetsForPod(pod)) this.queue.add(keyOf(ds));
      return;
    }
    const old = ev.old!;
    if (pod.metadata.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const curRef = controllerRef(pod);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const ds = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (ds) this.queue.add(keyOf(ds));
    }
    if (curRef) {
      const ds = this.resolveControllerRef(pod.metadata.namespace, curRef);
      if (ds) this.queue.add(keyOf(ds));
      return;
    }
    const labelChanged = !deepEqual(old.metadata.labels, pod.metadata.labels);
    if (labelChanged || refChanged) for (const ds of this.daemonSetsForPod(pod)) this.queue.add(keyOf(ds));
  }

  private podDeleted(pod: KObject): void {
    const ref = controllerRef(pod);
    if (!ref) return;
    const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!ds) return;
    this.expectations.deletionObserved(keyOf(ds), podKey(pod));
    this.queue.add(keyOf(ds));
  }

  /**
   * addNode / updateNode: a new node wakes the DaemonSets that should run on it; a node whose
   * labels or taints changed wakes those whose decision for it changed. Upstream has no handler
   * for a deleted node: bound pods there are removed by the pod garbage collector, whose
   * deletions wake the DaemonSets, and a pod still waiting to be scheduled onto it is removed at
   * the DaemonSet's next sync (its periodic resync at the latest). Podium has no periodic resync,
   * so a deleted node wakes every DaemonSet once.
   */
  private onNodeEvent(ev: WatchEvent): void {
    const node = ev.object;
    const name = node.metadata.name;
    const old = ev.old;
    if (ev.type === 'MODIFIED' && deepEqual(old!.metadata.labels, node.metadata.labels) && deepEqual(old!.spec?.taints, node.spec?.taints)) return;
    for (const v of this.views.values()) v.dirtyNodes.add(name);
    const all = this.store.list('DaemonSet');
    const decide = (n: KObject, ds: KObject) => this.views.get(ds.metadata.uid)?.shouldRun(n) ?? nodeShouldRunDaemonPod(n, ds);
    if (ev.type === 'DELETED') {
      for (const ds of all) this.queue.add(keyOf(ds));
      return;
    }
    if (ev.type === 'ADDED') {
      for (const ds of all) if (decide(node, ds).shouldRun) this.queue.add(keyOf(ds));
      return;
    }
    for (const ds of all) {
      const a = decide(old!, ds);
      const b = decide(node, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.queue.add(keyOf(ds));
    }
  }

  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): KObject | undefined {
    if (ref.kind !== 'DaemonSet') return undefined;
    const ds = this.store.get('DaemonSet', namespace, ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  /** getDaemonSetsForPod: DaemonSets of the pod's namespace whose selector matches it. */
  private daemonSetsForPod(pod: KObject): KObject[] {
    return this.store.list('DaemonSet', { namespace: pod.metadata.namespace }).filter((ds) => {
      const sel = fromLabelSelector(ds.spec?.selector);
      return sel.length > 0 && matches(sel, pod.metadata.labels);
    });
  }

  // ----------------------------------------------------------------------------------------------
  // syncDaemonSet

  /** syncDaemonSet: reconciles one `namespace/name`. */
  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = this.store.get('DaemonSet', ns, name);
    if (!ds) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const selector = ds.spec?.selector;
    if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)) {
      this.recorder.event(ds, 'Warning', SELECTING_ALL_REASON, 'This daemon set is selecting all pods. A non-empty selector is required.', { component: DAEMONSET_COMPONENT });
      return;
    }
    // A DaemonSet being deleted (foreground or orphan) is left alone, status included.
    if (ds.metadata.deletionTimestamp) return;
    const hash = daemonSetHash(ds);
    const sel = fromLabelSelector(selector);
    const view = this.view(ds, sel, hash);
    this.claimPods(ds, sel, view);
    if (!this.expectations.satisfiedExpectations(key)) {
      this.updateDaemonSetStatus(ds, view, false);
      return;
    }
    let manageErr: unknown;
    try {
      this.manage(ds, view, hash, key);
    } catch (e) {
      if (!isApiError(e)) throw e;
      manageErr = e;
    }
    this.refreshView(view);
    // Process rolling updates once the creations and deletions of manage() are observed.
    if (!manageErr && this.expectations.satisfiedExpectations(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      try {
        this.rollingUpdate(ds, view, hash, key);
      } catch (e) {
        if (!isApiError(e)) throw e;
        manageErr = e;
      }
      this.refreshView(view);
    }
    const cur = this.store.get('DaemonSet', ns, name);
    if (cur && cur.metadata.uid === ds.metadata.uid) this.updateDaemonSetStatus(cur, view, true);
    if (manageErr) throw manageErr;
  }

  /**
   * rollingUpdate (update.go) without surge: deletes old-template pods so that at most
   * maxUnavailable daemon pods are unavailable at a time; manage() then creates the new pods on
   * those nodes once the old ones are gone. Old pods that are not available anyway are replaced
   * at once. Example: 5 nodes, maxUnavailable 1 (the default): one old pod is deleted, its
   * replacement must become available before the next old pod goes.
   * Not simulated: maxSurge > 0 (surge rollouts); such a DaemonSet rolls as without surge.
   */
  private rollingUpdate(ds: KObject, view: DaemonView, hash: string, key: string): void {
    const t = view.counts();
    // Nothing old left anywhere: every node that should run it has a current pod.
    if (t.updatedNumberScheduled === t.desiredNumberScheduled && t.numberMisscheduled === 0) return;
    const generation = templateGeneration(ds);
    const minReady: number = ds.spec?.minReadySeconds ?? 0;
    const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
    const desired = t.desiredNumberScheduled;
    let maxUnavailable = scaledValueRoundUp(ru.maxUnavailable ?? 1, desired);
    const maxSurge = scaledValueRoundUp(ru.maxSurge ?? 0, desired);
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    if (maxSurge > 0 && maxUnavailable === 0) maxUnavailable = 1;
    let numUnavailable = 0;
    const allowedReplacementPods: string[] = [];
    const candidatePodsToDelete: string[] = [];
    for (const entry of view.entries()) {
      const pods = entry.pods.map((n) => this.store.get('Pod', ds.metadata.namespace, n)).filter((p): p is KObject => !!p);
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash, generation);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        // manage() handles this node (creating or cleaning up): count it as unavailable.
        numUnavailable++;
      } else if (newPod) {
        if (!isPodAvailable(newPod, minReady, this.now)) numUnavailable++;
      } else if (!isPodAvailable(oldPod!, minReady, this.now)) {
        allowedReplacementPods.push(oldPod!.metadata.name);
      } else if (numUnavailable < maxUnavailable) {
        candidatePodsToDelete.push(oldPod!.metadata.name);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidatePodsToDelete.length);
    const oldPodsToDelete = [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remaining)];
    if (oldPodsToDelete.length) this.syncNodes(ds, oldPodsToDelete, [], hash, key);
  }

  /** The DaemonSet's per-node view, brought up to date or rebuilt when its signature moved. */
  private view(ds: KObject, selector: Selector, hash: string): DaemonView {
    const generation = templateGeneration(ds);
    let v = this.views.get(ds.metadata.uid);
    if (!v || v.signature !== daemonViewSignature(ds, hash, generation)) {
      v = DaemonView.build(this.store, ds, selector, newDaemonPodSpec(ds, ''), hash, generation);
      this.views.set(ds.metadata.uid, v);
    } else this.refreshView(v);
    return v;
  }

  private refreshView(v: DaemonView): void {
    v.refresh(this.store);
    if (!workloadDebug.verifyIncremental) return;
    const ds = v.ds;
    const hash = daemonSetHash(ds);
    const fresh = DaemonView.build(this.store, ds, fromLabelSelector(ds.spec?.selector), newDaemonPodSpec(ds, ''), hash, templateGeneration(ds));
    if (!v.sameAs(fresh)) throw new Error(`DaemonSet ${keyOf(ds)}: incremental node view differs from a rebuild`);
  }

  /**
   * getDaemonPods' ClaimPods: releases controlled pods that stopped matching the selector and
   * adopts matching orphans of the namespace (not those being deleted), in name order.
   */
  private claimPods(ds: KObject, selector: Selector, view: DaemonView): void {
    const errors: unknown[] = [];
    for (const name of [...view.nonMatching].sort()) {
      const pod = this.store.get('Pod', ds.metadata.namespace, name);
      if (!pod) continue;
      try {
        releaseObject(this.store, pod, ds.metadata.uid);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason !== 'NotFound') errors.push(e);
      }
    }
    const orphans = this.store
      .byIndex('Pod', ORPHAN_POD_INDEX, ds.metadata.namespace ?? '')
      .filter((p) => !p.metadata.deletionTimestamp && matches(selector, p.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const pod of orphans) {
      try {
        adoptObject(this.store, pod, ds);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason !== 'NotFound') errors.push(e);
      }
    }
    this.refreshView(view);
    if (errors.length) throw errors[0];
  }

  /**
   * manage: for each node where something must change, create the missing daemon pod or delete
   * the ones that should not be there (failed pods with a back-off, succeeded pods, surplus pods
   * keeping the oldest, pods on nodes the daemon no longer tolerates), and delete unscheduled
   * pods meant for nodes that no longer exist (getUnscheduledPodsWithoutNode).
   */
  private manage(ds: KObject, view: DaemonView, hash: string, key: string): void {
    const nodesNeeding: string[] = [];
    const podsToDelete: string[] = [];
    const ns = ds.metadata.namespace;
    for (const nodeName of view.pendingNodes()) {
      const entry = view.node(nodeName)!;
      const daemonPods = entry.pods.map((n) => this.store.get('Pod', ns, n)).filter((p): p is KObject => !!p);
      if (!entry.exists) {
        for (const pod of daemonPods) if (!pod.spec?.nodeName && !pod.metadata.deletionTimestamp) podsToDelete.push(pod.metadata.name);
        continue;
      }
      const { shouldRun, shouldContinueRunning } = entry.run;
      if (shouldRun && !daemonPods.length) {
        nodesNeeding.push(nodeName);
      } else if (shouldContinueRunning) {
        const running: KObject[] = [];
        for (const pod of daemonPods) {
          if (pod.metadata.deletionTimestamp) continue;
          const phase = pod.status?.phase;
          if (phase === 'Failed') {
            const bkey = `${key}/${nodeName}`;
            const wait = this.backoffRemaining(bkey);
            if (wait > 0) {
              this.queue.addAfter(key, wait);
              continue;
            }
            this.backoffNext(bkey);
            this.recorder.event(ds, 'Warning', FAILED_DAEMON_POD_REASON, `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`, {
              component: DAEMONSET_COMPONENT,
            });
            podsToDelete.push(pod.metadata.name);
          } else if (phase === 'Succeeded') {
            this.recorder.event(ds, 'Normal', SUCCEEDED_DAEMON_POD_REASON, `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to delete it`, {
              component: DAEMONSET_COMPONENT,
            });
            podsToDelete.push(pod.metadata.name);
          } else running.push(pod);
        }
        // Without surge, more than one running pod on a node: keep the oldest.
        if (running.length > 1) {
          running.sort(comparePodsByCreationTimestampAndPhase);
          for (let i = 1; i < running.length; i++) podsToDelete.push(running[i].metadata.name);
        }
      } else {
        for (const pod of daemonPods) if (!pod.metadata.deletionTimestamp) podsToDelete.push(pod.metadata.name);
      }
    }
    this.syncNodes(ds, podsToDelete, nodesNeeding, hash, key);
  }

  /**
   * syncNodes: sets expectations, creates daemon pods for the nodes in slow-start batches (1, 2,
   * 4, ...; stop after the first failing batch), then deletes the pods; at most burstReplicas
   * (250) of each per sync. Example: 600 new nodes take three syncs, 250 + 250 + 100.
   */
  private syncNodes(ds: KObject, podsToDelete: string[], nodesNeeding: string[], hash: string, key: string): void {
    const createDiff = Math.min(nodesNeeding.length, this.burstReplicas);
    const deleteDiff = Math.min(podsToDelete.length, this.burstReplicas);
    this.expectations.setExpectations(
      key,
      createDiff,
      podsToDelete.slice(0, deleteDiff).map((n) => `${ds.metadata.namespace}/${n}`),
    );
    const template = createPodTemplate(ds, templateGeneration(ds), hash);
    const ref = newControllerRef(ds);
    const errors: unknown[] = [];
    let batch = Math.min(createDiff, SLOW_START_INITIAL_BATCH_SIZE);
    for (let pos = 0; createDiff > pos; ) {
      const errorsBefore = errors.length;
      for (let i = pos; i < pos + batch; i++) {
        const podTemplate = clone(template);
        podTemplate.spec.affinity = replaceDaemonSetPodNodeNameNodeAffinity(podTemplate.spec.affinity, nodesNeeding[i]);
        try {
          createPod(this.podControl, podFromTemplate(podTemplate, ds, ref), ds);
        } catch (e) {
          if (!isApiError(e)) throw e;
          this.expectations.creationObserved(key);
          errors.push(e);
        }
      }
      const skipped = createDiff - (batch + pos);
      if (errors.length > errorsBefore && skipped > 0) {
        // Pods never attempted will not be observed; the next sync retries the slow start.
        this.expectations.lowerExpectations(key, skipped, 0);
        break;
      }
      pos += batch;
      batch = Math.min(2 * batch, createDiff - pos);
    }
    for (let i = 0; i < deleteDiff; i++) {
      const podName = podsToDelete[i];
      try {
        deletePod(this.podControl, ds.metadata.namespace!, podName, ds);
      } catch (e) {
        if (!isApiError(e)) throw e;
        this.expectations.deletionObserved(key, `${ds.metadata.namespace}/${podName}`);
        if (!isApiError(e, 'NotFound')) errors.push(e);
      }
    }
    if (errors.length) throw errors[0];
  }

  /**
   * updateDaemonSetStatus: per node that should run the daemon, desiredNumberScheduled; if it has
   * a pod, currentNumberScheduled, and the oldest pod counts for numberReady, numberAvailable
   * (ready for minReadySeconds) and updatedNumberScheduled (current hash or template generation);
   * pods on nodes that should not run it are numberMisscheduled. numberUnavailable = desired -
   * available. Written only when something changed or the generation is not yet observed.
   */
  private updateDaemonSetStatus(ds: KObject, view: DaemonView, updateObservedGen: boolean): void {
    const minReady: number = ds.spec?.minReadySeconds ?? 0;
    const t = view.counts();
    const { available, nextAtMs } = view.available(minReady, this.now);
    const unavailable = t.desiredNumberScheduled - available;
    const st = ds.status ?? {};
    const gen = ds.metadata.generation ?? 0;
    const same =
      (st.desiredNumberScheduled ?? 0) === t.desiredNumberScheduled &&
      (st.currentNumberScheduled ?? 0) === t.currentNumberScheduled &&
      (st.numberMisscheduled ?? 0) === t.numberMisscheduled &&
      (st.numberReady ?? 0) === t.numberReady &&
      (st.updatedNumberScheduled ?? 0) === t.updatedNumberScheduled &&
      (st.numberAvailable ?? 0) === available &&
      (st.numberUnavailable ?? 0) === unavailable &&
      (st.observedGeneration ?? 0) >= gen;
    if (!same) {
      const upd = clone(ds);
      const status: Record<string, unknown> = { ...(upd.status ?? {}) };
      if (updateObservedGen) status.observedGeneration = gen;
      // Non-omitempty fields are always written; the others only when non-zero.
      status.currentNumberScheduled = t.currentNumberScheduled;
      status.numberMisscheduled = t.numberMisscheduled;
      status.desiredNumberScheduled = t.desiredNumberScheduled;
      status.numberReady = t.numberReady;
      for (const [k, v] of [
        ['updatedNumberScheduled', t.updatedNumberScheduled],
        ['numberAvailable', available],
        ['numberUnavailable', unavailable],
      ] as const) {
        if (v) status[k] = v;
        else delete status[k];
      }
      if (!status.observedGeneration) delete status.observedGeneration;
      upd.status = status;
      this.store.updateStatus(upd);
    }
    // Upstream resyncs after minReadySeconds while ready != available; Podium requeues exactly
    // when the next ready pod becomes available.
    if (nextAtMs !== undefined) this.queue.addAfter(keyOf(ds), Math.max(1, nextAtMs - this.now));
  }

  // ----------------------------------------------------------------------------------------------
  // Failed-pod back-off (flowcontrol.Backoff: 1 s doubling to 15 min per DaemonSet and node)

  private backoffRemaining(bkey: string): number {
    const e = this.failedPodsBackoff.get(bkey);
    if (!e) return 0;
    const since = this.now - e.lastUpdateMs;
    return since < e.delayMs ? e.delayMs - since : 0;
  }

  private backoffNext(bkey: string): void {
    const e = this.failedPodsBackoff.get(bkey);
    // An entry idle for twice the maximum is forgotten and starts over (Backoff.Next's GC rule).
    if (!e || this.now - e.lastUpdateMs > 2 * FAILED_POD_BACKOFF_MAX_MS) {
      this.failedPodsBackoff.set(bkey, { delayMs: FAILED_POD_BACKOFF_INITIAL_MS, lastUpdateMs: this.now });
    } else {
      this.failedPodsBackoff.set(bkey, { delayMs: Math.min(e.delayMs * 2, FAILED_POD_BACKOFF_MAX_MS), lastUpdateMs: this.now });
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Snapshots

  /** Snapshot state: expectations and failed-pod back-offs. */
  save(): DaemonSetControllerState {
    return {
      expectations: this.expectations.save(),
      failedPodsBackoff: [...this.failedPodsBackoff.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, { ...v }]),
    };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    const s = raw as DaemonSetControllerState | undefined;
    this.expectations.load(s?.expectations);
    this.failedPodsBackoff = new Map((s?.failedPodsBackoff ?? []).map(([k, v]) => [k, { ...v }]));
    // The node views are derived state: the next sync of each DaemonSet rebuilds its own.
    this.views.clear();
  }
}

/**
 * CreatePodTemplate: the DaemonSet's template with the daemon tolerations and the
 * `pod-template-generation` and `controller-revision-hash` labels.
 */
export function createPodTemplate(ds: KObject, generation: number | undefined, hash: string): Record<string, any> {
  const t: Record<string, any> = clone(ds.spec?.template ?? {});
  t.spec ??= {};
  addOrUpdateDaemonPodTolerations(t.spec);
  t.metadata ??= {};
  t.metadata.labels = { ...(t.metadata.labels ?? {}) };
  if (generation !== undefined) t.metadata.labels[DAEMONSET_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) t.metadata.labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return t;
}

function statusOnlyChange(old: KObject, cur: KObject): boolean {
  return (
    old.metadata.generation === cur.metadata.generation &&
    old.metadata.deletionTimestamp === cur.metadata.deletionTimestamp &&
    deepEqual(old.spec, cur.spec) &&
    deepEqual(old.metadata.annotations, cur.metadata.annotations) &&
    deepEqual(old.metadata.ownerReferences, cur.metadata.ownerReferences)
  );
}
