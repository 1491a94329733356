/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go and the
 * reconciler of staging/src/k8s.io/endpointslice of v1.32): one or more discovery.k8s.io/v1
 * EndpointSlices per Service with a selector, named `<service>-<5 random characters>`, owned by the
 * Service, labelled `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`,
 * holding at most 100 endpoints each, grouped by the set of ports the pods resolve to. Unlike
 * Endpoints, terminating pods stay listed with conditions ready=false, serving=<readiness>,
 * terminating=true, which is what kube-proxy uses during a rolling update.
 *
 * The reconciler keeps endpoints where they are: existing slices drop what is gone and take
 * updates; new endpoints fill the slices being updated anyway (fullest first), then an unchanged
 * slice with room for all of them, then new slices. A Service without endpoints keeps one empty
 * placeholder slice.
 */
import { Controller, splitKey, type ControllerContext } from '../../client/controller';
import type { KObject, NewObject } from '../../api/types';
import { isPodReady } from '../../api/podutil';
import { fromMap } from '../../api/labels';
import { deepEqual } from '../../sim/dev';
import { newControllerRef } from '../controller_utils';
import {
  findPort,
  formatTriggerTime,
  HEADLESS_LABEL,
  installServiceSelectorIndex,
  LAST_CHANGE_TRIGGER_TIME,
  podIPv4,
  forEachServiceToUpdateOnPodChange,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  TriggerTimeTracker,
  type TriggerTimeState,
} from '../endpoints/membership';

/** kubernetes.io/service-name */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** endpointslice.kubernetes.io/managed-by */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** The controller's name in the managed-by label. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** A discovery/v1 endpoint (Go field order: addresses, conditions, hostname, targetRef, nodeName, zone). */
export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: { kind: string; namespace: string; name: string; uid: string };
  nodeName?: string;
  zone?: string;
}

/** A discovery/v1 port (name, protocol, port, appProtocol). */
export interface SlicePort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

/** podToEndpoint. */
export function podToEndpoint(pod: KObject, node: KObject | undefined, svc: KObject): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // "ready" is never true for a terminating pod unless publishNotReadyAddresses is set.
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ip = podIPv4(pod);
  const ep: SliceEndpoint = {
    addresses: ip ? [ip] : [],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (shouldSetHostname(pod, svc)) {
    // Keep Go's field order: hostname comes before targetRef.
    const { targetRef } = ep;
    delete (ep as Partial<SliceEndpoint>).targetRef;
    ep.hostname = pod.spec.hostname;
    ep.targetRef = targetRef;
  }
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  if (zone) ep.zone = zone;
  return ep;
}

