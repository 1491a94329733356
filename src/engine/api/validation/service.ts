/**
 * Service validation (pkg/apis/core/validation/validation.go ValidateService,
 * ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate) with upstream's paths, messages
 * and quirks (`spec.LoadBalancerSourceRanges`, the unprefixed `allocateLoadBalancerNodePorts`).
 */
import { field, type FieldError } from '../errors';
import { isIPv6 } from '../defaults/service';
import { externallyAccessible } from '../defaults/core';
import { goServicePortKey, goStringSlice } from './gofmt';
import { validateLabels } from './meta';
import { dns1123Label, dns1123Subdomain, INVALID_IP_MESSAGE, isIP, portName, portNum, qualifiedName } from './names';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
type Errs = FieldError[];
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v : []);

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

const isHeadless = (spec: Obj) => Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 1 && spec.clusterIPs[0] === 'None';

function portNumOrName(port: unknown, path: string): Errs {
  if (typeof port === 'string') return portName(port).map((m) => field.invalid(path, port, m));
  const n = typeof port === 'number' ? port : 0;
  return portNum(n).map((m) => field.invalid(path, n, m));
}

function isCIDR(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  if (rest.length || bits === undefined || !/^\d+$/.test(bits) || !isIP(ip)) return false;
  return Number(bits) <= (isIPv6(ip) ? 128 : 32);
}

/** ValidateServiceClusterIPsRelatedFields. */
export function validateClusterIPFields(spec: Obj): Errs {
  if (spec.type === 'ExternalName') return [];
  const errs: Errs = [];
  const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(field.required('spec.clusterIPs', ''));
    else if (ips[0] !== spec.clusterIP) errs.push(field.invalid('spec.clusterIPs', goStringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(field.invalid('spec.clusterIPs', goStringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  arr(spec.ipFamilies).forEach((f, i) => {
    const fam = f as unknown as string;
    if (fam !== 'IPv4' && fam !== 'IPv6') errs.push(field.notSupported(`spec.ipFamilies[${i}]`, fam, ['IPv4', 'IPv6']));
    if (seen.has(fam)) errs.push(field.duplicate(`spec.ipFamilies[${i}]`, fam));
    seen.add(fam);
  });
  if (spec.ipFamilyPolicy != null && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(spec.ipFamilyPolicy))
    errs.push(field.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  let invalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true;
        errs.push(field.invalid('spec.clusterIPs', goStringSlice(ips), "'None' must be the first and only value"));
      }
      return;
    }
    if (!isIP(ip)) {
      invalidIPs = true;
      errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP_MESSAGE));
    }
  });
  if (ips.length > 2) errs.push(field.invalid('spec.clusterIPs', goStringSlice(ips), 'may only hold up to 2 values'));
  if (invalidIPs) return errs;
  if (ips.length > 1 && isIPv6(ips[0]) === isIPv6(ips[1]))
    errs.push(field.invalid('spec.clusterIPs', goStringSlice(ips), 'may specify no more than one IP for each IP family'));
  const families = arr(spec.ipFamilies) as unknown as string[];
  if (!isHeadless(spec))
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      if (families[i] === 'IPv4' && isIPv6(ip)) errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !isIPv6(ip)) errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  return errs;
}

