/**
 * The garbage collector (pkg/controller/garbagecollector, v1.32): cascading deletion through
 * ownerReferences.
 *
 * - Background: when an owner is gone, each dependent whose owners are all gone (dangling) is
 *   deleted; one whose other owners still exist only loses the dangling references.
 * - Foreground: an owner deleted with the `foregroundDeletion` finalizer has its dependents
 *   deleted; it keeps the finalizer until no dependent with `blockOwnerDeletion: true` is left
 *   (dependents that have dependents of their own are deleted in foreground in turn).
 * - Orphan: an owner deleted with the `orphan` finalizer has its ownerReference removed from
 *   every dependent, then the finalizer removed.
 *
 * Upstream keeps a dependency graph built from informers; Podium's store is the graph: its
 * `owner` index maps an owner's uid to its dependents in every kind. Work is event-driven: the
 * deletion of an object enqueues its dependents, the start of a foreground or orphan deletion
 * enqueues the owner, a dependent disappearing or unblocking enqueues an owner waiting for it.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { DeleteOptions, WatchEvent } from '../../store/store';
import { type KObject, type OwnerReference } from '../../api/types';
import { KINDS, kindInfo } from '../../api/registry';
import { isApiError } from '../../api/errors';
import { clone, deepEqual } from '../../sim/dev';

/** metav1.FinalizerDeleteDependents. */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';
/** metav1.FinalizerOrphanDependents. */
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';

const DELETE = 'd';
const ORPHAN = 'o';

