/**
 * ClusterIP and NodePort allocation, layered on the API engineer's Service strategy the way the
 * Service REST storage does it before validation (pkg/registry/core/service/storage/alloc.go,
 * allocateCreate / allocateUpdate of v1.32). What is allocated is read back from the stored
 * Services through two indexes, so a Service's addresses are released by deleting it (or by
 * changing its type) and a failed request leaves nothing behind.
 *
 * Messages are upstream's, e.g.
 *   The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated
 *   The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated
 */
import type { ApiStore, StrategyContext } from '../store/store';
import type { KObject } from '../api/types';
import { field, internalError, invalid, type FieldError } from '../api/errors';
import { mustKind } from '../api/registry';
import { validateClusterIPFields } from '../api/validation/service';
import { allocateBit, NODE_PORT_RANGE, PortRange, SERVICE_CLUSTER_IP_RANGE, ServiceIPRange, type IntSource } from './ipam';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** Index of Services by allocated cluster IP. */
export const CLUSTER_IP_INDEX = 'clusterIP';
/** Index of Services by allocated node port (and health-check node port). */
export const NODE_PORT_INDEX = 'nodePort';

/** The cluster's service IP range. */
export const SERVICE_IP_RANGE = new ServiceIPRange(SERVICE_CLUSTER_IP_RANGE);

