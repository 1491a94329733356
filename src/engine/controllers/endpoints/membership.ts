/**
 * What the Endpoints and EndpointSlice controllers share (staging/src/k8s.io/endpointslice/util:
 * controller_utils.go, trigger_time_tracker.go; pkg/api/v1/endpoints/util.go FindPort):
 *
 * - which Services select a pod (GetPodServiceMemberships), answered from an index of Services
 *   by selector pair instead of upstream's scan of every Service of the namespace. A pod labelled
 *   {app: web, tier: fe} looks up the Services indexed under `app=web` and `tier=fe` and keeps
 *   those whose whole selector matches, so with 1,000 Services in a namespace a pod change costs
 *   a handful of lookups rather than 1,000 selector matches;
 * - which pod changes matter (podEndpointsChanged);
 * - the EndpointsLastChangeTriggerTime bookkeeping.
 */
import type { ApiStore } from '../../store/store';
import type { KObject } from '../../api/types';
import { isPodReady, isPodTerminal } from '../../api/podutil';
import { parseTime, rfc3339 } from '../../api/time';

/** Index of Services by `namespace\0key\0value` of each selector pair (`namespace\0*` for `{}`). */
export const SERVICE_SELECTOR_INDEX = 'selectorPair';

/** endpoints.kubernetes.io/last-change-trigger-time */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** service.kubernetes.io/headless, set on the Endpoints and EndpointSlices of headless Services. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/**
 * Adds the selector-pair index on Services (idempotent). A Service with a selector is also
 * indexed under its bare namespace, so that a pod event in a namespace without such Services
 * (most pod events of a large rollout) costs one lookup and no allocation.
 */
export function installServiceSelectorIndex(store: ApiStore): void {
  store.addIndex('Service', SERVICE_SELECTOR_INDEX, (svc) => {
    const sel = svc.spec?.selector;
    if (!sel || svc.spec?.type === 'ExternalName') return undefined;
    const ns = svc.metadata.namespace ?? '';
    const keys = Object.keys(sel);
    if (!keys.length) return [ns, `${ns}\0*`];
    return [ns, ...keys.map((k) => `${ns}\0${k}\0${sel[k]}`)];
  });
}

/** Whether a Service's equality selector matches a label set (an empty map matches everything). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const k in selector) if (labels?.[k] !== selector[k]) return false;
  return true;
}

/** getServicesForPod: `namespace/name` keys of the Services whose selector matches the labels. */
export function servicesForLabels(store: ApiStore, namespace: string, labels: Record<string, string> | undefined): Set<string> {
  const out = new Set<string>();
  forEachServiceForLabels(store, namespace, labels, (k) => out.add(k));
  return out;
}

/**
 * servicesForLabels without building a set: calls `fn` with the key of each Service whose
 * selector matches, in the same order (a Service indexed under several of the labels comes once
 * per label; work queues ignore the repeats).
 */