/** ValidateService (without ObjectMeta, which the store checks first). */
export function validateService(svc: Obj): Errs {
  const spec: Obj = svc.spec ?? {};
  const errs: Errs = [];
  const ports = arr(spec.ports);
  const headless = isHeadless(spec);
  if (!ports.length && !headless && spec.type !== 'ExternalName') errs.push(field.required('spec.ports', ''));
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && headless)
    errs.push(field.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  if (spec.type === 'ExternalName') {
    if (arr(spec.clusterIPs).length) errs.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (arr(spec.ipFamilies).length) errs.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy != null) errs.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (cname) for (const m of dns1123Subdomain(cname)) errs.push(field.invalid('spec.externalName', cname, m));
    else errs.push(field.required('spec.externalName', ''));
  }
  const names = new Set<string>();
  ports.forEach((sp, i) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !sp.name) errs.push(field.required(`${p}.name`, ''));
    else if (sp.name) {
      for (const m of dns1123Label(sp.name)) errs.push(field.invalid(`${p}.name`, sp.name, m));
      if (names.has(sp.name)) errs.push(field.duplicate(`${p}.name`, sp.name));
      else names.add(sp.name);
    }
    for (const m of portNum(sp.port ?? 0)) errs.push(field.invalid(`${p}.port`, sp.port ?? 0, m));
    if (!sp.protocol) errs.push(field.required(`${p}.protocol`, ''));
    else if (!PROTOCOLS.includes(sp.protocol)) errs.push(field.notSupported(`${p}.protocol`, sp.protocol, PROTOCOLS));
    errs.push(...portNumOrName(sp.targetPort, `${p}.targetPort`));
    if (sp.appProtocol != null) for (const m of qualifiedName(sp.appProtocol)) errs.push(field.invalid(`${p}.appProtocol`, sp.appProtocol, m));
  });
  if (spec.selector != null) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(field.required('spec.sessionAffinity', ''));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (spec.sessionAffinityConfig == null) errs.push(field.required('spec.sessionAffinityConfig', 'when session affinity type is ClientIP'));
    else if (t == null) errs.push(field.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP'));
    else if (t <= 0 || t > 86400) errs.push(field.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, 'must be greater than 0 and less than 86400'));
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig != null) {
    errs.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPFields(spec));
  (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).forEach((ip: string, i: number) => {
    if (!isIP(ip)) errs.push(field.invalid(`spec.externalIPs[${i}]`, ip, INVALID_IP_MESSAGE));
  });
  if (!spec.type) errs.push(field.required('spec.type', ''));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(field.notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (spec.type === 'ClusterIP')
    ports.forEach((sp, i) => {
      if (sp.nodePort) errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((sp, i) => {
    if (!sp.nodePort) return;
    const key = `${sp.protocol}/${sp.nodePort}`;
    if (nodePorts.has(key)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, sp.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((sp, i) => {
    const key = `${sp.protocol}/${sp.port}`;
    if (portKeys.has(key)) errs.push(field.duplicate(`spec.ports[${i}]`, goServicePortKey(sp.protocol ?? '', sp.port ?? 0)));
    portKeys.add(key);
  });
  const ranges: string[] = Array.isArray(spec.loadBalancerSourceRanges) ? spec.loadBalancerSourceRanges : [];
  if (ranges.length) {
    if (spec.type !== 'LoadBalancer') errs.push(field.forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      const v = r.trim();
      if (!isCIDR(v))
        errs.push(field.invalid(`spec.LoadBalancerSourceRanges[${i}]`, v, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
  }
  if (spec.allocateLoadBalancerNodePorts != null && spec.type !== 'LoadBalancer')
    errs.push(field.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null) errs.push(field.required('allocateLoadBalancerNodePorts', ''));
  if (spec.loadBalancerClass != null && spec.type !== 'LoadBalancer')
    errs.push(field.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(field.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errs.push(field.required('spec.externalTrafficPolicy', ''));
  else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy))
    errs.push(field.notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  const needsHC = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (!needsHC && spec.healthCheckNodePort)
    errs.push(field.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  else if (needsHC && !spec.healthCheckNodePort) errs.push(field.required('spec.healthCheckNodePort', ''));
  else if (needsHC) for (const m of portNum(spec.healthCheckNodePort)) errs.push(field.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, m));
  if (spec.internalTrafficPolicy == null) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) errs.push(field.required('spec.internalTrafficPolicy', ''));
  } else if (!['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) {
    errs.push(field.notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (spec.trafficDistribution != null && spec.trafficDistribution !== 'PreferClose')
    errs.push(field.notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  return errs;
}

/**
 * ValidateServiceUpdate's own rules, which upstream lists before the full ValidateService: the
 * primary clusterIP and IP family may not change (except to or from ExternalName), nor the
 * healthCheckNodePort.
 */
export function validateServiceUpdate(svc: Obj, old: Obj): Errs {
  const spec: Obj = svc.spec ?? {};
  const o: Obj = old.spec ?? {};
  const errs: Errs = [];
  if (spec.type !== 'ExternalName' && o.type !== 'ExternalName' && !(isHeadless(o) && isHeadless(spec))) {
    const now: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
    const before: string[] = Array.isArray(o.clusterIPs) ? o.clusterIPs : [];
    if (before.length === now.length) {
      before.forEach((ip, i) => {
        if (ip !== now[i]) errs.push(field.invalid(`spec.clusterIPs[${i}]`, goStringSlice(now), 'may not change once set'));
      });
    } else if (before.length > now.length) {
      if (now.length === 0) errs.push(field.invalid('spec.clusterIPs[0]', goStringSlice(now), 'primary clusterIP can not be unset'));
      if (before.length && now.length && now[0] !== before[0]) errs.push(field.invalid('spec.clusterIPs[0]', goStringSlice(now), 'may not change once set'));
      if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack')
        errs.push(field.invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? 'null', "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    } else if (before.length && now[0] !== before[0]) {
      errs.push(field.invalid('spec.clusterIPs[0]', goStringSlice(now), 'may not change once set'));
    }
  }
  if (spec.type !== 'ExternalName' && o.type !== 'ExternalName' && isHeadless(o) === isHeadless(spec) && !isHeadless(spec)) {
    const now: string[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
    const before: string[] = Array.isArray(o.ipFamilies) ? o.ipFamilies : [];
    if (before.length === now.length) {
      before.forEach((f, i) => {
        if (f !== now[i]) errs.push(field.invalid('spec.ipFamilies[0]', goStringSlice(now), 'may not change once set'));
      });
    } else if (now.length && before.length && now[0] !== before[0]) {
      errs.push(field.invalid('spec.ipFamilies[0]', goStringSlice(spec.clusterIPs), 'may not change once set'));
    }
  }
  const needsHC = (s: Obj) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHC(o) && needsHC(spec) && spec.healthCheckNodePort !== o.healthCheckNodePort)
    errs.push(field.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  return errs;
}