/** Cluster IPs a Service holds (none for headless and ExternalName Services). */
export function serviceClusterIPs(svc: KObject): string[] {
  const ips: string[] = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

/** Node ports a Service holds (its ports' nodePorts and its healthCheckNodePort). */
export function serviceNodePorts(svc: KObject): number[] {
  const out = new Set<number>();
  for (const p of svc.spec?.ports ?? []) if (p.nodePort) out.add(p.nodePort);
  if (svc.spec?.healthCheckNodePort) out.add(svc.spec.healthCheckNodePort);
  return [...out];
}

/** apiservice.NeedsHealthCheck: LoadBalancer Services with externalTrafficPolicy Local. */
export function needsHealthCheck(spec: Obj | undefined): boolean {
  return spec?.type === 'LoadBalancer' && spec?.externalTrafficPolicy === 'Local';
}

/** shouldAllocateNodePorts: NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(spec: Obj): boolean {
  if (spec.type === 'NodePort') return true;
  if (spec.type === 'LoadBalancer') return spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** The allocators over a store; `rng` chooses among free values as upstream's random scan does. */
export class ServiceAllocators {
  /** Allocators over a store's Services. */
  constructor(
    private readonly store: ApiStore,
    readonly rng: IntSource,
    readonly ipRange: ServiceIPRange = SERVICE_IP_RANGE,
    readonly portRange: PortRange = NODE_PORT_RANGE,
  ) {}

  /** Whether some stored Service holds the IP. */
  ipTaken(ip: string): boolean {
    return this.store.byIndex('Service', CLUSTER_IP_INDEX, ip).length > 0;
  }

  /** Whether some stored Service holds the node port. */
  portTaken(port: number): boolean {
    return this.store.byIndex('Service', NODE_PORT_INDEX, String(port)).length > 0;
  }

  /** allocateCreate: cluster IPs, node ports and the health-check node port of a new Service. */
  allocateCreate(svc: KObject, dryRun: boolean): void {
    const spec = svc.spec as Obj;
    if (!spec) return;
    this.preValidate(svc);
    this.allocClusterIPs(svc, dryRun);
    const op = new PortOperation(this, dryRun);
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') this.initNodePorts(svc, op);
    if (needsHealthCheck(spec)) this.allocHealthCheckNodePort(svc, op);
  }

  /** allocateUpdate: what a changed Service newly needs (releases follow from the stored object). */
  allocateUpdate(svc: KObject, old: KObject, dryRun: boolean): void {
    const spec = svc.spec as Obj;
    const o = old.spec as Obj;
    if (!spec || !o) return;
    this.preValidate(svc);
    // CASE A of updateClusterIPs: from ExternalName to a type with a virtual IP.
    if (o.type === 'ExternalName' && spec.type !== 'ExternalName') this.allocClusterIPs(svc, dryRun);
    const op = new PortOperation(this, dryRun);
    const oldPorts = new Set(serviceNodePorts(old));
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      (spec.ports ?? []).forEach((sp: Obj, i: number) => {
        if (!sp.nodePort && !shouldAllocateNodePorts(spec)) return;
        if (sp.nodePort) {
          if (!oldPorts.has(sp.nodePort) && !op.allocated.includes(sp.nodePort)) op.allocate(sp.nodePort, svc, `spec.ports[${i}].nodePort`);
        } else {
          sp.nodePort = op.allocateNext();
        }
      });
    }
    if (needsHealthCheck(spec) && !needsHealthCheck(o)) this.allocHealthCheckNodePort(svc, op);
  }

  /** initIPFamilyFields' loose pre-validation: malformed clusterIPs are rejected before allocation. */
  private preValidate(svc: KObject): void {
    const errs = validateClusterIPFields(svc.spec);
    if (errs.length) throw invalid(mustKind('Service'), svc.metadata.name ?? '', errs);
  }

  /** allocClusterIPs for the single IPv4 family of this cluster. */
  private allocClusterIPs(svc: KObject, dryRun: boolean): void {
    const spec = svc.spec as Obj;
    if (spec.type === 'ExternalName') return;
    const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
    if (ips[0] === 'None') return;
    const wanted = ips[0] ?? '';
    let ip: string;
    if (!wanted) {
      ip = this.allocateNextIP(dryRun);
    } else {
      const err = this.allocateIP(wanted, dryRun);
      if (err) throw invalid(mustKind('Service'), svc.metadata.name ?? '', [field.invalid('spec.clusterIPs', [...ips], `failed to allocate IP ${wanted}: ${err}`)]);
      ip = wanted;
    }
    spec.clusterIP = ip;
    spec.clusterIPs = [ip, ...ips.slice(1)];
  }

  /** Range.allocateNext; a dry run answers the range's base address without looking (ipallocator/bitmap.go). */
  private allocateNextIP(dryRun: boolean): string {
    const r = this.ipRange;
    if (dryRun) return intToDotted(r.cidr.base);
    const at = allocateBit(r.max, r.offset, (i) => this.ipTaken(r.ipAt(i)), this.rng);
    if (at === undefined) throw internalError('failed to allocate a serviceIP: range is full');
    return r.ipAt(at);
  }

  /** Range.allocate: the error text, or undefined when the IP may be used. */
  private allocateIP(ip: string, dryRun: boolean): string | undefined {
    if (this.ipRange.offsetOf(ip) === undefined) return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.ipRange.cidr.text}`;
    // A dry run does not check whether the IP is free ("racy and not worth the effort").
    if (dryRun) return undefined;
    return this.ipTaken(ip) ? 'provided IP is already allocated' : undefined;
  }

  /**
   * initNodePorts: ports with the same port number (TCP and UDP on 53) share one node port; a
   * requested node port is honoured when free, and a user-specified one further down the list for
   * the same port number is used for the earlier ones too (findRequestedNodePort).
   */
  private initNodePorts(svc: KObject, op: PortOperation): void {
    const spec = svc.spec as Obj;
    const ports: Obj[] = spec.ports ?? [];
    const byPort = new Map<number, number>();
    ports.forEach((sp, i) => {
      if (!sp.nodePort && !shouldAllocateNodePorts(spec)) return;
      const already = byPort.get(sp.port) ?? 0;
      if (!already) {
        const requested = ports.slice(i).find((p) => p.port === sp.port && p.nodePort)?.nodePort ?? 0;
        if (requested) {
          op.allocate(requested, svc, `spec.ports[${i}].nodePort`);
          sp.nodePort = requested;
          byPort.set(sp.port, requested);
        } else {
          sp.nodePort = op.allocateNext();
          byPort.set(sp.port, sp.nodePort);
        }
      } else if (sp.nodePort !== already) {
        if (!sp.nodePort) sp.nodePort = already;
        else op.allocate(sp.nodePort, svc, `spec.ports[${i}].nodePort`);
      }
    });
  }

  /** allocHealthCheckNodePort (its failures are internal errors upstream). */
  private allocHealthCheckNodePort(svc: KObject, op: PortOperation): void {
    const spec = svc.spec as Obj;
    if (spec.healthCheckNodePort) {
      const err = op.check(spec.healthCheckNodePort);
      if (err) throw internalError(`failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${err}`);
      op.allocated.push(spec.healthCheckNodePort);
    } else {
      spec.healthCheckNodePort = op.allocateNext();
    }
  }
}

/** portallocator.PortAllocationOperation: the node ports one request takes. */
class PortOperation {
  readonly allocated: number[] = [];

  /** An operation over the allocators; a dry run neither range-checks nor scans. */
  constructor(
    private readonly al: ServiceAllocators,
    private readonly dryRun: boolean,
  ) {}

  /** The reason a specific port cannot be taken, if any. */
  check(port: number): string | undefined {
    const range = this.al.portRange;
    if (this.dryRun) return this.al.portTaken(port) || this.allocated.includes(port) ? 'provided port is already allocated' : undefined;
    if (!range.contains(port)) return `provided port is not in the valid range. The range of valid ports is ${range}`;
    if (this.al.portTaken(port) || this.allocated.includes(port)) return 'provided port is already allocated';
    return undefined;
  }

  /** Allocate(port), or the Service's 422 naming the port's field. */
  allocate(port: number, svc: KObject, path: string): void {
    const err = this.check(port);
    if (err) throw invalid(mustKind('Service'), svc.metadata.name ?? '', [field.invalid(path, port, err) as FieldError]);
    this.allocated.push(port);
  }

  /**
   * AllocateNext. A dry run makes up 32769, 32770, ... (operation.go's "sensible guess" past the
   * default range, never scanning), which is what `--dry-run=server` shows.
   */
  allocateNext(): number {
    const range = this.al.portRange;
    if (this.dryRun) {
      const last = this.allocated.length ? Math.max(...this.allocated) : 32768;
      this.allocated.push(last + 1);
      return last + 1;
    }
    const at = allocateBit(range.size, range.offset, (i) => this.al.portTaken(range.base + i) || this.allocated.includes(range.base + i), this.al.rng);
    if (at === undefined) throw internalError('failed to allocate a nodePort: range is full');
    this.allocated.push(range.base + at);
    return range.base + at;
  }
}

function intToDotted(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Adds the allocation indexes and wraps the Service strategy's prepareForCreate/prepareForUpdate
 * with allocation (the API engineer's hooks run first, as defaulting precedes allocation).
 */
export function installServiceAllocation(store: ApiStore, rng: IntSource): ServiceAllocators {
  store.addIndex('Service', CLUSTER_IP_INDEX, (svc) => serviceClusterIPs(svc));
  store.addIndex('Service', NODE_PORT_INDEX, (svc) => serviceNodePorts(svc).map(String));
  const allocators = new ServiceAllocators(store, rng);
  const base = store.strategy('Service');
  store.extendStrategy('Service', {
    prepareForCreate(obj: KObject, ctx: StrategyContext) {
      base.prepareForCreate?.(obj, ctx);
      allocators.allocateCreate(obj, ctx.dryRun);
    },
    prepareForUpdate(obj: KObject, old: KObject, ctx: StrategyContext) {
      base.prepareForUpdate?.(obj, old, ctx);
      allocators.allocateUpdate(obj, old, ctx.dryRun);
    },
  });
  return allocators;
}
