/**
 * The service proxy each node's kube-proxy programs (pkg/proxy/iptables in v1.32): for every
 * Service port, the ClusterIP, NodePort, LoadBalancer-ingress and external-IP entry points and
 * the endpoints behind them, built from Services and EndpointSlices as kube-proxy's informers see
 * them.
 *
 * While a node's kube-proxy pod runs, its rules follow the cluster (one shared table, rebuilt per
 * Service when that Service or one of its slices changes). When the pod stops (deleted, crashed,
 * its node's DaemonSet pod gone) the node keeps the rules it had at that moment, as iptables
 * rules outlive the process that wrote them: new Services are unknown there and removed pods are
 * still targeted. A node whose kube-proxy never ran has no rules at all.
 *
 * Endpoint choice is iptables mode's: uniform at random among ready endpoints (the
 * `statistic --mode random` chain), falling back to serving-but-terminating ones when none is
 * ready; `sessionAffinity: ClientIP` pins a client to an endpoint for timeoutSeconds (10800).
 */
import type { KObject } from '../api/types';

/** One endpoint of a Service port, as kube-proxy keeps it. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

/** The rules of one Service port. */
export interface ServicePortRule {
  /** `namespace/name` of the Service. */
  service: string;
  portName: string;
  protocol: string;
  port: number;
  nodePort?: number;
  clusterIP?: string;
  /** LoadBalancer ingress IPs and spec.externalIPs. */
  externalAddresses: string[];
  externalTrafficPolicy: string;
  internalTrafficPolicy: string;
  /** ClientIP affinity timeout in seconds, when set. */
  affinitySeconds?: number;
  endpoints: ProxyEndpoint[];
}

/** Builds the rules of one Service from it and its EndpointSlices (empty for headless and ExternalName). */
export function buildServiceRules(svc: KObject, slices: readonly KObject[]): ServicePortRule[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const clusterIP: string | undefined = spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : undefined;
  const lbIPs: string[] = ((svc.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).map((i) => i.ip).filter((x): x is string => !!x);
  const external = [...lbIPs, ...((spec.externalIPs ?? []) as string[])];
  if (!clusterIP && !external.length) return [];
  const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
  const out: ServicePortRule[] = [];
  for (const sp of spec.ports ?? []) {
    const protocol = sp.protocol ?? 'TCP';
    const name = sp.name ?? '';
    const endpoints: ProxyEndpoint[] = [];
    const seen = new Set<string>();
    for (const s of slices) {
      const port = (s.ports ?? []).find((p: { name?: string; protocol?: string }) => (p.name ?? '') === name && (p.protocol ?? 'TCP') === protocol);
      if (!port || port.port == null) continue;
      for (const e of s.endpoints ?? []) {
        const ip = e.addresses?.[0];
        if (!ip || seen.has(`${ip}:${port.port}`)) continue;
        seen.add(`${ip}:${port.port}`);
        const c = e.conditions ?? {};
        endpoints.push({
          ip,
          port: port.port,
          ready: c.ready !== false,
          serving: c.serving ?? c.ready !== false,
          terminating: c.terminating === true,
          ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        });
      }
    }
    endpoints.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port));
    const rule: ServicePortRule = {
      service: key,
      portName: name,
      protocol,
      port: sp.port,
      ...(sp.nodePort ? { nodePort: sp.nodePort } : {}),
      ...(clusterIP ? { clusterIP } : {}),
      externalAddresses: external,
      externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Cluster',
      internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
      ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 } : {}),
      endpoints,
    };
    out.push(rule);
  }
  return out;
}

/**
 * The endpoints traffic may go to (CategorizeEndpoints): ready ones, or, when none is ready,
 * serving terminating ones. With a Local policy only those on the node the traffic is on.
 */
