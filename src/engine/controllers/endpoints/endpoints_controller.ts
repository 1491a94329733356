/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go of v1.32): keeps one
 * core/v1 Endpoints object per Service with a selector, listing the selected pods' IPs under
 * `addresses` when ready (or when the Service publishes not-ready addresses) and under
 * `notReadyAddresses` otherwise, with each Service port resolved per pod (named targetPorts) and
 * the subsets repacked into upstream's canonical layout.
 *
 * Pod events enqueue only the Services that select the pod (membership.ts), and only when the
 * change can move an endpoint (readiness, IP, deletion, labels).
 */
import { Controller, splitKey, type ControllerContext } from '../../client/controller';
import type { KObject, NewObject } from '../../api/types';
import { isPodReady } from '../../api/podutil';
import { fromMap } from '../../api/labels';
import { deepEqual } from '../../sim/dev';
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
} from './membership';

/** maxCapacity: an Endpoints object holds at most 1,000 addresses; the rest are truncated. */
export const ENDPOINTS_MAX_CAPACITY = 1000;
/** endpoints.kubernetes.io/over-capacity */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/** One address of an Endpoints subset (Go field order: ip, hostname, nodeName, targetRef). */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid: string };
}

/** One port of an Endpoints subset. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** One subset: addresses offering the same ports. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** LessEndpointAddress: by IP as bytes (string order: 10.244.1.10 before 10.244.1.2), then pod UID. */
export function lessEndpointAddress(a: EndpointAddress, b: EndpointAddress): boolean {
  if (a.ip !== b.ip) return a.ip < b.ip;
  if (!b.targetRef) return false;
  if (!a.targetRef) return true;
  return a.targetRef.uid < b.targetRef.uid;
}

const addrCmp = (a: EndpointAddress, b: EndpointAddress) => (lessEndpointAddress(a, b) ? -1 : lessEndpointAddress(b, a) ? 1 : 0);
const portKey = (p: EndpointPort) => `${p.name ?? ''}\0${p.port}\0${p.protocol}\0${p.appProtocol ?? ''}`;
const addrKey = (a: EndpointAddress) => `${a.ip}\0${a.targetRef?.uid ?? ''}`;

/**
 * RepackSubsets: expands subsets to (address, port, ready) triples and regroups them so that each
 * subset holds the addresses that offer exactly the same ports. A not-ready sighting of an address
 * on a port wins over a ready one. Upstream orders ports and subsets by an md5 of their Go dump;
 * Podium orders them by port name/number and first address (identical for one-port Services).
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port: EndpointPort; addrs: Map<string, boolean> }>();
  const see = (a: EndpointAddress, p: EndpointPort, ready: boolean) => {
    const ak = addrKey(a);
    if (!allAddrs.has(ak)) allAddrs.set(ak, a);
    const pk = portKey(p);
    let e = byPort.get(pk);
    if (!e) byPort.set(pk, (e = { port: p, addrs: new Map() }));
    const was = e.addrs.get(ak);
    if (was === undefined || was) e.addrs.set(ak, ready);
  };
  for (const ss of subsets) {
    for (const p of ss.ports ?? []) {
      for (const a of ss.addresses ?? []) see(a, p, true);
      for (const a of ss.notReadyAddresses ?? []) see(a, p, false);
    }
  }
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const sig = [...addrs.entries()]
      .map(([k, r]) => `${k}\0${r ? 1 : 0}`)
      .sort()
      .join('\n');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { addrs, ports: [] }));
    g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.addrs) (r ? ready : notReady).push(allAddrs.get(k)!);
    ready.sort(addrCmp);
    notReady.sort(addrCmp);
    const ports = [...g.ports].sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : a.port - b.port));
    const ss: EndpointSubset = {};
    if (ready.length) ss.addresses = ready;
    if (notReady.length) ss.notReadyAddresses = notReady;
    ss.ports = ports;
    out.push(ss);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  return out.sort((a, b) => addrCmp(first(a), first(b)) || portKey(a.ports![0]).localeCompare(portKey(b.ports![0])));
}

/**
 * A headless Service without ports gets one subset per pod ("No need to repack subsets for
 * headless service without ports"), ready or not ready.
 */
function portlessSubsets(entries: Array<{ addr: EndpointAddress; ready: boolean }>): EndpointSubset[] {
  return entries.map((e) => (e.ready ? { addresses: [e.addr] } : { notReadyAddresses: [e.addr] }));
}

/**
 * truncateEndpoints: above 1,000 addresses, keep ready ones first, sharing the budget among
 * subsets in proportion to their size (rounded up, the last subset taking what is left).
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const ss of subsets) {
    totalReady += ss.addresses?.length ?? 0;
    totalNotReady += ss.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= ENDPOINTS_MAX_CAPACITY) return false;
  const truncateReady = totalReady > ENDPOINTS_MAX_CAPACITY;
  const max = truncateReady ? ENDPOINTS_MAX_CAPACITY : ENDPOINTS_MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const ss of subsets) {
    const inSubset = truncateReady ? (ss.addresses?.length ?? 0) : (ss.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      ss.addresses = (ss.addresses ?? []).slice(0, toBeAdded);
      delete ss.notReadyAddresses;
      canBeAdded -= ss.addresses.length;
    } else {
      ss.notReadyAddresses = (ss.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= ss.notReadyAddresses.length;
    }
  }
  return true;
}

/** Removes empty arrays the API would omit (omitempty). */
function tidy(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const ss of subsets) {
    if (ss.addresses && !ss.addresses.length) delete ss.addresses;
    if (ss.notReadyAddresses && !ss.notReadyAddresses.length) delete ss.notReadyAddresses;
    if (ss.ports && !ss.ports.length) delete ss.ports;
  }
  return subsets;
}

