/**
 * Cluster DNS: what CoreDNS's kubernetes plugin answers for kubeadm's Corefile
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure ... }`, `forward .
 * /etc/resolv.conf`), and the stub-resolver side that programs in containers apply before asking
 * it (/etc/hosts, the search path of /etc/resolv.conf with `ndots`).
 *
 * Records (github.com/coredns/coredns plugin/kubernetes, as in the Kubernetes DNS spec):
 * - `svc.ns.svc.cluster.local` A: the ClusterIP; for a headless Service, the addresses of its
 *   ready endpoints (EndpointSlices); for an ExternalName Service, a CNAME to spec.externalName.
 * - `host.svc.ns.svc.cluster.local` A: a headless Service's endpoint by hostname, or by its
 *   dashed IP (`10-244-1-5`) when it has none.
 * - `_port._proto.svc.ns.svc.cluster.local` SRV for named ports.
 * - `a-b-c-d.ns.pod.cluster.local` A: a.b.c.d for any well-formed name ("pods insecure").
 * - `d.c.b.a.in-addr.arpa` PTR for Service ClusterIPs and endpoint addresses.
 * A name in the zone that does not exist is NXDOMAIN; an existing name without records of the
 * asked type (AAAA in this IPv4 cluster) is NODATA (NOERROR, no answer). Names outside
 * cluster.local are forwarded to the node's resolver, which in kind is Docker's embedded DNS: it
 * knows the node containers and, in this offline simulation, nothing else.
 */
import type { ApiStore } from '../store/store';
import type { KObject } from '../api/types';
import { CLUSTER_IP_INDEX } from './allocation';
import { isIPv4 } from './ipam';

/** The cluster domain (kubelet --cluster-domain). */
export const CLUSTER_DOMAIN = 'cluster.local';
/** The kube-dns Service's ClusterIP, the nameserver of pods' resolv.conf. */
export const CLUSTER_DNS_IP = '10.96.0.10';
/** Docker's network gateway, the nameserver kind nodes use (and CoreDNS forwards to). */
export const NODE_DNS_IP = '172.18.0.1';

/** DNS record types the simulation answers. */
export type RRType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'SRV';

/** One resource record of an answer. */
export interface DnsRecord {
  name: string;
  type: RRType;
  /** A: the address; CNAME/PTR: the target name; SRV: the target name. */
  value: string;
  /** SRV priority, weight and port. */
  srv?: { priority: number; weight: number; port: number };
}

/** A DNS server's reply. */
export interface DnsMessage {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** Authoritative answer (CoreDNS is authoritative for cluster.local). */
  aa: boolean;
  answers: DnsRecord[];
}

const nx = (aa: boolean): DnsMessage => ({ rcode: 'NXDOMAIN', aa, answers: [] });
const nodata = (aa: boolean): DnsMessage => ({ rcode: 'NOERROR', aa, answers: [] });

/** The dashed form of an IPv4 address (10.244.1.5 -> 10-244-1-5). */
export function dashedIP(ip: string): string {
  return ip.replace(/\./g, '-');
}

/** `d.c.b.a.in-addr.arpa` for an IPv4 address. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** Ready endpoints of a Service from its EndpointSlices: [address, hostname?]. */
function readyEndpoints(store: ApiStore, svc: KObject): Array<{ ip: string; hostname?: string }> {
  const out: Array<{ ip: string; hostname?: string }> = [];
  const seen = new Set<string>();
  const slices = store.list('EndpointSlice', { namespace: svc.metadata.namespace, selector: [{ key: 'kubernetes.io/service-name', op: '=', values: [svc.metadata.name] }] });
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      // CoreDNS publishes endpoints whose ready condition is not false.
      if (e.conditions?.ready === false) continue;
      for (const ip of e.addresses ?? []) {
        if (seen.has(ip)) continue;
        seen.add(ip);
        out.push({ ip, hostname: e.hostname });
      }
    }
  }
  return out;
}

