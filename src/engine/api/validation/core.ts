/**
 * Validation of the remaining kinds: Node, Namespace, ConfigMap, Secret, Endpoints, Event
 * (pkg/apis/core/validation/validation.go), EndpointSlice (pkg/apis/discovery/validation) and
 * Lease (pkg/apis/coordination/validation). ObjectMeta is checked by the store beforehand.
 */
import { field, type FieldError, type FieldErrorType, GoValue } from '../errors';
import { parseQuantity } from '../quantity';
import { goTaint } from './gofmt';
import { validateLabelName } from './meta';
import { configMapKey, dns1123Label, dns1123Subdomain, INVALID_IP_MESSAGE, isIP, labelValue, portNum, qualifiedName } from './names';
import { taintEffect } from './pod';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
type Errs = FieldError[];
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v : []);

/** core.MaxSecretSize: 1 MiB, for Secrets and ConfigMaps. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const fe = (type: FieldErrorType, path: string, badValue: unknown, detail?: string): FieldError => ({ type, field: path, badValue, detail });

/** validateNodeTaints (at `metadata.taints`, upstream's path): key, value, effect, unique per key and effect. */
export function validateNodeTaints(taints: unknown, path: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  arr(taints).forEach((t, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateLabelName(t.key ?? '', `${p}.key`));
    const msgs = labelValue(t.value ?? '');
    if (msgs.length) errs.push(field.invalid(`${p}.value`, t.value ?? '', msgs.join(';')));
    errs.push(...taintEffect(t.effect, false, `${p}.effect`));
    const key = `${t.effect}\0${t.key}`;
    if (seen.has(key)) {
      errs.push(fe('Duplicate value', p, goTaint(t), 'taints must be unique by key and effect pair'));
      return;
    }
    seen.add(key);
  });
  return errs;
}

function nodeResources(node: Obj): Errs {
  const errs: Errs = [];
  for (const list of ['capacity', 'allocatable']) {
    for (const [k, v] of Object.entries(node.status?.[list] ?? {})) {
      let n = 0;
      try {
        n = parseQuantity(v as string);
      } catch {
        /* the decoder rejects malformed quantities */
      }
      if (n < 0) errs.push(field.invalid(`status.${list}.${k}`, String(v), 'must be greater than or equal to 0'));
    }
  }
  return errs;
}

function isCIDR(v: string): boolean {
  const [ip, bits, ...rest] = String(v).split('/');
  return !rest.length && bits !== undefined && /^\d+$/.test(bits) && isIP(ip) && Number(bits) <= (ip.includes(':') ? 128 : 32);
}