/** The Endpoints address of a pod (podToEndpointAddressForService), with hostname when published. */
export function podToEndpointAddress(svc: KObject, pod: KObject): EndpointAddress | undefined {
  const ip = podIPv4(pod);
  if (!ip) return undefined;
  const a: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec.hostname;
  a.nodeName = pod.spec?.nodeName ?? '';
  a.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, uid: pod.metadata.uid };
  return a;
}

/** The subsets a Service's Endpoints should hold for a set of pods (syncService's loop). */
export function computeSubsets(svc: KObject, pods: readonly KObject[]): EndpointSubset[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const ports: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }> = svc.spec?.ports ?? [];
  const headless = svc.spec?.clusterIP === 'None';
  const raw: EndpointSubset[] = [];
  const portless: Array<{ addr: EndpointAddress; ready: boolean }> = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = podToEndpointAddress(svc, pod);
    if (!addr) continue;
    const ready = publishNotReady || isPodReady(pod);
    if (!ports.length) {
      if (headless) portless.push({ addr, ready });
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const epp: EndpointPort = { ...(sp.name ? { name: sp.name } : {}), port: num, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) };
      raw.push(ready ? { addresses: [addr], ports: [epp] } : { notReadyAddresses: [addr], ports: [epp] });
    }
  }
  if (!ports.length) return portlessSubsets(portless);
  return repackSubsets(raw);
}

/** The state the controller puts in a snapshot. */
export interface EndpointsControllerState {
  triggerTimes: TriggerTimeState;
}

/** The endpoints controller of kube-controller-manager. */
export class EndpointsController extends Controller {
  private readonly triggerTimes = new TriggerTimeTracker();
  /** Queues a Service key (bound once: the pod handler runs on every pod event). */
  private readonly enqueue = (key: string): void => this.queue.add(key);

  /** Registers the controller, its queue and its watches. */
  constructor(ctx: ControllerContext) {
    super('endpoint-controller', ctx);
    installServiceSelectorIndex(this.store);
    this.store.watch('Service', (ev) => this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`));
    this.store.watch('Pod', (ev) => {
      forEachServiceToUpdateOnPodChange(this.store, ev.type === 'ADDED' ? undefined : ev.old ?? ev.object, ev.type === 'DELETED' ? undefined : ev.object, this.enqueue);
    });
    this.store.watch('Endpoints', (ev) => {
      if (ev.type === 'DELETED') this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
  }

  /** syncService. */
  protected sync(key: string): void {
    const [ns, name] = splitKey(key) as [string, string];
    const svc = this.store.get('Service', ns, name);
    if (!svc) {
      if (this.store.get('Endpoints', ns, name)) this.store.delete('Endpoints', ns, name);
      this.triggerTimes.deleteService(ns, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    if (svc.spec?.selector == null) return;
    const pods = this.store.list('Pod', { namespace: ns, selector: fromMap(svc.spec.selector) });
    const trigger = this.triggerTimes.compute(svc, pods);
    const subsets = tidy(computeSubsets(svc, pods));
    const current = this.store.get('Endpoints', ns, name);
    const svcLabels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    const headless = !svc.spec?.clusterIP || svc.spec.clusterIP === 'None';
    if (current) {
      const curLabels = { ...(current.metadata.labels ?? {}) };
      delete curLabels[HEADLESS_LABEL];
      const over = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0) > ENDPOINTS_MAX_CAPACITY;
      const capacityOk = !over && !current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION];
      if (subsetsEqualIgnoringRV(current.subsets ?? [], subsets) && deepEqual(curLabels, svcLabels) && capacityOk) return;
    }
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (!Number.isNaN(trigger)) annotations[LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(trigger);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncateEndpoints(subsets)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const labels = { ...svcLabels };
    if (headless) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    const meta: Record<string, unknown> = { name, namespace: ns };
    if (Object.keys(labels).length) meta.labels = labels;
    if (Object.keys(annotations).length) meta.annotations = annotations;
    const obj: NewObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta, ...(subsets.length ? { subsets } : {}) };
    try {
      if (!current) this.store.create(obj);
      else {
        const m: Record<string, unknown> = { ...current.metadata };
        delete m.labels;
        delete m.annotations;
        this.store.update({ ...obj, metadata: { ...m, ...meta } });
      }
    } catch (e) {
      const what = current ? ['FailedToUpdateEndpoint', `Failed to update endpoint ${ns}/${name}: ${(e as Error).message}`] : ['FailedToCreateEndpoint', `Failed to create endpoint for service ${ns}/${name}: ${(e as Error).message}`];
      // Creating Endpoints in a terminating namespace fails for ever: drop the key, as upstream does.
      if (!current && /because it is being terminated/.test((e as Error).message)) return;
      this.recorder.event({ ...obj, metadata: { ...meta, uid: '' } } as KObject, 'Warning', what[0], what[1], { component: 'endpoint-controller' });
      throw e;
    }
  }

  /** Snapshot state: the trigger-time tracker. */
  save(): EndpointsControllerState {
    return { triggerTimes: this.triggerTimes.save() };
  }

  /** Restores save()'s output. */
  load(state: unknown): void {
    this.triggerTimes.load((state as EndpointsControllerState | undefined)?.triggerTimes);
  }
}

/** endpointSubsetsEqualIgnoreResourceVersion (our targetRefs carry no resourceVersion). */
function subsetsEqualIgnoringRV(a: EndpointSubset[], b: EndpointSubset[]): boolean {
  return deepEqual(a, b);
}