/** CoreDNS with the kubernetes plugin over the cluster's API objects. */
export class ClusterDNS {
  /** DNS over a store; `nodes` answers the forwarded names (Docker's DNS knows the node containers). */
  constructor(
    private readonly store: ApiStore,
    private readonly nodeAddress: (name: string) => string | undefined,
  ) {}

  /** Answers one question as the CoreDNS pods would. */
  answer(qname: string, qtype: RRType): DnsMessage {
    const name = qname.toLowerCase().replace(/\.$/, '');
    if (name === CLUSTER_DOMAIN || name.endsWith(`.${CLUSTER_DOMAIN}`)) return this.zone(name, qtype);
    if (name.endsWith('.in-addr.arpa')) return this.reverse(name, qtype);
    return this.forward(name, qtype);
  }

  /** Docker's embedded DNS (what kind nodes and CoreDNS's `forward` reach): node names only. */
  forward(name: string, qtype: RRType): DnsMessage {
    const ip = this.nodeAddress(name);
    if (!ip) return nx(false);
    return qtype === 'A' ? { rcode: 'NOERROR', aa: false, answers: [{ name, type: 'A', value: ip }] } : nodata(false);
  }

  private zone(name: string, qtype: RRType): DnsMessage {
    const labels = name.slice(0, -(CLUSTER_DOMAIN.length + 1) || undefined).split('.');
    if (name === CLUSTER_DOMAIN) return nodata(true);
    const kind = labels[labels.length - 1];
    if (kind === 'pod') return this.podRecord(labels.slice(0, -1), name, qtype);
    if (kind !== 'svc') return nx(true);
    const rest = labels.slice(0, -1); // [..., svc, ns]
    if (rest.length === 0) return nodata(true);
    const ns = rest[rest.length - 1];
    if (!this.store.get('Namespace', undefined, ns)) return nx(true);
    if (rest.length === 1) return nodata(true);
    const svcName = rest[rest.length - 2];
    const svc = this.store.get('Service', ns, svcName);
    if (!svc) return nx(true);
    const prefix = rest.slice(0, -2);
    if (prefix.length === 0) return this.serviceRecord(svc, name, qtype);
    if (prefix.length === 2 && prefix[0].startsWith('_') && prefix[1].startsWith('_')) return this.srvRecord(svc, name, prefix[0].slice(1), prefix[1].slice(1), qtype);
    if (prefix.length === 1) {
      if (svc.spec?.clusterIP !== 'None') return nx(true);
      const want = prefix[0];
      const ep = readyEndpoints(this.store, svc).find((e) => (e.hostname ?? dashedIP(e.ip)) === want);
      if (!ep) return nx(true);
      return qtype === 'A' ? { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'A', value: ep.ip }] } : nodata(true);
    }
    return nx(true);
  }

  private serviceRecord(svc: KObject, name: string, qtype: RRType): DnsMessage {
    if (svc.spec?.type === 'ExternalName') {
      const target = String(svc.spec.externalName ?? '').replace(/\.$/, '');
      const answers: DnsRecord[] = [{ name, type: 'CNAME', value: target }];
      if (qtype === 'A' || qtype === 'AAAA') {
        const next = this.answer(target, qtype);
        answers.push(...next.answers);
      }
      return { rcode: 'NOERROR', aa: true, answers };
    }
    if (qtype !== 'A') return nodata(true);
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== 'None') return { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'A', value: ip }] };
    const eps = readyEndpoints(this.store, svc);
    // A headless Service with no ready endpoint exists but has no records: NODATA.
    return { rcode: 'NOERROR', aa: true, answers: eps.map((e) => ({ name, type: 'A' as const, value: e.ip })) };
  }

  private srvRecord(svc: KObject, name: string, port: string, proto: string, qtype: RRType): DnsMessage {
    const sp = (svc.spec?.ports ?? []).find((p: { name?: string; protocol?: string }) => p.name === port && (p.protocol ?? 'TCP').toLowerCase() === proto);
    if (!sp) return nx(true);
    if (qtype !== 'SRV') return nodata(true);
    const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
    if (svc.spec?.clusterIP !== 'None') return { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'SRV', value: fqdn, srv: { priority: 0, weight: 100, port: sp.port } }] };
    const eps = readyEndpoints(this.store, svc);
    const weight = eps.length ? Math.floor(100 / eps.length) : 100;
    return { rcode: 'NOERROR', aa: true, answers: eps.map((e) => ({ name, type: 'SRV' as const, value: `${e.hostname ?? dashedIP(e.ip)}.${fqdn}`, srv: { priority: 0, weight, port: sp.port } })) };
  }

  private podRecord(labels: string[], name: string, qtype: RRType): DnsMessage {
    if (labels.length !== 2) return nx(true);
    const ip = labels[0].replace(/-/g, '.');
    if (!isIPv4(ip) || !this.store.get('Namespace', undefined, labels[1])) return nx(true);
    return qtype === 'A' ? { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'A', value: ip }] } : nodata(true);
  }

  private reverse(name: string, qtype: RRType): DnsMessage {
    const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
    const ip = parts.reverse().join('.');
    if (!isIPv4(ip)) return nx(true);
    for (const svc of this.store.byIndex('Service', CLUSTER_IP_INDEX, ip)) {
      const target = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
      return qtype === 'PTR' ? { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'PTR', value: target }] } : nodata(true);
    }
    for (const s of this.store.list('EndpointSlice')) {
      for (const e of s.endpoints ?? []) {
        if (!(e.addresses ?? []).includes(ip)) continue;
        const svcName = s.metadata.labels?.['kubernetes.io/service-name'];
        if (!svcName) continue;
        const target = `${e.hostname ?? dashedIP(ip)}.${svcName}.${s.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
        return qtype === 'PTR' ? { rcode: 'NOERROR', aa: true, answers: [{ name, type: 'PTR', value: target }] } : nodata(true);
      }
    }
    // fallthrough in-addr.arpa: forwarded upstream, which knows the node containers.
    for (const n of this.store.list('Node')) {
      const addr = (n.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address;
      if (addr === ip) return qtype === 'PTR' ? { rcode: 'NOERROR', aa: false, answers: [{ name, type: 'PTR', value: `${n.metadata.name}.kind.` }] } : nodata(false);
    }
    return nx(false);
  }
}

// ---------------------------------------------------------------------------------------------
// The stub resolver

/** What a resolver reads from /etc/resolv.conf. */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** Parses /etc/resolv.conf (nameserver, search/domain, options ndots:N); defaults as glibc's. */
export function parseResolvConf(text: string | undefined): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...args] = line.split(/\s+/);
    if (key === 'nameserver' && args[0]) out.nameservers.push(args[0]);
    else if (key === 'search') out.search = args;
    else if (key === 'domain' && args[0]) out.search = [args[0]];
    else if (key === 'options') for (const o of args) if (o.startsWith('ndots:')) out.ndots = Math.min(15, Number(o.slice(6)) || 0);
  }
  if (!out.nameservers.length) out.nameservers.push('127.0.0.1');
  return out;
}

/** Looks a name up in /etc/hosts; the first address listed for it. */
export function lookupHosts(text: string | undefined, name: string): string | undefined {
  const want = name.toLowerCase().replace(/\.$/, '');
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    if (!isIPv4(addr)) continue;
    if (names.some((n) => n.toLowerCase() === want)) return addr;
  }
  return undefined;
}

/**
 * The names a resolver tries for `name` (res_search): with fewer dots than ndots, each search
 * domain first and the name as given last; otherwise the name first. A trailing dot means the
 * name is absolute. With ndots:5, `nginx-service.default.svc.cluster.local` (4 dots) tries
 * `nginx-service.default.svc.cluster.local.default.svc.cluster.local` and the other two search
 * domains before the name itself.
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = conf.search.map((d) => `${name}.${d}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}