export function forEachServiceForLabels(store: ApiStore, namespace: string, labels: Record<string, string> | undefined, fn: (key: string) => void): void {
  if (!store.indexCount('Service', SERVICE_SELECTOR_INDEX, namespace)) return;
  const consider = (svc: KObject, key: string) => {
    const sel = svc.spec?.selector;
    if (sel && selectorMatches(sel, labels)) fn(key);
  };
  store.forEachIndexed('Service', SERVICE_SELECTOR_INDEX, `${namespace}\0*`, consider);
  if (labels) for (const k in labels) store.forEachIndexed('Service', SERVICE_SELECTOR_INDEX, `${namespace}\0${k}\0${labels[k]}`, consider);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  // Versions of an object share their labels unless they were changed.
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b?.[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

/** podEndpointsChange bit: the endpoint moved (readiness, deletion, IPs, terminal phase). */
export const POD_CHANGED = 1;
/** podEndpointsChange bit: the pod may have moved between Services (labels, hostname, subdomain). */
export const LABELS_CHANGED = 2;

/**
 * podEndpointsChanged: [podChanged, labelsChanged]. Readiness, deletion and IPs move an endpoint;
 * labels, hostname and subdomain move the pod between Services. A status write that only bumps a
 * container's restart count changes neither, and no Service is touched.
 */
export function podEndpointsChanged(oldPod: KObject, newPod: KObject): [boolean, boolean] {
  const c = podEndpointsChange(oldPod, newPod);
  return [(c & POD_CHANGED) !== 0, (c & LABELS_CHANGED) !== 0];
}

/** podEndpointsChanged as bits (POD_CHANGED | LABELS_CHANGED), allocating nothing. */
export function podEndpointsChange(oldPod: KObject, newPod: KObject): number {
  const labels = !sameLabels(oldPod.metadata.labels, newPod.metadata.labels) || oldPod.spec?.hostname !== newPod.spec?.hostname || oldPod.spec?.subdomain !== newPod.spec?.subdomain ? LABELS_CHANGED : 0;
  if (oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp) return POD_CHANGED | labels;
  if (isPodReady(oldPod) !== isPodReady(newPod)) return POD_CHANGED | labels;
  const a: Array<{ ip: string }> | undefined = oldPod.status?.podIPs;
  const b: Array<{ ip: string }> | undefined = newPod.status?.podIPs;
  if (a !== b) {
    const na = a?.length ?? 0;
    if (na !== (b?.length ?? 0)) return POD_CHANGED | labels;
    for (let i = 0; i < na; i++) if (a![i].ip !== b![i].ip) return POD_CHANGED | labels;
  }
  // Terminal phases drop the pod from endpoints (ShouldPodBeInEndpoints); upstream sees them
  // through the readiness change that comes with them, which the kubelet always writes together.
  if (isPodTerminal(oldPod) !== isPodTerminal(newPod)) return POD_CHANGED | labels;
  return labels;
}

/**
 * GetServicesToUpdateOnPodChange: calls `fn` with the key of each Service a pod event concerns
 * (what the controllers' pod handlers enqueue).
 */
export function forEachServiceToUpdateOnPodChange(store: ApiStore, oldPod: KObject | undefined, newPod: KObject | undefined, fn: (key: string) => void): void {
  if (!oldPod && !newPod) return;
  if (!oldPod) return forEachServiceForLabels(store, newPod!.metadata.namespace ?? '', newPod!.metadata.labels, fn);
  if (!newPod) return forEachServiceForLabels(store, oldPod.metadata.namespace ?? '', oldPod.metadata.labels, fn);
  if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return;
  const change = podEndpointsChange(oldPod, newPod);
  if (!change) return;
  const ns = newPod.metadata.namespace ?? '';
  if (!(change & LABELS_CHANGED)) return forEachServiceForLabels(store, ns, newPod.metadata.labels, fn);
  for (const k of servicesToUpdateOnPodChange(store, oldPod, newPod)) fn(k);
}

/** GetServicesToUpdateOnPodChange: the Services a pod event concerns. */
export function servicesToUpdateOnPodChange(store: ApiStore, oldPod: KObject | undefined, newPod: KObject | undefined): Set<string> {
  if (!oldPod && !newPod) return new Set();
  if (!oldPod) return servicesForLabels(store, newPod!.metadata.namespace ?? '', newPod!.metadata.labels);
  if (!newPod) return servicesForLabels(store, oldPod.metadata.namespace ?? '', oldPod.metadata.labels);
  if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const ns = newPod.metadata.namespace ?? '';
  const now = servicesForLabels(store, ns, newPod.metadata.labels);
  if (!labelsChanged) return now;
  const before = servicesForLabels(store, ns, oldPod.metadata.labels);
  // determineNeededServiceUpdates: the union when the pod also changed, else the symmetric difference.
  const out = new Set<string>();
  for (const k of now) if (podChanged || !before.has(k)) out.add(k);
  for (const k of before) if (podChanged || !now.has(k)) out.add(k);
  return out;
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and not terminating unless included. */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length > 0)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: the pod's hostname is published when its subdomain names the Service. */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace;
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up among the containers'
 * ports (and restartable init containers'), matching the Service port's protocol. Undefined when
 * no container declares it, and the pod then gets no endpoint for that port.
 */
export function findPort(pod: KObject, svcPort: { targetPort?: number | string; port: number; protocol?: string }): number | undefined {
  const tp = svcPort.targetPort ?? svcPort.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  const proto = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  }
  return undefined;
}

/** The first pod IP (this cluster is single-stack IPv4). */
export function podIPv4(pod: KObject): string | undefined {
  const ips: Array<{ ip: string }> = pod.status?.podIPs ?? (pod.status?.podIP ? [{ ip: pod.status.podIP }] : []);
  return ips.find((x) => !x.ip.includes(':'))?.ip;
}

/** Plain-data state of a TriggerTimeTracker. */
export type TriggerTimeState = Array<[string, { svc: number; pods: Array<[string, number]> }]>;

/**
 * TriggerTimeTracker: the EndpointsLastChangeTriggerTime of a sync is the earliest trigger that
 * changed since the last sync: a pod's Ready condition lastTransitionTime or the Service's
 * creation. A Service seen for the first time uses its creationTimestamp. Example: pods a and b
 * became ready at 09:00:05 and 09:00:07 and were synced; pod b turns unready at 09:01:00 and a
 * at 09:01:02, and one sync sees both: the annotation says 09:01:00.
 */
export class TriggerTimeTracker {
  private states = new Map<string, { svc: number; pods: Map<string, number> }>();

  /** ComputeEndpointLastChangeTriggerTime, as ms (NaN for "no trigger": clear the annotation). */
  compute(svc: KObject, pods: readonly KObject[]): number {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const state = this.states.get(key);
    let min = NaN;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = parseTime(pod.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.lastTransitionTime);
      if (Number.isNaN(t)) continue;
      podTimes.set(pod.metadata.name, t);
      const before = state?.pods.get(pod.metadata.name);
      if (before === undefined || t > before) min = Number.isNaN(min) ? t : Math.min(min, t);
    }
    const svcTime = parseTime(svc.metadata.creationTimestamp);
    if (!state || svcTime > state.svc) min = Number.isNaN(min) ? svcTime : Math.min(min, svcTime);
    this.states.set(key, { svc: svcTime, pods: podTimes });
    return state ? min : svcTime;
  }

  /** Forgets a deleted Service. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }

  /** State for a snapshot (sorted, so restored copies serialise identically). */
  save(): TriggerTimeState {
    return [...this.states.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, { svc: v.svc, pods: [...v.pods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }]);
  }

  /** Restores save()'s output. */
  load(state: TriggerTimeState | undefined): void {
    this.states = new Map((state ?? []).map(([k, v]) => [k, { svc: v.svc, pods: new Map(v.pods) }]));
  }
}

/** The annotation value: RFC 3339 in UTC (trigger times are whole seconds, so RFC3339Nano prints no fraction). */
export function formatTriggerTime(ms: number): string {
  return rfc3339(ms);
}
