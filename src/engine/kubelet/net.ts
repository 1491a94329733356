/**
 * A minimal in-cluster network for programs inside containers (curl, wget, nslookup), until the
 * network part supplies the real one through KubeletFleet.setNetwork(): cluster DNS for
 * Services (`name.ns.svc.cluster.local` and the search path; headless Services resolve to ready
 * pod IPs), pod IPs, localhost, and a ClusterIP forwarding to a ready pod picked at random (as
 * kube-proxy's iptables mode does). DNS needs a ready CoreDNS pod, as on a real cluster.
 */
import type { Engine } from '../cluster';
import type { KObject } from '../api/types';
import { isPodReady } from '../api/podutil';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN, type ContainerContext, type DnsAnswer, type HttpOutcome, type HttpRequest, type PodNetwork } from './apps';
import { NODE_DNS_IP } from './apps/container';
import type { KubeletFleet } from './fleet';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The default PodNetwork, answering from the API objects. */
export class StoreNetwork implements PodNetwork {
  /** Builds a network over a fleet and its engine. */
  constructor(
    private readonly fleet: KubeletFleet,
    private readonly engine: Engine,
  ) {}

  /** The nameserver of a container's resolv.conf. */
  dnsServer(from: ContainerContext): string {
    return from.hostNetwork ? NODE_DNS_IP : CLUSTER_DNS_IP;
  }

  private dnsUp(): boolean {
    const dns = this.engine.store.list('Pod', { namespace: 'kube-system' }).filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    return dns.some((p) => isPodReady(p) && !p.metadata.deletionTimestamp);
  }

  /** Resolves a name with the container's search path (ndots:5). */
  resolve(from: ContainerContext, name: string): DnsAnswer {
    const n = name.replace(/\.$/, '');
    if (IPV4.test(n)) return { ok: true, name: n, addresses: [n] };
    if (n === 'localhost') return { ok: true, name: 'localhost', addresses: ['127.0.0.1'] };
    if (n === from.hostname) return { ok: true, name: n, addresses: [from.podIP] };
    if (!from.hostNetwork && !this.dnsUp()) return { ok: false, error: 'timeout', server: CLUSTER_DNS_IP };
    const search = [`${from.namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
    const dots = (n.match(/\./g) ?? []).length;
    const candidates = name.endsWith('.') ? [n] : dots >= 5 ? [n, ...search.map((s) => `${n}.${s}`)] : [...search.map((s) => `${n}.${s}`), n];
    for (const fqdn of candidates) {
      const addrs = this.lookup(fqdn);
      if (addrs?.length) return { ok: true, name: fqdn, addresses: addrs };
    }
    return { ok: false, error: 'NXDOMAIN', server: CLUSTER_DNS_IP };
  }

  private lookup(fqdn: string): string[] | undefined {
    const suffix = `.svc.${CLUSTER_DOMAIN}`;
    if (fqdn.endsWith(suffix)) {
      const parts = fqdn.slice(0, -suffix.length).split('.');
      if (parts.length !== 2) return undefined;
      const svc = this.engine.store.get('Service', parts[1], parts[0]);
      if (!svc) return undefined;
      if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') return [svc.spec.clusterIP];
      return this.readyPods(svc).map((p) => p.status.podIP);
    }
    const pod = /^(\d+-\d+-\d+-\d+)\.([^.]+)\.pod\.cluster\.local$/.exec(fqdn);
    if (pod) return [pod[1].replace(/-/g, '.')];
    return undefined;
  }

  private readyPods(svc: KObject): KObject[] {
    const sel: Record<string, string> | undefined = svc.spec?.selector;
    if (!sel || !Object.keys(sel).length) return [];
    return this.engine.store
      .list('Pod', { namespace: svc.metadata.namespace })
      .filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) && isPodReady(p) && !p.metadata.deletionTimestamp && p.status?.podIP);
  }

  /** Sends an HTTP request from a container. */
  http(from: ContainerContext, host: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port' | 'host'>): HttpOutcome {
    const ans = this.resolve(from, host);
    if (!ans.ok) return { ok: false, error: ans.error === 'timeout' ? 'resolve' : 'resolve' };
    const ip = ans.addresses[0];
    const hostHeader = port === 80 ? host : `${host}:${port}`;
    const deliver = (ns: string, pod: string, p: number, clientIP: string): HttpOutcome => {
      const r = this.fleet.serveHttp(ns, pod, p, { ...req, headers: { Host: hostHeader, ...req.headers }, clientIP, host: hostHeader, clientPort: 40000 + this.engine.runtime.rng.int(20000) });
      return r.ok ? { ok: true, response: r.response, ip, port } : { ok: false, error: 'refused', ip, port };
    };
    if (ip === '127.0.0.1') return deliver(from.namespace, from.podName, port, '127.0.0.1');
    const svc = this.engine.store.list('Service').find((s) => s.spec?.clusterIP === ip);
    if (svc) {
      const sp = (svc.spec.ports ?? []).find((p: { port: number; protocol?: string }) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
      if (!sp) return { ok: false, error: 'timeout', ip, port };
      const pods = this.readyPods(svc);
      if (!pods.length) return { ok: false, error: 'refused', ip, port };
      const target = pods[this.engine.runtime.rng.int(pods.length)];
      let tp = sp.targetPort ?? sp.port;
      if (typeof tp === 'string') {
        for (const c of target.spec?.containers ?? []) for (const cp of c.ports ?? []) if (cp.name === tp) tp = cp.containerPort;
        if (typeof tp === 'string') return { ok: false, error: 'refused', ip, port };
      }
      return deliver(target.metadata.namespace!, target.metadata.name, tp, from.podIP);
    }
    const pod = this.fleet.podByIP(ip);
    if (pod) return deliver(pod.namespace, pod.name, port, from.podIP);
    return { ok: false, error: 'timeout', ip, port };
  }
}
