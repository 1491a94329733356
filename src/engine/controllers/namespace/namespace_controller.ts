/**
 * The namespace controller (pkg/controller/namespace, deletion/namespaced_resources_deleter.go,
 * v1.32). A namespace with a deletionTimestamp (phase Terminating, set by the API server) has all
 * its namespaced objects deleted with background propagation; the status conditions say what is
 * left (NamespaceContentRemaining, NamespaceFinalizersRemaining, ...); once nothing is left the
 * `kubernetes` finalizer is removed from spec.finalizers and the API server removes the namespace.
 *
 * Upstream requeues a namespace with content left after half its pods' grace period; Podium
 * re-checks whenever an object of a terminating namespace is removed or loses a finalizer, so
 * the namespace goes as soon as its last object does.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { WatchEvent } from '../../store/store';
import type { KObject } from '../../api/types';
import { KINDS } from '../../api/registry';
import { isApiError } from '../../api/errors';
import { rfc3339 } from '../../api/time';
import { clone, deepEqual } from '../../sim/dev';

/** The spec finalizer the namespace controller owns (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** The namespace condition types the controller maintains, in upstream's order. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK_REASONS: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
};

const OK_MESSAGES: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
};

/** A namespace status condition. */
export interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** What deleteAllContent found left over. */
export interface ContentTotals {
  /** `resource.group` -> remaining count, e.g. `pods.` -> 3, `deployments.apps` -> 1. */
  remaining: Map<string, number>;
  /** finalizer -> number of remaining objects carrying it. */
  finalizers: Map<string, number>;
  /** Messages of failed deletions. */
  errors: string[];
}

/**
 * The conditions for a deletion pass (namespaceConditionUpdater): failures and leftovers as True
 * conditions with upstream's messages (`Some resources are remaining: pods. has 2 resource
 * instances`, `Some content in the namespace has finalizers remaining: foregroundDeletion in 1
 * resource instances`), every
 * other type as its False "ok" variant. A condition keeps its lastTransitionTime unless its
 * status flips.
 */
export function namespaceConditions(existing: readonly NamespaceCondition[] | undefined, totals: ContentTotals, nowMs: number): NamespaceCondition[] {
  const now = rfc3339(nowMs);
  const fresh = new Map<string, NamespaceCondition>();
  if (totals.errors.length) {
    const msgs = [...totals.errors].sort();
    fresh.set('NamespaceDeletionContentFailure', {
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: now,
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  const remaining = [...totals.remaining.entries()].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`);
  if (totals.remaining.size) {
    fresh.set('NamespaceContentRemaining', {
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${remaining.sort().join(', ')}`,
    });
  }
  const fins = [...totals.finalizers.entries()].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`);
  if (totals.finalizers.size) {
    fresh.set('NamespaceFinalizersRemaining', {
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${fins.sort().join(', ')}`,
    });
  }
  const out: NamespaceCondition[] = (existing ?? []).map((c) => ({ ...c }));
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const want = fresh.get(type) ?? { type, status: 'False', lastTransitionTime: now, reason: OK_REASONS[type], message: OK_MESSAGES[type] };
    const cur = out.find((c) => c.type === type);
    if (!cur) out.push(want);
    else if (cur.status !== want.status || cur.message !== want.message || cur.reason !== want.reason) {
      if (cur.status !== want.status) cur.lastTransitionTime = now;
      cur.status = want.status;
      cur.reason = want.reason;
      cur.message = want.message;
    }
  }
  return out;
}

/** The namespace controller. */
export class NamespaceController extends Controller {
  /** Creates the controller; it watches namespaces and every namespaced kind. */
  constructor(ctx: ControllerContext) {
    super('namespace-controller', ctx);
    this.store.watch('Namespace', (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) this.queue.add(ev.object.metadata.name);
    });
    this.store.watch('*', (ev) => this.onObject(ev));
  }

  private onObject(ev: WatchEvent): void {
    const ns = ev.object.metadata.namespace;
    if (!ns || ev.object.kind === 'Namespace') return;
    if (ev.type === 'ADDED') return;
    if (ev.type === 'MODIFIED' && deepEqual(ev.old?.metadata.finalizers, ev.object.metadata.finalizers)) return;
    const nsObj = this.store.get('Namespace', undefined, ns);
    if (nsObj?.metadata.deletionTimestamp) this.queue.add(ns);
  }

  /** syncNamespaceFromKey: one deletion pass over a terminating namespace. */
  protected sync(name: string): void {
    const ns = this.store.get('Namespace', undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating') {
      const upd = clone(ns);
      upd.status = { ...(upd.status ?? {}), phase: 'Terminating' };
      this.store.updateStatus(upd);
    }
    // Already finalized: the API server removes it once its metadata.finalizers are gone too.
    if (!(ns.spec?.finalizers ?? []).includes(FINALIZER_KUBERNETES)) return;
    const totals = this.deleteAllContent(name);
    const cur = this.store.get('Namespace', undefined, name)!;
    const conditions = namespaceConditions(cur.status?.conditions, totals, this.now);
    if (!deepEqual(conditions, cur.status?.conditions)) {
      const upd = clone(cur);
      upd.status = { ...(upd.status ?? {}), conditions };
      this.store.updateStatus(upd);
    }
    if (totals.remaining.size || totals.errors.length) return;
    this.finalizeNamespace(name);
  }

  /**
   * deleteAllContent: deletes every object of every namespaced kind (background propagation),
   * then counts what is left (pods terminating gracefully, objects held by finalizers).
   */
  private deleteAllContent(namespace: string): ContentTotals {
    const totals: ContentTotals = { remaining: new Map(), finalizers: new Map(), errors: [] };
    for (const info of KINDS) {
      if (!info.namespaced || !info.verbs.includes('delete')) continue;
      for (const obj of this.store.list(info.kind, { namespace })) {
        if (obj.metadata.deletionTimestamp) continue;
        try {
          this.store.delete(info.kind, namespace, obj.metadata.name, { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isApiError(e)) throw e;
          if (e.reason !== 'NotFound') totals.errors.push(e.message);
        }
      }
      const left = this.store.list(info.kind, { namespace });
      if (!left.length) continue;
      totals.remaining.set(`${info.resource}.${info.group}`, left.length);
      for (const obj of left) for (const f of obj.metadata.finalizers ?? []) totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + 1);
    }
    return totals;
  }

  /** finalizeNamespace: removes the `kubernetes` token from spec.finalizers (the finalize subresource). */
  private finalizeNamespace(name: string): void {
    const ns = this.store.get<KObject>('Namespace', undefined, name);
    if (!ns) return;
    const upd = clone(ns);
    upd.spec = { ...(upd.spec ?? {}), finalizers: (upd.spec?.finalizers ?? []).filter((f: string) => f !== FINALIZER_KUBERNETES) };
    delete (upd.metadata as { resourceVersion?: string }).resourceVersion;
    try {
      this.store.update(upd);
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
    }
  }
}