/** getEndpointPorts: the Service ports resolved for one pod (named targetPorts per pod). */
export function getEndpointPorts(svc: KObject, pod: KObject): SlicePort[] {
  const ports: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }> = svc.spec?.ports ?? [];
  const out: SlicePort[] = [];
  for (const sp of ports) {
    const num = findPort(pod, sp);
    if (num === undefined) continue;
    out.push({ name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port: num, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** NewPortMapKey: a key for a set of ports (order-independent). */
export function portMapKey(ports: readonly SlicePort[] | null | undefined): string {
  return (ports ?? [])
    .map((p) => `${p.name}/${p.protocol}/${p.port}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
}

const endpointKey = (e: SliceEndpoint) => `${e.targetRef?.uid ?? ''}|${[...e.addresses].sort().join(',')}|${e.hostname ?? ''}`;

/** setEndpointSliceLabels: the Service's labels plus the reserved ones; `updated` when the Service's own labels changed. */
export function sliceLabels(slice: KObject | undefined, svc: KObject): { labels: Record<string, string>; updated: boolean } {
  const reserved = (k: string) => k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === HEADLESS_LABEL;
  const have: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {})) if (!reserved(k)) have[k] = v;
  const want: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!reserved(k)) want[k] = v;
  const updated = !deepEqual(have, want);
  const headless = !svc.spec?.clusterIP || svc.spec.clusterIP === 'None';
  if (headless) want[HEADLESS_LABEL] = '';
  want[LABEL_SERVICE_NAME] = svc.metadata.name;
  want[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels: want, updated };
}

/** A slice being built or changed (name empty until created). */
interface WorkSlice {
  name: string;
  obj?: KObject;
  labels: Record<string, string>;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/** The plan of one sync: slices to create, update and delete. */
export interface SlicePlan {
  create: WorkSlice[];
  update: WorkSlice[];
  delete: KObject[];
}

/**
 * reconcileByAddressType for the IPv4 family: the plan that turns `existing` (this Service's
 * slices, sorted by name) into slices holding `desired` (endpoint and ports per pod, in pod order).
 */
export function planSlices(svc: KObject, desired: Array<{ ep: SliceEndpoint; ports: SlicePort[] }>, existing: readonly KObject[], max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const existingByPortMap = new Map<string, KObject[]>();
  for (const s of existing) {
    const owned = (s.metadata.ownerReferences ?? []).some((o: { uid: string; kind: string; apiVersion: string }) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
    if (!owned) {
      plan.delete.push(s);
      continue;
    }
    const k = portMapKey(s.ports);
    existingByPortMap.set(k, [...(existingByPortMap.get(k) ?? []), s]);
  }
  const desiredByPortMap = new Map<string, { ports: SlicePort[]; eps: Map<string, SliceEndpoint> }>();
  for (const d of desired) {
    const k = portMapKey(d.ports);
    let g = desiredByPortMap.get(k);
    if (!g) desiredByPortMap.set(k, (g = { ports: d.ports, eps: new Map() }));
    if (d.ep.addresses.length) g.eps.set(endpointKey(d.ep), d.ep);
  }
  for (const [k, g] of desiredByPortMap) {
    const sub = reconcileByPortMapping(svc, existingByPortMap.get(k) ?? [], g.eps, g.ports, max);
    plan.create.push(...sub.create);
    plan.update.push(...sub.update);
    plan.delete.push(...sub.delete);
  }
  for (const [k, slices] of existingByPortMap) if (!desiredByPortMap.has(k)) plan.delete.push(...slices);
  // A placeholder keeps a Service with no endpoints represented by one empty slice.
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder: WorkSlice = { name: '', labels: sliceLabels(undefined, svc).labels, ports: [], endpoints: [] };
    const only = plan.delete.length === 1 ? plan.delete[0] : undefined;
    const isPlaceholder = (s: KObject) => !(s.endpoints?.length > 0) && !(s.ports?.length > 0) && deepEqual(s.metadata.labels ?? {}, placeholder.labels) && s.metadata.ownerReferences?.some((o: { uid: string }) => o.uid === svc.metadata.uid);
    if (only && isPlaceholder(only)) plan.delete = [];
    else plan.create.push(placeholder);
  }
  // finalize: reuse slices about to be deleted for slices about to be created.
  for (let i = 0; i < plan.delete.length && plan.create.length; ) {
    const del = plan.delete[i];
    const owned = del.metadata.ownerReferences?.some((o: { uid: string }) => o.uid === svc.metadata.uid);
    if (del.addressType === 'IPv4' && owned) {
      const c = plan.create.pop()!;
      c.name = del.metadata.name;
      c.obj = del;
      plan.update.push(c);
      plan.delete.splice(i, 1);
    } else i++;
  }
  return plan;
}

function reconcileByPortMapping(svc: KObject, existing: readonly KObject[], desired: Map<string, SliceEndpoint>, ports: SlicePort[], max: number): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const toUpdate = new Map<string, WorkSlice>();
  const unchanged = new Map<string, KObject>();
  for (const s of existing) {
    const kept: SliceEndpoint[] = [];
    let changed = false;
    for (const e of (s.endpoints ?? []) as SliceEndpoint[]) {
      const k = endpointKey(e);
      const want = desired.get(k);
      if (!want) continue;
      kept.push(want);
      if (!deepEqual(want, e)) changed = true;
      desired.delete(k);
    }
    const { labels, updated } = sliceLabels(s, svc);
    const had = s.endpoints?.length ?? 0;
    if (changed || had !== kept.length) {
      if (!kept.length) plan.delete.push(s);
      else toUpdate.set(s.metadata.name, { name: s.metadata.name, obj: s, labels, ports: s.ports ?? [], endpoints: kept });
    } else if (updated) {
      toUpdate.set(s.metadata.name, { name: s.metadata.name, obj: s, labels, ports: s.ports ?? [], endpoints: kept });
    } else unchanged.set(s.metadata.name, s);
  }
  const rest = [...desired.values()];
  // 2. Fill slices being updated anyway, fullest first.
  if (rest.length && toUpdate.size) {
    const slices = [...toUpdate.values()].sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) while (rest.length && s.endpoints.length < max) s.endpoints.push(rest.shift()!);
  }
  // 3. Fit the rest into one unchanged slice with room for all of them, or new slices.
  while (rest.length) {
    let fill: WorkSlice | undefined;
    if (rest.length < max && unchanged.size) {
      let best: KObject | undefined;
      let bestDiff = max;
      for (const s of unchanged.values()) {
        const diff = max - (rest.length + (s.endpoints?.length ?? 0));
        if (diff >= 0 && diff < bestDiff) {
          bestDiff = diff;
          best = s;
        }
      }
      if (best) {
        fill = { name: best.metadata.name, obj: best, labels: sliceLabels(best, svc).labels, ports: best.ports ?? [], endpoints: [...(best.endpoints ?? [])] };
        unchanged.delete(best.metadata.name);
        toUpdate.set(fill.name, fill);
      }
    }
    if (!fill) {
      fill = { name: '', labels: sliceLabels(undefined, svc).labels, ports, endpoints: [] };
      plan.create.push(fill);
    }
    while (rest.length && fill.endpoints.length < max) fill.endpoints.push(rest.shift()!);
  }
  plan.update.push(...toUpdate.values());
  return plan;
}

/** The state the controller puts in a snapshot. */
export interface EndpointSliceControllerState {
  triggerTimes: TriggerTimeState;
}

/** The endpointslice controller of kube-controller-manager. */
export class EndpointSliceController extends Controller {
  private readonly triggerTimes = new TriggerTimeTracker();
  /** Queues a Service key (bound once: the pod handler runs on every pod event). */
  private readonly enqueue = (key: string): void => this.queue.add(key);
  /** Set while this controller writes, so that its own slice events do not requeue (EndpointSliceTracker). */
  private writing = false;

  /** Registers the controller, its queue and its watches. */
  constructor(ctx: ControllerContext) {
    super('endpointslice-controller', ctx);
    installServiceSelectorIndex(this.store);
    this.store.watch('Service', (ev) => this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`));
    this.store.watch('Pod', (ev) => {
      forEachServiceToUpdateOnPodChange(this.store, ev.type === 'ADDED' ? undefined : ev.old ?? ev.object, ev.type === 'DELETED' ? undefined : ev.object, this.enqueue);
    });
    this.store.watch('EndpointSlice', (ev) => {
      if (this.writing) return;
      const labels = ev.object.metadata.labels ?? {};
      const oldLabels = ev.old?.metadata.labels ?? {};
      // Someone else changed or deleted one of our slices (or took it over): reconcile its Service.
      for (const l of [labels, oldLabels]) {
        if (l[LABEL_MANAGED_BY] === CONTROLLER_NAME && l[LABEL_SERVICE_NAME]) this.queue.add(`${ev.object.metadata.namespace}/${l[LABEL_SERVICE_NAME]}`);
      }
    });
  }

  /** syncService. */
  protected sync(key: string): void {
    const [ns, name] = splitKey(key) as [string, string];
    const svc = this.store.get('Service', ns, name);
    if (!svc) {
      // The garbage collector deletes the slices through their owner reference.
      this.triggerTimes.deleteService(ns, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    if (svc.spec?.selector == null) return;
    const pods = this.store.list('Pod', { namespace: ns, selector: fromMap(svc.spec.selector) });
    const existing = this.store.list('EndpointSlice', {
      namespace: ns,
      selector: fromMap({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: CONTROLLER_NAME }),
    });
    const trigger = this.triggerTimes.compute(svc, pods);
    const desired: Array<{ ep: SliceEndpoint; ports: SlicePort[] }> = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const node = pod.spec?.nodeName ? this.store.get('Node', undefined, pod.spec.nodeName) : undefined;
      // A pod on a Node that does not exist is left out unless not-ready addresses are published.
      if (!node && !svc.spec?.publishNotReadyAddresses) continue;
      desired.push({ ep: podToEndpoint(pod, node, svc), ports: getEndpointPorts(svc, pod) });
    }
    const plan = planSlices(svc, desired, existing);
    const annotate = (meta: Record<string, unknown>) => {
      const ann: Record<string, string> = { ...((meta.annotations as Record<string, string>) ?? {}) };
      if (!Number.isNaN(trigger)) ann[LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(trigger);
      else delete ann[LAST_CHANGE_TRIGGER_TIME];
      if (Object.keys(ann).length) meta.annotations = ann;
      else delete meta.annotations;
    };
    this.writing = true;
    try {
      if (!svc.metadata.deletionTimestamp) {
        for (const s of plan.create) {
          const meta: Record<string, unknown> = { generateName: sliceNamePrefix(name), namespace: ns, labels: s.labels, ownerReferences: [newControllerRef(svc)] };
          annotate(meta);
          this.store.create(sliceObject(meta, s));
        }
      }
      for (const s of plan.update) {
        const meta: Record<string, unknown> = { ...s.obj!.metadata, labels: s.labels };
        annotate(meta);
        this.store.update(sliceObject(meta, s));
      }
      for (const s of plan.delete) if (this.store.get('EndpointSlice', ns, s.metadata.name)) this.store.delete('EndpointSlice', ns, s.metadata.name);
    } finally {
      this.writing = false;
    }
  }

  /** Snapshot state: the trigger-time tracker. */
  save(): EndpointSliceControllerState {
    return { triggerTimes: this.triggerTimes.save() };
  }

  /** Restores save()'s output. */
  load(state: unknown): void {
    this.triggerTimes.load((state as EndpointSliceControllerState | undefined)?.triggerTimes);
  }
}

/** getEndpointSlicePrefix: `<service>-`, or the bare name when the dash would make it invalid. */
export function sliceNamePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  return prefix.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?-$/.test(prefix) ? prefix : serviceName;
}

function sliceObject(meta: Record<string, unknown>, s: WorkSlice): NewObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta,
    addressType: 'IPv4',
    // Empty lists come back from the API server as null (the fields are not omitempty).
    endpoints: s.endpoints.length ? s.endpoints : null,
    ports: s.ports.length ? s.ports : null,
  };
}
