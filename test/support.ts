/**
 * Helpers shared by the whole-engine tests: short structural diffs (a failing comparison of two
 * snapshots must say where they differ, not print megabytes), and small store queries.
 */
import type { Cluster } from '../src/index';
import type { KObject } from '../src/engine/api/types';

/** The JSON paths at which two plain values differ (at most `limit`), for readable failures. */
export function diffPaths(a: unknown, b: unknown, limit = 10, path = '$', out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (a === b) return out;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    out.push(`${path}: ${short(a)} != ${short(b)}`);
    return out;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path}: array vs object`);
    return out;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) out.push(`${path}.length: ${a.length} != ${bb.length}`);
    for (let i = 0; i < Math.min(a.length, bb.length); i++) diffPaths(a[i], bb[i], limit, `${path}[${i}]`, out);
    return out;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) diffPaths(ao[k], bo[k], limit, `${path}.${k}`, out);
  return out;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Pods of a namespace that are not being deleted. */
export function liveObjects(cluster: Cluster, kind: string, namespace = 'default'): KObject[] {
  return cluster.engine.store.list(kind, { namespace }).filter((o) => !o.metadata.deletionTimestamp);
}

/** Resolves maxSurge/maxUnavailable (numbers or percentages) for `replicas` as upstream rounds them. */
export function fenceposts(strategy: KObject['spec'], replicas: number): { surge: number; unavailable: number } {
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { surge: 0, unavailable: replicas };
  const ru = strategy?.rollingUpdate ?? {};
  const scaled = (v: number | string | undefined, def: string, up: boolean) => {
    const x = v ?? def;
    if (typeof x === 'number') return x;
    const pct = Number(String(x).replace('%', ''));
    return up ? Math.ceil((pct * replicas) / 100) : Math.floor((pct * replicas) / 100);
  };
  const surge = scaled(ru.maxSurge, '25%', true);
  let unavailable = scaled(ru.maxUnavailable, '25%', false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

/** Ready for minReadySeconds (podutil.IsPodAvailable, at the simulated `now`). */
export function podAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const c = (pod.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready');
  if (c?.status !== 'True') return false;
  return !minReadySeconds || Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 <= now;
}

/** What a Deployment's rollout looks like now: its ReplicaSets' pods, counted as the bounds need. */
export interface RolloutView {
  replicas: number;
  surge: number;
  unavailable: number;
  /** Pods of the Deployment's ReplicaSets that are neither terminating nor finished. */
  active: KObject[];
  /** Of those, the available ones. */
  available: KObject[];
  /** Pods (any state but finished) whose first container runs the template's image. */
  current: KObject[];
  /** Pods (any state but finished, terminating included) that run another image. */
  previous: KObject[];
}

/** The pods a Deployment controls (through its ReplicaSets), seen at the cluster's current time. */
export function rolloutView(cluster: Cluster, name: string, namespace = 'default'): RolloutView | undefined {
  const { store } = cluster.engine;
  const d = store.get('Deployment', namespace, name);
  if (!d) return undefined;
  const rsUids = new Set(
    store
      .list('ReplicaSet', { namespace })
      .filter((rs) => rs.metadata.ownerReferences?.some((o: { uid: string; controller?: boolean }) => o.controller && o.uid === d.metadata.uid))
      .map((rs) => rs.metadata.uid),
  );
  const pods = store
    .list('Pod', { namespace })
    .filter((p) => p.metadata.ownerReferences?.some((o: { uid: string; controller?: boolean }) => o.controller && rsUids.has(o.uid)))
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const replicas = d.spec.replicas ?? 1;
  const { surge, unavailable } = fenceposts(d.spec.strategy, replicas);
  const active = pods.filter((p) => !p.metadata.deletionTimestamp);
  const now = cluster.now();
  const image = d.spec.template.spec.containers[0].image;
  return {
    replicas,
    surge,
    unavailable,
    active,
    available: active.filter((p) => podAvailable(p, d.spec.minReadySeconds ?? 0, now)),
    current: pods.filter((p) => p.spec.containers[0].image === image),
    previous: pods.filter((p) => p.spec.containers[0].image !== image),
  };
}