function itemKey(op: string, obj: { kind: string; metadata: { namespace?: string; name: string } }): string {
  return `${op}|${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

function hasFinalizer(obj: KObject, f: string): boolean {
  return !!obj.metadata.finalizers?.includes(f);
}

/** Whether an object is being deleted in foreground (deletionTimestamp and the foregroundDeletion finalizer). */
export function isDeletingDependents(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
}

function compareObjs(a: KObject, b: KObject): number {
  const ka = `${a.kind}\0${a.metadata.namespace ?? ''}\0${a.metadata.name}`;
  const kb = `${b.kind}\0${b.metadata.namespace ?? ''}\0${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The garbage collector. */
export class GarbageCollector extends Controller {
  /** Creates the collector and watches every kind. */
  constructor(ctx: ControllerContext) {
    super('garbagecollector', ctx);
    this.store.countAcrossKinds('owner');
    this.store.watch('*', (ev) => this.onEvent(ev));
  }

  /** Every object whose ownerReferences name `uid`, in kind/namespace/name order. */
  dependentsOf(uid: string): KObject[] {
    // Most objects (every expiring Event, every deleted pod) have no dependents at all.
    if (!this.store.indexedAnywhere('owner', uid)) return [];
    const out: KObject[] = [];
    for (const info of KINDS) out.push(...this.store.byIndex(info.kind, 'owner', uid));
    return out.sort(compareObjs);
  }

  // ----------------------------------------------------------------------------------------------
  // Graph changes (processGraphChanges): only enqueue

  private onEvent(ev: WatchEvent): void {
    const obj = ev.object;
    if (ev.type === 'DELETED') {
      // The dependents of a removed owner are checked; owners waiting for this dependent re-check.
      for (const dep of this.dependentsOf(obj.metadata.uid)) this.queue.add(itemKey(DELETE, dep));
      for (const ref of obj.metadata.ownerReferences ?? []) this.enqueueOwnerIfDeletingDependents(obj, ref);
      return;
    }
    const old = ev.old;
    const meta = obj.metadata;
    if (meta.deletionTimestamp) {
      const wasDeleting = !!old?.metadata.deletionTimestamp;
      if (hasFinalizer(obj, FINALIZER_ORPHAN_DEPENDENTS) && !(wasDeleting && old && hasFinalizer(old, FINALIZER_ORPHAN_DEPENDENTS))) {
        this.queue.add(itemKey(ORPHAN, obj));
      }
      if (hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS) && !(wasDeleting && old && hasFinalizer(old, FINALIZER_DELETE_DEPENDENTS))) {
        // markDeletingDependents: every dependent is attempted, then the owner itself.
        for (const dep of this.dependentsOf(meta.uid)) this.queue.add(itemKey(DELETE, dep));
        this.queue.add(itemKey(DELETE, obj));
      }
    }
    const refs: OwnerReference[] = meta.ownerReferences ?? [];
    const oldRefs: OwnerReference[] = old?.metadata.ownerReferences ?? [];
    if (!refs.length && !oldRefs.length) return;
    if (old && deepEqual(refs, oldRefs)) return;
    // References removed, or no longer blocking: an owner waiting for this dependent re-checks.
    for (const o of oldRefs) {
      const now = refs.find((r) => r.uid === o.uid);
      if (!now || (o.blockOwnerDeletion && !now.blockOwnerDeletion)) this.enqueueOwnerIfDeletingDependents(obj, o);
    }
    // New references to owners that are absent or being deleted in foreground: check the dependent.
    for (const r of refs) {
      if (oldRefs.some((o) => o.uid === r.uid)) continue;
      const owner = this.resolveOwner(obj, r);
      if (owner === null) continue;
      if (!owner || owner.metadata.uid !== r.uid || isDeletingDependents(owner)) {
        this.queue.add(itemKey(DELETE, obj));
        break;
      }
    }
  }

  private enqueueOwnerIfDeletingDependents(dependent: KObject, ref: OwnerReference): void {
    const owner = this.resolveOwner(dependent, ref);
    if (owner && owner.metadata.uid === ref.uid && isDeletingDependents(owner)) this.queue.add(itemKey(DELETE, owner));
  }

  /**
   * The owner a reference names, looked up by kind and name in the dependent's namespace (or
   * cluster-wide for cluster-scoped kinds); undefined when absent; null when the reference cannot
   * be resolved (a kind Podium does not serve, or a cluster-scoped dependent naming a namespaced
   * owner), which the collector leaves alone.
   */
  private resolveOwner(dependent: KObject, ref: OwnerReference): KObject | undefined | null {
    const info = kindInfo(ref.kind);
    if (!info) return null;
    if (info.namespaced && !dependent.metadata.namespace) return null;
    return this.store.get(ref.kind, info.namespaced ? dependent.metadata.namespace : undefined, ref.name);
  }

  // ----------------------------------------------------------------------------------------------
  // Workers

  /** Processes one item: `d|Kind|ns|name` (attemptToDelete) or `o|Kind|ns|name` (attemptToOrphan). */
  protected sync(key: string): void {
    const [op, kind, ns, name] = key.split('|');
    const obj = this.store.get(kind, ns || undefined, name);
    if (!obj) return;
    if (op === ORPHAN) this.attemptToOrphan(obj);
    else this.attemptToDeleteItem(obj);
  }

  /**
   * attemptToDeleteItem: deletes the object when none of its owners is left ("solid"); strips
   * references to owners that are gone or waiting for their dependents when others remain.
   */
  private attemptToDeleteItem(item: KObject): void {
    // Being deleted is a one-way trip; only a foreground deletion still needs the collector.
    if (item.metadata.deletionTimestamp && !isDeletingDependents(item)) return;
    if (isDeletingDependents(item)) {
      this.processDeletingDependentsItem(item);
      return;
    }
    const refs: OwnerReference[] = item.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = this.resolveOwner(item, ref);
      if (owner === null) {
        // Unresolvable: upstream retries forever without deleting; treat the owner as present.
        solid.push(ref);
      } else if (!owner || owner.metadata.uid !== ref.uid) dangling.push(ref);
      else if (isDeletingDependents(owner)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // Waiting references must go too, or their owners would wait for this object forever.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.patchOwnerReferences(item, (rs) => rs.filter((r) => !drop.has(r.uid)));
      return;
    }
    if (waiting.length && this.dependentsOf(item.metadata.uid).length) {
      // An object with dependents of its own whose owner waits for it: delete it in foreground,
      // first unblocking its references if a dependent also deletes in foreground (cycle guard).
      if (this.dependentsOf(item.metadata.uid).some(isDeletingDependents)) {
        this.patchOwnerReferences(item, (rs) => rs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
      }
      this.deleteObject(item, 'Foreground');
      return;
    }
    const policy = hasFinalizer(item, FINALIZER_ORPHAN_DEPENDENTS) ? 'Orphan' : hasFinalizer(item, FINALIZER_DELETE_DEPENDENTS) ? 'Foreground' : 'Background';
    this.deleteObject(item, policy);
  }

  /**
   * processDeletingDependentsItem: an owner deleting in foreground loses its finalizer once no
   * dependent blocks it (a reference with blockOwnerDeletion); until then its blocking
   * dependents are attempted.
   */
  private processDeletingDependentsItem(item: KObject): void {
    const uid = item.metadata.uid;
    const blocking = this.dependentsOf(uid).filter((d) => (d.metadata.ownerReferences ?? []).some((r: OwnerReference) => r.uid === uid && r.blockOwnerDeletion));
    if (!blocking.length) {
      this.removeFinalizer(item, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const dep of blocking) if (!isDeletingDependents(dep)) this.queue.add(itemKey(DELETE, dep));
  }

  /** attemptToOrphan: removes the owner's reference from every dependent, then its `orphan` finalizer. */
  private attemptToOrphan(owner: KObject): void {
    if (!owner.metadata.deletionTimestamp || !hasFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS)) return;
    const uid = owner.metadata.uid;
    for (const dep of this.dependentsOf(uid)) {
      try {
        this.patchOwnerReferences(dep, (rs) => rs.filter((r) => r.uid !== uid));
      } catch (e) {
        if (!isApiError(e, 'NotFound')) throw e;
      }
    }
    const fresh = this.store.get(owner.kind, owner.metadata.namespace, owner.metadata.name);
    if (fresh && fresh.metadata.uid === uid) this.removeFinalizer(fresh, FINALIZER_ORPHAN_DEPENDENTS);
  }

  // ----------------------------------------------------------------------------------------------
  // Writes

  private patchOwnerReferences(obj: KObject, edit: (refs: OwnerReference[]) => OwnerReference[]): void {
    const upd = clone(obj);
    const refs = edit(upd.metadata.ownerReferences ?? []);
    if (refs.length) upd.metadata.ownerReferences = refs;
    else delete upd.metadata.ownerReferences;
    delete (upd.metadata as { resourceVersion?: string }).resourceVersion;
    this.store.update(upd);
  }

  private removeFinalizer(obj: KObject, finalizer: string): void {
    const upd = clone(obj);
    const fins = (upd.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
    if (fins.length) upd.metadata.finalizers = fins;
    else delete upd.metadata.finalizers;
    delete (upd.metadata as { resourceVersion?: string }).resourceVersion;
    try {
      this.store.update(upd);
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
    }
  }

  private deleteObject(obj: KObject, policy: DeleteOptions['propagationPolicy']): void {
    try {
      this.store.delete(obj.kind, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: policy, preconditions: { uid: obj.metadata.uid } });
    } catch (e) {
      // Gone already, or replaced by a new object of the same name: nothing to collect.
      if (isApiError(e, 'NotFound') || isApiError(e, 'Conflict')) return;
      throw e;
    }
  }
}
