/**
 * The Service fields the REST storage (pkg/registry/core/service/storage) fills in before
 * validation, for Podium's single-stack IPv4 cluster: clusterIP/clusterIPs kept in step
 * (normalizeClusterIPs), IP families (initIPFamilyFields) and, on update, the allocated values an
 * update left out (patchAllocatedValues). Allocating clusterIPs and nodePorts is the network
 * part's job; it layers that on the Service strategy (see store/strategies.ts).
 */
import type { KObject } from '../types';
import { field, type FieldError, GoValue } from '../errors';
import { goStringSlice } from '../validation/gofmt';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** The IP families this cluster serves (`--service-cluster-ip-range=10.96.0.0/12`, IPv4 only). */
export const CLUSTER_IP_FAMILIES = ['IPv4'];

/** Whether an address string is IPv6 (contains a colon). */
export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** Whether a Service has a virtual IP (not ExternalName, not headless). */
export function needsClusterIP(spec: Obj | undefined): boolean {
  return !!spec && spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
}

/** Whether a Service type allocates node ports. */
export function needsNodePort(spec: Obj | undefined): boolean {
  return !!spec && (spec.type === 'NodePort' || spec.type === 'LoadBalancer');
}

const sameList = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * normalizeClusterIPs: on create a lone clusterIP becomes clusterIPs [clusterIP]; on update an old
 * client that sent only clusterIP keeps the stored clusterIPs, and clearing clusterIP clears them.
 */
export function normalizeClusterIPs(svc: KObject, old?: KObject): void {
  const spec = svc.spec as Obj;
  if (!old) {
    if (spec.clusterIP && !(spec.clusterIPs?.length > 0)) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const o = old.spec as Obj;
  if (o.clusterIPs?.length > 0 && !(spec.clusterIPs?.length > 0) && o.clusterIP === spec.clusterIP) spec.clusterIPs = [...o.clusterIPs];
  if ((o.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (o.clusterIP && !spec.clusterIP) {
      if (sameList(o.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameList(o.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/**
 * patchAllocatedValues: an update that omits clusterIP(s), nodePorts or healthCheckNodePort keeps
 * the allocated ones (by port name), so `kubectl replace` of a manifest without them works.
 */
export function patchAllocatedValues(svc: KObject, old: KObject): void {
  const spec = svc.spec as Obj;
  const o = old.spec as Obj;
  if (needsClusterIP(o) && needsClusterIP(spec)) {
    if (!spec.clusterIP && o.clusterIP) spec.clusterIP = o.clusterIP;
    if (!(spec.clusterIPs?.length > 0) && o.clusterIPs?.length > 0) spec.clusterIPs = [...o.clusterIPs];
  }
  if (needsNodePort(o) && needsNodePort(spec)) {
    const used = new Set<number>();
    const newUsed = new Set<number>((spec.ports ?? []).map((p: Obj) => p.nodePort).filter(Boolean));
    for (const p of o.ports ?? []) if (p.nodePort && newUsed.has(p.nodePort)) used.add(p.nodePort);
    const byName = new Map<string, number>();
    for (const p of o.ports ?? []) byName.set(p.name ?? '', p.nodePort);
    for (const p of spec.ports ?? []) {
      if (!p.nodePort) {
        const v = byName.get(p.name ?? '');
        if (v && !used.has(v)) p.nodePort = v;
      }
    }
  }
  const needsHC = (s: Obj) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHC(o) && needsHC(spec) && !spec.healthCheckNodePort && o.healthCheckNodePort) spec.healthCheckNodePort = o.healthCheckNodePort;
}

/**
 * initIPFamilyFields for a single-stack IPv4 cluster: ipFamilyPolicy SingleStack (RequireDualStack
 * for a headless Service without selector, which then lists both families), ipFamilies [IPv4]
 * (or the families of the given clusterIPs). ExternalName Services get none. Returns the errors
 * the storage reports for families this cluster does not serve; they reject the request before
 * validation, as upstream.
 */
export function serviceIPFamilies(svc: KObject, old?: KObject): FieldError[] {
  const spec = svc.spec as Obj;
  if (spec.type === 'ExternalName') return [];
  const headlessSelectorless = spec.clusterIP === 'None' && !(spec.selector && Object.keys(spec.selector).length);
  if (spec.ipFamilyPolicy == null) {
    if (old?.spec?.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else spec.ipFamilyPolicy = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  }
  const errs: FieldError[] = [];
  const families: string[] = Array.isArray(spec.ipFamilies) ? [...spec.ipFamilies] : [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === 'None') break;
    const fam = isIPv6(ips[i]) ? 'IPv6' : 'IPv4';
    if (i >= families.length) {
      if (!CLUSTER_IP_FAMILIES.includes(fam)) errs.push(field.invalid(`spec.clusterIPs[${i}]`, goStringSlice(ips), `${fam} is not configured on this cluster`));
      else families.push(fam);
    }
  }
  if (errs.length) return errs;
  if (headlessSelectorless) {
    if (families.length === 0) families.push('IPv4');
    if (families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    spec.ipFamilies = families;
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack')
    errs.push(field.invalid('spec.ipFamilyPolicy', new GoValue(`"${spec.ipFamilyPolicy}"`), 'this cluster is not configured for dual-stack services'));
  families.forEach((f, i) => {
    if (!CLUSTER_IP_FAMILIES.includes(f)) errs.push(field.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  if (errs.length) return errs;
  if (families.length === 0) families.push('IPv4');
  spec.ipFamilies = families;
  return [];
}

/**
 * dropTypeDependentFields (the Service strategy's PrepareForUpdate): a type change clears the
 * values the old type had allocated and the user did not touch (clusterIP for ExternalName,
 * nodePorts for ClusterIP, the LoadBalancer status for any other type).
 */
export function dropTypeDependentFields(svc: KObject, old: KObject): void {
  const spec = svc.spec as Obj;
  const o = old.spec as Obj;
  if (needsClusterIP(o) && !needsClusterIP(spec)) {
    if ((o.clusterIP ?? '') === (spec.clusterIP ?? '') && sameList(o.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(o.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (o.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: Obj) => (s.ports ?? []).map((p: Obj) => p.nodePort ?? 0);
  if (needsNodePort(o) && !needsNodePort(spec) && sameList(nodePorts(o), nodePorts(spec)))
    for (const p of spec.ports ?? []) delete p.nodePort;
  const needsHC = (s: Obj) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHC(o) && !needsHC(spec) && o.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (o.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts != null && spec.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts)
      delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass != null && spec.loadBalancerClass === o.loadBalancerClass) delete spec.loadBalancerClass;
  }
  const accessible = (s: Obj) =>
    s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs?.length ?? 0) > 0);
  if (accessible(o) && !accessible(spec) && o.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer' && svc.status) svc.status = { ...svc.status, loadBalancer: {} };
}