/** ValidateNode. */
export function validateNode(node: Obj): Errs {
  const errs = validateNodeTaints(node.spec?.taints, 'metadata.taints');
  errs.push(...nodeResources(node));
  arr(node.spec?.podCIDRs).forEach((c, i) => {
    if (!isCIDR(c as unknown as string))
      errs.push(field.invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  return errs;
}

/** ValidateNodeUpdate's own rules: podCIDRs and providerID only go from unset to set. */
export function validateNodeUpdate(node: Obj, old: Obj): Errs {
  const errs: Errs = [];
  const before: string[] = old.spec?.podCIDRs ?? [];
  const now: string[] = node.spec?.podCIDRs ?? [];
  if (before.length && (before.length !== now.length || before.some((c, i) => c !== now[i])))
    errs.push(field.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID)
    errs.push(field.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  const seen = new Set<string>();
  arr(node.status?.addresses).forEach((a, i) => {
    const key = `${a.type}\0${a.address}`;
    if (seen.has(key))
      errs.push(field.duplicate(`status.addresses[${i}]`, new GoValue(`core.NodeAddress{Type:${JSON.stringify(a.type ?? '')}, Address:${JSON.stringify(a.address ?? '')}}`)));
    seen.add(key);
  });
  return errs;
}

/** ValidateNamespace: spec.finalizers must be qualified or standard names. */
export function validateNamespace(ns: Obj): Errs {
  const errs: Errs = [];
  for (const f of (ns.spec?.finalizers ?? []) as string[]) {
    for (const m of qualifiedName(f)) errs.push(field.invalid('spec.finalizers', f, m));
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f))
      errs.push(field.invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

const byteLength = (s: unknown) => new TextEncoder().encode(String(s ?? '')).length;

/** ValidateConfigMap: keys, no key in both data and binaryData, 1 MiB in total. */
export function validateConfigMap(cm: Obj): Errs {
  const errs: Errs = [];
  let total = 0;
  const binary: Obj = isObj(cm.binaryData) ? cm.binaryData : {};
  for (const [k, v] of Object.entries(isObj(cm.data) ? cm.data : {})) {
    for (const m of configMapKey(k)) errs.push(field.invalid(`data[${k}]`, k, m));
    if (k in binary) errs.push(field.invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    total += byteLength(v);
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of configMapKey(k)) errs.push(field.invalid(`binaryData[${k}]`, k, m));
    total += Math.floor((String(v).length * 3) / 4);
  }
  if (total > MAX_SECRET_SIZE) errs.push(field.tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** The `immutable: true` rules shared by ConfigMaps and Secrets. */
export function validateImmutableData(obj: Obj, old: Obj, keys: string[]): Errs {
  if (old.immutable !== true) return [];
  const errs: Errs = [];
  if (obj.immutable !== true) errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const k of keys) if (JSON.stringify(obj[k] ?? {}) !== JSON.stringify(old[k] ?? {})) errs.push(field.forbidden(k, 'field is immutable when `immutable` is set'));
  return errs;
}

/** ValidateSecret: keys, size and the required data of the typed secrets. */
export function validateSecret(secret: Obj): Errs {
  const errs: Errs = [];
  const data: Obj = isObj(secret.data) ? secret.data : {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of configMapKey(k)) errs.push(field.invalid(`data[${k}]`, k, m));
    total += Math.floor((String(v).replace(/=+$/, '').length * 3) / 4);
  }
  if (total > MAX_SECRET_SIZE) errs.push(field.tooLong('data', MAX_SECRET_SIZE));
  const need = (key: string) => {
    if (!(key in data)) errs.push(field.required(`data[${key}]`, ''));
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name'])
        errs.push(field.required('metadata.annotations[kubernetes.io/service-account.name]', ''));
      break;
    case 'kubernetes.io/dockercfg':
      need('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      need('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        need('username');
        need('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(field.required('data[ssh-privatekey]', ''));
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
  }
  return errs;
}

/** ValidateSecretUpdate's own rules: the type is immutable, and so is the data of an immutable secret. */
export function validateSecretUpdate(secret: Obj, old: Obj): Errs {
  const errs: Errs = [];
  if ((secret.type ?? '') !== (old.type ?? '')) errs.push(field.invalid('type', secret.type ?? '', 'field is immutable'));
  errs.push(...validateImmutableData(secret, old, ['data']));
  return errs;
}

function nonSpecialIP(ip: string, path: string): Errs {
  if (!isIP(ip)) return [field.invalid(path, ip, 'must be a valid IP address')];
  const errs: Errs = [];
  if (ip === '0.0.0.0' || ip === '::') errs.push(field.invalid(path, ip, `may not be unspecified (${ip})`));
  if (/^127\./.test(ip) || ip === '::1') errs.push(field.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (/^169\.254\./.test(ip) || /^fe[89ab]/i.test(ip)) errs.push(field.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (/^224\.0\.0\./.test(ip) || /^ff02:/i.test(ip))
    errs.push(field.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** ValidateEndpoints: each subset has addresses; addresses and ports are valid. */
export function validateEndpoints(ep: Obj): Errs {
  const errs: Errs = [];
  arr(ep.subsets).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    if (!arr(ss.addresses).length && !arr(ss.notReadyAddresses).length)
      errs.push(field.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (const kind of ['addresses', 'notReadyAddresses'])
      arr(ss[kind]).forEach((a, j) => {
        const ap = `${p}.${kind}[${j}]`;
        if (!isIP(a.ip ?? '')) errs.push(field.invalid(`${ap}.ip`, a.ip ?? '', INVALID_IP_MESSAGE));
        if (a.hostname) for (const m of dns1123Label(a.hostname)) errs.push(field.invalid(`${ap}.hostname`, a.hostname, m));
        if (a.nodeName != null) for (const m of dns1123Subdomain(a.nodeName)) errs.push(field.invalid(`${ap}.nodeName`, a.nodeName, m));
        errs.push(...nonSpecialIP(a.ip ?? '', `${ap}.ip`));
      });
    const ports = arr(ss.ports);
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) errs.push(field.required(`${pp}.name`, ''));
      else if (port.name) for (const m of dns1123Label(port.name)) errs.push(field.invalid(`${pp}.name`, port.name, m));
      for (const m of portNum(port.port ?? 0)) errs.push(field.invalid(`${pp}.port`, port.port ?? 0, m));
      if (!port.protocol) errs.push(field.required(`${pp}.protocol`, ''));
      else if (!PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    });
  });
  return errs;
}

/** discovery ValidateEndpointSlice (address type, endpoints, ports). */
export function validateEndpointSlice(slice: Obj): Errs {
  const errs: Errs = [];
  const type = slice.addressType;
  if (!type) errs.push(field.required('addressType', ''));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(type)) errs.push(field.notSupported('addressType', type, ['FQDN', 'IPv4', 'IPv6']));
  const endpoints = arr(slice.endpoints);
  if (endpoints.length > 1000) errs.push({ type: 'Too many', field: 'endpoints', detail: 'must have at most 1000 items' });
  endpoints.forEach((e, i) => {
    const p = `endpoints[${i}]`;
    const addrs: string[] = Array.isArray(e.addresses) ? e.addresses : [];
    if (!addrs.length) errs.push(field.required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push({ type: 'Too many', field: `${p}.addresses`, detail: 'must have at most 100 items' });
    addrs.forEach((a, j) => {
      const ap = `${p}.addresses[${j}]`;
      if (type === 'IPv4' && !(isIP(a) && !a.includes(':'))) errs.push(field.invalid(ap, a, 'must be a valid IPv4 address'));
      if (type === 'IPv6' && !(isIP(a) && a.includes(':'))) errs.push(field.invalid(ap, a, 'must be a valid IPv6 address'));
      if (type === 'FQDN') for (const m of dns1123Subdomain(a)) errs.push(field.invalid(ap, a, m));
    });
    if (e.hostname != null) for (const m of dns1123Label(e.hostname)) errs.push(field.invalid(`${p}.hostname`, e.hostname, m));
    if (e.nodeName != null) for (const m of dns1123Subdomain(e.nodeName)) errs.push(field.invalid(`${p}.nodeName`, e.nodeName, m));
  });
  const ports = arr(slice.ports);
  if (ports.length > 100) errs.push({ type: 'Too many', field: 'ports', detail: 'must have at most 100 items' });
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `ports[${i}]`;
    if (port.name) for (const m of dns1123Label(port.name)) errs.push(field.invalid(`${p}.name`, port.name, m));
    if (names.has(port.name ?? '')) errs.push(field.duplicate(`${p}.name`, port.name ?? ''));
    names.add(port.name ?? '');
    if (port.port != null) for (const m of portNum(port.port)) errs.push(field.invalid(`${p}.port`, port.port, m));
    if (!port.protocol) errs.push(field.required(`${p}.protocol`, ''));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

/** The EndpointSlice update rule: addressType is immutable. */
export function validateEndpointSliceUpdate(slice: Obj, old: Obj): Errs {
  return slice.addressType === old.addressType ? [] : [field.invalid('addressType', slice.addressType ?? '', 'field is immutable')];
}

/** legacyValidateEvent: the involved object's namespace matches the event's. */
export function validateEvent(ev: Obj): Errs {
  const errs: Errs = [];
  const ns = ev.metadata?.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(field.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    } else if (ns !== involvedNs) {
      errs.push(field.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    }
  }
  return errs;
}

/** coordination ValidateLeaseSpec: positive duration, non-negative transitions. */
export function validateLease(lease: Obj): Errs {
  const spec: Obj = lease.spec ?? {};
  const errs: Errs = [];
  if (spec.leaseDurationSeconds != null && spec.leaseDurationSeconds <= 0)
    errs.push(field.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (spec.leaseTransitions != null && spec.leaseTransitions < 0)
    errs.push(field.invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  return errs;
}
