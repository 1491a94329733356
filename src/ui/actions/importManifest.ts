/**
 * Importing a Podium export (`kubectl get ... -o yaml`, a v1 List of live objects) into a cluster:
 * like `kubectl neat`, it keeps what a user would have written and drops what the cluster itself
 * made. Objects a controller owns (a Deployment's ReplicaSets and their Pods), objects the cluster
 * creates by itself (Events, Endpoints, leases, the system namespaces and kube-system) and
 * server-set fields (uid, resourceVersion, status, cluster IPs) are left out; the controllers
 * recreate the rest. A hand-written manifest (no server fields) passes through untouched.
 */
import { parseAllDocuments, stringify } from 'yaml';

type Obj = Record<string, unknown> & { kind?: string; metadata?: Record<string, unknown> };

/** Kinds the cluster makes by itself. */
const GENERATED_KINDS = new Set(['Event', 'Endpoints', 'EndpointSlice', 'Lease', 'ControllerRevision', 'ComponentStatus', 'Node', 'Binding']);
/** Namespaces that exist in every cluster. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
/** Server-set metadata. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences'];
/** Annotations the server or controllers write. */
const SERVER_ANNOTATIONS = ['deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/last-applied-configuration', 'deprecated.daemonset.template.generation'];

/** Whether an object came out of a live cluster (it carries a uid or resourceVersion). */
export function isLiveObject(o: Obj): boolean {
  return !!o.metadata && ('uid' in o.metadata || 'resourceVersion' in o.metadata);
}

/** Why a live object is left out of an import, or null to keep it. */
export function skipReason(o: Obj): string | null {
  const m = o.metadata ?? {};
  const owners = (m.ownerReferences ?? []) as Array<{ controller?: boolean; kind?: string; name?: string }>;
  const controller = owners.find((r) => r.controller);
  if (controller) return `owned by ${String(controller.kind).toLowerCase()}/${controller.name}`;
  if (o.kind && GENERATED_KINDS.has(o.kind)) return 'made by the cluster';
  if (o.kind === 'Namespace' && SYSTEM_NAMESPACES.has(String(m.name))) return 'exists in every cluster';
  if (m.namespace === 'kube-system' || m.namespace === 'kube-node-lease' || m.namespace === 'kube-public') return 'a system object';
  if (o.kind === 'Service' && m.namespace === 'default' && m.name === 'kubernetes') return 'exists in every cluster';
  if (o.kind === 'ServiceAccount' && m.name === 'default') return 'made by the cluster';
  if (o.kind === 'ConfigMap' && m.name === 'kube-root-ca.crt') return 'made by the cluster';
  return null;
}

/** A live object without the fields the cluster set. */
export function neat(o: Obj): Obj {
  const out: Obj = { ...o };
  delete out.status;
  const m: Record<string, unknown> = { ...(o.metadata ?? {}) };
  for (const k of SERVER_METADATA) delete m[k];
  if (m.annotations && typeof m.annotations === 'object') {
    const a = { ...(m.annotations as Record<string, string>) };
    for (const k of SERVER_ANNOTATIONS) delete a[k];
    if (Object.keys(a).length) m.annotations = a;
    else delete m.annotations;
  }
  out.metadata = m;
  if (o.kind === 'Service' && o.spec && typeof o.spec === 'object') {
    const spec = { ...(o.spec as Record<string, unknown>) };
    delete spec.clusterIP;
    delete spec.clusterIPs;
    out.spec = spec;
  }
  return out;
}

/** The outcome of preparing an import. */
export interface PreparedImport {
  /** The manifest to pipe to `kubectl apply -f -`. */
  text: string;
  /** Whether the text was rewritten (it held live objects). */
  rewritten: boolean;
  /** Objects left out, with the reason (`deployment/web: owned by ...`). */
  skipped: string[];
}

/**
 * Prepares a file for `kubectl apply -f -`. Text that is not a Podium export, or that YAML cannot
 * parse, is returned as it is, so that kubectl reports its errors with line and column itself.
 */
export function prepareImport(text: string): PreparedImport {
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return { text, rewritten: false, skipped: [] };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length)) return { text, rewritten: false, skipped: [] };
  const objects: Obj[] = [];
  for (const d of list) {
    const v = d.toJS() as Obj | null;
    if (!v || typeof v !== 'object') continue;
    if (v.kind === 'List' && Array.isArray(v.items)) objects.push(...(v.items as Obj[]));
    else objects.push(v);
  }
  if (!objects.some(isLiveObject)) return { text, rewritten: false, skipped: [] };
  const kept: Obj[] = [];
  const skipped: string[] = [];
  for (const o of objects) {
    if (!isLiveObject(o)) {
      kept.push(o);
      continue;
    }
    const why = skipReason(o);
    if (why) skipped.push(`${String(o.kind).toLowerCase()}/${String(o.metadata?.name)}: ${why}`);
    else kept.push(neat(o));
  }
  // Namespaces first, so that objects in them can be created.
  kept.sort((a, b) => (a.kind === 'Namespace' ? 0 : 1) - (b.kind === 'Namespace' ? 0 : 1));
  return { text: kept.map((o) => stringify(o)).join('---\n'), rewritten: true, skipped };
}
