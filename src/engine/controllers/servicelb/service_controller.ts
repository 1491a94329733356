/**
 * The simulated cloud load balancer: the service controller of a cloud provider
 * (k8s.io/cloud-provider/controllers/service/controller.go, as cloud-provider-kind runs it for
 * kind clusters) with a load balancer that takes a few simulated seconds to come up and hands out
 * addresses from the docker network's top, 172.18.255.200-250, the pool kind's documentation gives
 * MetalLB. Until then `kubectl get svc` shows EXTERNAL-IP `<pending>`.
 *
 * What a student sees, as on a real cluster:
 *   Normal  EnsuringLoadBalancer  service-controller  Ensuring load balancer
 *   Normal  EnsuredLoadBalancer   service-controller  Ensured load balancer
 * the `service.kubernetes.io/load-balancer-cleanup` finalizer on the Service while it has a load
 * balancer, and DeletingLoadBalancer / DeletedLoadBalancer when it is deleted or changes type.
 * Services with a spec.loadBalancerClass belong to another implementation and are left alone.
 */
import { Controller, splitKey, type ControllerContext } from '../../client/controller';
import type { KObject } from '../../api/types';
import { clone } from '../../sim/dev';
import { intToIp, ipToInt } from '../../network/ipam';

/** The finalizer the service controller keeps on Services with a load balancer. */
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
/** First address of the simulated load balancer pool (kind's MetalLB example pool). */
export const LB_POOL_FIRST = '172.18.255.200';
/** Last address of the simulated load balancer pool. */
export const LB_POOL_LAST = '172.18.255.250';
/**
 * How long a load balancer takes to come up. cloud-provider-kind starts an envoy container per
 * Service and reports the address once it runs: a couple of seconds on a laptop.
 */
export const LB_PROVISION_MS = 3000;

const SOURCE = { component: 'service-controller' };

/** The state the controller puts in a snapshot: load balancers being provisioned. */
export interface ServiceLBState {
  pending: Array<[string, { uid: string; ip: string; readyAt: number }]>;
}

/** Whether this controller provisions a load balancer for the Service. */
export function wantsLoadBalancer(svc: KObject): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec?.loadBalancerClass == null && !svc.metadata.deletionTimestamp;
}

/** The load-balancer ingress IPs in a Service's status. */
export function ingressIPs(svc: KObject): string[] {
  return ((svc.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).map((i) => i.ip).filter((ip): ip is string => !!ip);
}

/** The service controller with its simulated cloud. */
export class ServiceLBController extends Controller {
  private pending = new Map<string, { uid: string; ip: string; readyAt: number }>();

  /** Registers the controller and its watch on Services. */
  constructor(ctx: ControllerContext) {
    super('service-controller', ctx);
    this.store.watch('Service', (ev) => {
      const o = ev.object;
      const relevant = o.spec?.type === 'LoadBalancer' || ev.old?.spec?.type === 'LoadBalancer' || o.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER);
      if (relevant) this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    });
  }

  /** syncService: ensure or delete the Service's load balancer. */
  protected sync(key: string): void {
    const [ns, name] = splitKey(key) as [string, string];
    const svc = this.store.get('Service', ns, name);
    const entry = this.pending.get(key);
    if (!svc) {
      this.pending.delete(key);
      return;
    }
    if (entry && entry.uid !== svc.metadata.uid) this.pending.delete(key);
    const hasFinalizer = !!svc.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER);
    if (!wantsLoadBalancer(svc)) {
      this.pending.delete(key);
      if (hasFinalizer) this.deleteLoadBalancer(svc);
      return;
    }
    if (!hasFinalizer) {
      // addFinalizer comes first, so the load balancer is never leaked by a quick delete.
      const next = clone(svc);
      next.metadata.finalizers = [...(next.metadata.finalizers ?? []), LB_CLEANUP_FINALIZER];
      this.store.update(next);
      return; // the update requeues the Service
    }
    const current = this.pending.get(key);
    if (!current) {
      if (ingressIPs(svc).length) return; // ensured already
      const ip = this.pickIP(svc);
      this.recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
      if (!ip) {
        this.recorder.event(svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: no available IPs in pool ${LB_POOL_FIRST}-${LB_POOL_LAST}`, SOURCE);
        this.queue.addRateLimited(key);
        return;
      }
      this.pending.set(key, { uid: svc.metadata.uid, ip, readyAt: this.now + LB_PROVISION_MS });
      this.queue.addAfter(key, LB_PROVISION_MS);
      return;
    }
    if (this.now < current.readyAt) {
      this.queue.addAfter(key, current.readyAt - this.now);
      return;
    }
    const next = clone(svc);
    next.status = { ...(next.status ?? {}), loadBalancer: { ingress: [{ ip: current.ip, ipMode: 'VIP' }] } };
    this.store.updateStatus(next);
    this.pending.delete(key);
    this.recorder.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
  }

  /** Deletes the load balancer and removes the finalizer (the Service may then go away). */
  private deleteLoadBalancer(svc: KObject): void {
    this.recorder.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', SOURCE);
    if (ingressIPs(svc).length && svc.spec?.type !== 'LoadBalancer') {
      const s = clone(svc);
      s.status = { ...(s.status ?? {}), loadBalancer: {} };
      this.store.updateStatus(s);
    }
    this.recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', SOURCE);
    const latest = this.store.get('Service', svc.metadata.namespace, svc.metadata.name);
    if (!latest) return;
    const next = clone(latest);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== LB_CLEANUP_FINALIZER);
    if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
    this.store.update(next);
  }

  /** The lowest free pool address (or the Service's spec.loadBalancerIP when it is in the pool and free). */
  private pickIP(svc: KObject): string | undefined {
    const taken = new Set<string>();
    for (const s of this.store.list('Service')) if (s.metadata.uid !== svc.metadata.uid) for (const ip of ingressIPs(s)) taken.add(ip);
    for (const [, e] of this.pending) if (e.uid !== svc.metadata.uid) taken.add(e.ip);
    const first = ipToInt(LB_POOL_FIRST);
    const last = ipToInt(LB_POOL_LAST);
    const asked: string | undefined = svc.spec?.loadBalancerIP;
    if (asked && ipToInt(asked) >= first && ipToInt(asked) <= last && !taken.has(asked)) return asked;
    for (let n = first; n <= last; n++) if (!taken.has(intToIp(n))) return intToIp(n);
    return undefined;
  }

  /** Snapshot state: load balancers being provisioned, sorted by key. */
  save(): ServiceLBState {
    return { pending: [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  }

  /** Restores save()'s output. */
  load(state: unknown): void {
    this.pending = new Map((state as ServiceLBState | undefined)?.pending ?? []);
  }
}