export function usableEndpoints(rule: ServicePortRule, localNode: string | undefined): ProxyEndpoint[] {
  let eps = rule.endpoints;
  if (localNode !== undefined) eps = eps.filter((e) => e.nodeName === localNode);
  const ready = eps.filter((e) => e.ready);
  if (ready.length) return ready;
  return eps.filter((e) => e.serving && e.terminating);
}

const vipKey = (ip: string, port: number, proto: string) => `${ip}|${port}|${proto}`;

/** A node's rule set: per Service, and the lookups of the three entry points. */
export class RuleTable {
  private byVip?: Map<string, ServicePortRule>;
  private byNodePort?: Map<string, ServicePortRule>;
  private byExternal?: Map<string, ServicePortRule>;
  private vips?: Map<string, number>;

  /** A table over per-Service rules (shared, never mutated once built). */
  constructor(readonly services: Map<string, ServicePortRule[]> = new Map()) {}

  /** Replaces one Service's rules (live table only). */
  set(key: string, rules: ServicePortRule[] | undefined): void {
    const before = this.services.get(key);
    if (!before && !rules?.length) return;
    if (rules?.length) this.services.set(key, rules);
    else this.services.delete(key);
    if (!this.byVip) return;
    for (const r of before ?? []) this.unindex(r);
    for (const r of rules ?? []) this.index(r);
  }

  /** The rule for a ClusterIP:port. */
  vip(ip: string, port: number, proto: string): ServicePortRule | undefined {
    this.build();
    return this.byVip!.get(vipKey(ip, port, proto));
  }

  /** Whether an address is some Service's ClusterIP (whatever the port). */
  isVip(ip: string): boolean {
    this.build();
    return this.vips!.has(ip);
  }

  /** The rule for a node port. */
  nodePort(port: number, proto: string): ServicePortRule | undefined {
    this.build();
    return this.byNodePort!.get(`${port}|${proto}`);
  }

  /** The rule for a load-balancer or external IP and port. */
  external(ip: string, port: number, proto: string): ServicePortRule | undefined {
    this.build();
    return this.byExternal!.get(vipKey(ip, port, proto));
  }

  /** A frozen copy (what a node keeps when its kube-proxy stops). */
  freeze(): RuleTable {
    return new RuleTable(new Map(this.services));
  }

  /** Plain data for a snapshot, sorted by Service. */
  toJSON(): Array<[string, ServicePortRule[]]> {
    return [...this.services.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private build(): void {
    if (this.byVip) return;
    this.byVip = new Map();
    this.byNodePort = new Map();
    this.byExternal = new Map();
    this.vips = new Map();
    for (const rules of this.services.values()) for (const r of rules) this.index(r);
  }

  private index(r: ServicePortRule): void {
    if (r.clusterIP) {
      this.byVip!.set(vipKey(r.clusterIP, r.port, r.protocol), r);
      this.vips!.set(r.clusterIP, (this.vips!.get(r.clusterIP) ?? 0) + 1);
    }
    if (r.nodePort) this.byNodePort!.set(`${r.nodePort}|${r.protocol}`, r);
    for (const ip of r.externalAddresses) this.byExternal!.set(vipKey(ip, r.port, r.protocol), r);
  }

  private unindex(r: ServicePortRule): void {
    if (r.clusterIP) {
      const k = vipKey(r.clusterIP, r.port, r.protocol);
      if (this.byVip!.get(k) === r) this.byVip!.delete(k);
      const n = (this.vips!.get(r.clusterIP) ?? 1) - 1;
      if (n > 0) this.vips!.set(r.clusterIP, n);
      else this.vips!.delete(r.clusterIP);
    }
    if (r.nodePort && this.byNodePort!.get(`${r.nodePort}|${r.protocol}`) === r) this.byNodePort!.delete(`${r.nodePort}|${r.protocol}`);
    for (const ip of r.externalAddresses) {
      const k = vipKey(ip, r.port, r.protocol);
      if (this.byExternal!.get(k) === r) this.byExternal!.delete(k);
    }
  }
}
