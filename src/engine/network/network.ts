/**
 * The simulated network: how a packet from a pod or a node reaches a pod. It combines the
 * per-node service proxy (proxy.ts, programmed by that node's kube-proxy pod), pod addresses
 * (status.podIP, from the kubelets' per-node IPAM), node InternalIPs, cluster DNS (dns.ts,
 * answered only by CoreDNS pods reached through the kube-dns Service) and delivery to the
 * applications inside containers (the kubelets' serveHttp).
 *
 * Outcomes are those a client sees on a kind cluster with kube-proxy in iptables mode:
 * - a ClusterIP port whose Service has no usable endpoint: REJECT, "connection refused";
 * - a ClusterIP on a port the Service does not have: no rule, the packet is routed away: timeout;
 * - an endpoint pod that does not listen on the target port: its kernel answers RST: refused;
 * - a node port on any node's InternalIP (and on 127.0.0.1 of a node, route_localnet=1);
 * - a pod IP directly; an address in a pod CIDR that no pod holds: "No route to host";
 * - a node that is stopped answers nothing: timeout.
 */
import type { Engine } from '../cluster';
import type { Component } from '../sim/runtime';
import type { KObject, NewObject } from '../api/types';
import { isPodTerminal } from '../api/podutil';
import type { ContainerContext, DnsAnswer, HttpOutcome, HttpRequest, HttpResponse, PodNetwork } from '../kubelet/apps/types';
import { kubeletFleet } from '../kubelet/install';
import { buildServiceRules, RuleTable, usableEndpoints, type ProxyEndpoint, type ServicePortRule } from './proxy';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN, ClusterDNS, NODE_DNS_IP, searchCandidates, type DnsMessage, type ResolvConf, type RRType } from './dns';
import { cidrContains, ipToInt, parseCidr } from './ipam';

/** Index of pods by status.podIP (pod-network pods only). */
export const POD_IP_INDEX = 'podIP';
/** The cluster's pod network (kubeadm --pod-network-cidr in kind). */
export const POD_NETWORK_CIDR = parseCidr('10.244.0.0/16');
/** How long Linux keeps retrying SYNs before connect() fails (tcp_syn_retries=6: 1+2+...+64 s). */
export const TCP_CONNECT_TIMEOUT_MS = 127_000;
/** How long until ARP gives up on an address nobody holds ("No route to host"). */
export const NO_ROUTE_MS = 3_070;
/** A resolver's wait for an unanswered query (timeout:5 in resolv.conf terms, per attempt). */
export const DNS_TIMEOUT_MS = 5_000;

/** Where traffic comes from. */
export interface NetClient {
  /** The node the sender runs on. */
  node: string;
  /** The source address: the pod's IP, or the node's IP for host-network senders. */
  ip: string;
  hostNetwork: boolean;
  namespace?: string;
  pod?: string;
}

/** Where a connection ended up, or why it failed. */
export type ConnectResult =
  | {
      ok: true;
      namespace: string;
      pod: string;
      /** The address and port actually connected to (after the proxy's DNAT). */
      ip: string;
      port: number;
      /** The source address the server sees. */
      clientIP: string;
      /** `namespace/name` of the Service the proxy went through. */
      service?: string;
      /** Milliseconds the connection took (0-1 on a LAN). */
      ms: number;
    }
  | { ok: false; error: 'refused' | 'timeout' | 'unreachable'; ms: number; service?: string };

/** An HTTP exchange's outcome. */
export type HttpResult = { ok: true; response: HttpResponse; target: Extract<ConnectResult, { ok: true }> } | { ok: false; error: 'refused' | 'timeout' | 'unreachable'; ms: number };

/** The reply to a DNS query, or why there was none. */
export type DnsQueryResult = { status: 'reply'; message: DnsMessage; server: string } | { status: 'timeout' | 'refused'; server: string };

/** The network as the rest of the engine (and kubectl, the CLI, the UI) sees it. */
export interface NetworkApi {
  /** Opens a connection as the kernel and the node's proxy route it. */
  connect(from: NetClient, ip: string, port: number, protocol?: string): ConnectResult;
  /** Sends one HTTP request to ip:port and returns the application's answer. */
  request(from: NetClient, ip: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port'>): HttpResult;
  /** Sends one DNS question to a server. */
  dnsQuery(from: NetClient, server: string, name: string, type: RRType): DnsQueryResult;
  /** The rules a node's proxy currently applies. */
  rules(node: string): RuleTable;
  /** Whether a node's kube-proxy is running (its rules follow the cluster). */
  kubeProxyRunning(node: string): boolean;
  /** A node as a network client (the scenario shell runs on the control-plane node). */
  nodeClient(node?: string): NetClient;
  /** Simulated time spent waiting on timeouts since the last call (the scenario shell advances it). */
  takeElapsedMs(): number;
}

/** The network's snapshot state. */
export interface NetworkState {
  /** Nodes whose kube-proxy runs. */
  running: string[];
  /** Rules kept by nodes whose kube-proxy stopped, by node. */
  frozen: Array<[string, Array<[string, ServicePortRule[]]>]>;
  /** ClientIP session affinity: `service|port|protocol|clientIP` -> endpoint and expiry. */
  affinity: Array<[string, { ip: string; port: number; until: number }]>;
}

const EMPTY = new RuleTable();

/** The cluster network component. */
export class ClusterNetwork implements Component, NetworkApi, PodNetwork {
  readonly name = 'network';
  readonly dns: ClusterDNS;
  private live = new RuleTable();
  private liveBuilt = false;
  private dirty = new Set<string>();
  private running = new Set<string>();
  private frozen = new Map<string, RuleTable>();
  private pendingNodes = new Set<string>();
  private affinity = new Map<string, { ip: string; port: number; until: number }>();
  private elapsedMs = 0;
  private masterPending = false;
  /** InternalIP -> node name, rebuilt when Nodes change (derived, not snapshotted). */
  private nodesByIP?: Map<string, string>;
  private writingMaster = false;

  /** Wires the network into an engine (watches, indexes); call once. */
  constructor(private readonly engine: Engine) {
    const store = engine.store;
    this.dns = new ClusterDNS(store, (n) => this.nodeAddress(n));
    store.addIndex('Pod', POD_IP_INDEX, (p) => (p.status?.podIP && !p.spec?.hostNetwork ? p.status.podIP : undefined));
    store.watch('Service', (ev) => this.markDirty(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`));
    store.watch('EndpointSlice', (ev) => {
      for (const o of [ev.object, ev.old]) {
        const svc = o?.metadata.labels?.['kubernetes.io/service-name'];
        if (svc) this.markDirty(`${o!.metadata.namespace}/${svc}`);
      }
    });
    store.watch('Pod', (ev) => {
      for (const o of [ev.object, ev.old]) if (o && o.metadata.labels?.['k8s-app'] === 'kube-proxy' && o.spec?.nodeName) this.pendingNodes.add(o.spec.nodeName);
    });
    store.watch('Node', (ev) => {
      if (ev.type === 'DELETED') this.pendingNodes.add(ev.object.metadata.name);
      this.nodesByIP = undefined;
    });
    const isMaster = (o: KObject) => o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes';
    store.watch('Service', (ev) => {
      if (isMaster(ev.object)) this.masterPending = true;
    });
    for (const kind of ['Endpoints', 'EndpointSlice']) {
      store.watch(kind, (ev) => {
        if (isMaster(ev.object) && !this.writingMaster) this.masterPending = true;
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // The API server's own endpoints (pkg/controlplane/reconcilers, the lease endpoint reconciler)

  /**
   * The `kubernetes` Service has no selector: the API server itself keeps its Endpoints and
   * EndpointSlice pointing at the control-plane node's address, port 6443.
   */
  private reconcileMasterEndpoints(): void {
    const store = this.engine.store;
    const svc = store.get('Service', 'default', 'kubernetes');
    if (!svc) return;
    const ip = this.controlPlaneAddress();
    const endpoints: NewObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    };
    const slice: NewObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
    };
    this.writingMaster = true;
    try {
      for (const want of [endpoints, slice]) {
        const have = store.get(want.kind!, 'default', 'kubernetes');
        if (!have) store.create(want);
        else {
          const { metadata, ...body } = want;
          const next = { ...have, ...body, metadata: { ...have.metadata, labels: metadata!.labels } };
          store.update(next);
        }
      }
    } finally {
      this.writingMaster = false;
    }
  }

  /** The control-plane node's InternalIP (the kubelets number kind's nodes from 172.18.0.2). */
  private controlPlaneAddress(): string {
    const nodes = this.engine.options.nodes;
    const i = Math.max(0, nodes.findIndex((n) => n.controlPlane));
    return this.nodeAddress(nodes[i].name) ?? `172.18.0.${2 + i}`;
  }

  // -------------------------------------------------------------------------------------------
  // kube-proxy state

  private markDirty(key: string): void {
    if (this.liveBuilt) this.dirty.add(key);
  }

  /** The shared table that running kube-proxies apply, brought up to date. */
  private liveTable(): RuleTable {
    const store = this.engine.store;
    if (!this.liveBuilt) {
      this.live = new RuleTable();
      for (const svc of store.list('Service')) this.live.set(`${svc.metadata.namespace}/${svc.metadata.name}`, this.serviceRules(svc));
      this.liveBuilt = true;
      this.dirty.clear();
    }
    if (this.dirty.size) {
      for (const key of [...this.dirty].sort()) {
        const [ns, name] = key.split('/');
        const svc = store.get('Service', ns, name);
        this.live.set(key, svc ? this.serviceRules(svc) : undefined);
      }
      this.dirty.clear();
    }
    return this.live;
  }

  private serviceRules(svc: KObject): ServicePortRule[] {
    const slices = this.engine.store.list('EndpointSlice', { namespace: svc.metadata.namespace, selector: [{ key: 'kubernetes.io/service-name', op: '=', values: [svc.metadata.name] }] });
    return buildServiceRules(svc, slices);
  }

  /** Whether the kube-proxy pod on a node runs (Running, its container started, not being deleted). */
  private proxyPodRunning(node: string): boolean {
    if (!this.engine.store.get('Node', undefined, node)) return false;
    return this.engine.store.byIndex('Pod', 'node', node).some(
      (p) =>
        p.metadata.labels?.['k8s-app'] === 'kube-proxy' &&
        p.metadata.namespace === 'kube-system' &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase === 'Running' &&
        (p.status?.containerStatuses ?? []).some((c: { state?: { running?: unknown } }) => c.state?.running),
    );
  }

  /** Processes kube-proxy starts and stops: a stop freezes the node's rules as they are now. */
  work(): boolean {
    if (this.masterPending) {
      this.masterPending = false;
      this.reconcileMasterEndpoints();
      return true;
    }
    if (!this.pendingNodes.size) return false;
    const nodes = [...this.pendingNodes].sort();
    this.pendingNodes.clear();
    for (const node of nodes) {
      const now = this.proxyPodRunning(node);
      const was = this.running.has(node);
      if (now && !was) {
        this.running.add(node);
        this.frozen.delete(node);
      } else if (!now && was) {
        this.running.delete(node);
        if (this.engine.store.get('Node', undefined, node)) this.frozen.set(node, this.liveTable().freeze());
      } else if (!now && !this.engine.store.get('Node', undefined, node)) {
        this.frozen.delete(node);
      }
    }
    return true;
  }

  /** The rules a node applies: live while its kube-proxy runs, else what it last wrote (or none). */
  rules(node: string): RuleTable {
    if (this.running.has(node)) return this.liveTable();
    return this.frozen.get(node) ?? EMPTY;
  }

  /** Whether a node's kube-proxy is running. */
  kubeProxyRunning(node: string): boolean {
    return this.running.has(node);
  }

  // -------------------------------------------------------------------------------------------
  // Addresses

  /** A node's InternalIP. */
  nodeAddress(name: string): string | undefined {
    const n = this.engine.store.get('Node', undefined, name);
    return n?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address;
  }

  /** The node holding an InternalIP. */
  private nodeByAddress(ip: string): string | undefined {
    if (!this.nodesByIP) {
      this.nodesByIP = new Map();
      for (const n of this.engine.store.list('Node')) {
        const a = n.status?.addresses?.find((x: { type: string }) => x.type === 'InternalIP')?.address;
        if (a) this.nodesByIP.set(a, n.metadata.name);
      }
    }
    return this.nodesByIP.get(ip);
  }

  /** The gateway of a node's pod CIDR (10.244.N.1), the source of host traffic into local pods. */
  private podGateway(node: string): string | undefined {
    const cidr: string | undefined = this.engine.store.get('Node', undefined, node)?.spec?.podCIDR;
    if (!cidr) return undefined;
    const base = cidr.split('/')[0].split('.');
    return `${base[0]}.${base[1]}.${base[2]}.1`;
  }

  /** The live pod holding a pod-network IP. */
  podByIP(ip: string): KObject | undefined {
    const pods = this.engine.store.byIndex('Pod', POD_IP_INDEX, ip).filter((p) => !isPodTerminal(p));
    if (pods.length <= 1) return pods[0];
    return pods.sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1))[0];
  }

  /** A node as a network client. */
  nodeClient(node?: string): NetClient {
    const name = node ?? this.engine.options.nodes.find((n) => n.controlPlane)?.name ?? this.engine.options.nodes[0].name;
    return { node: name, ip: this.nodeAddress(name) ?? '127.0.0.1', hostNetwork: true };
  }

  private nodeUp(node: string | undefined): boolean {
    return !!node && this.engine.kubelets.isRunning(node) && !!this.engine.store.get('Node', undefined, node);
  }

  // -------------------------------------------------------------------------------------------
  // Connections

  /** Opens a connection from `from` to ip:port. */
  connect(from: NetClient, ip: string, port: number, protocol = 'TCP'): ConnectResult {
    if (!this.nodeUp(from.node)) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
    // Loopback: the pod itself, or for a node its host-network listeners and node ports.
    if (ip.startsWith('127.')) {
      if (!from.hostNetwork && from.pod) return { ok: true, namespace: from.namespace!, pod: from.pod, ip, port, clientIP: '127.0.0.1', ms: 0 };
      return this.toNode(from, from.node, port, protocol, '127.0.0.1');
    }
    const table = this.rules(from.node);
    const vip = table.vip(ip, port, protocol);
    if (vip) return this.viaService(from, vip, vip.internalTrafficPolicy === 'Local' ? from.node : undefined, from.ip);
    if (table.isVip(ip)) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
    const ext = table.external(ip, port, protocol);
    if (ext) return this.viaService(from, ext, undefined, from.ip);
    const node = this.nodeByAddress(ip);
    if (node) return this.toNode(from, node, port, protocol, from.ip);
    if (cidrContains(POD_NETWORK_CIDR, ipToInt(ip))) return this.toPod(from, ip, port, undefined);
    return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
  }

  /** Traffic arriving at a node's address: its node ports, else its host-network pods. */
  private toNode(from: NetClient, node: string, port: number, protocol: string, srcIP: string): ConnectResult {
    if (!this.nodeUp(node)) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
    const rule = this.rules(node).nodePort(port, protocol);
    if (rule) {
      // Node-port traffic from elsewhere is masqueraded to the receiving node's address.
      const local = rule.externalTrafficPolicy === 'Local' ? node : undefined;
      const src = node === from.node ? srcIP : (this.nodeAddress(node) ?? srcIP);
      return this.viaService({ ...from, node }, rule, local, src, true);
    }
    return this.toHost(from, node, port, srcIP);
  }

  /** A node's host-network listeners (static pods such as kube-apiserver on 6443), else RST. */
  private toHost(from: NetClient, node: string, port: number, srcIP: string): ConnectResult {
    if (!this.nodeUp(node)) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
    const hostPods = this.engine.store
      .byIndex('Pod', 'node', node)
      .filter((p) => p.spec?.hostNetwork && !isPodTerminal(p))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const fleet = kubeletFleet(this.engine);
    for (const p of hostPods) {
      const r = fleet.serveHttp(p.metadata.namespace!, p.metadata.name, port, { method: 'OPTIONS', path: '*', headers: {}, clientIP: srcIP, host: '' });
      if (r.ok) return { ok: true, namespace: p.metadata.namespace!, pod: p.metadata.name, ip: this.nodeAddress(node)!, port, clientIP: srcIP, ms: 0 };
    }
    return { ok: false, error: 'refused', ms: node === from.node ? 0 : 1 };
  }

  /** DNAT through a Service port to one of its endpoints. */
  private viaService(from: NetClient, rule: ServicePortRule, localNode: string | undefined, srcIP: string, external = false): ConnectResult {
    const eps = usableEndpoints(rule, localNode);
    if (!eps.length) {
      // No endpoint at all: kube-proxy installs a REJECT rule. A Local policy with endpoints on
      // other nodes only drops the packet.
      if (localNode !== undefined && usableEndpoints(rule, undefined).length) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS, service: rule.service };
      return { ok: false, error: 'refused', ms: 0, service: rule.service };
    }
    const ep = this.pickEndpoint(rule, eps, from.ip);
    let clientIP = srcIP;
    if (from.hostNetwork && !external) clientIP = ep.nodeName === from.node ? (this.podGateway(from.node) ?? srcIP) : (this.nodeAddress(from.node) ?? srcIP);
    const r = this.toPod(from, ep.ip, ep.port, clientIP);
    return { ...r, service: rule.service };
  }

  /** Chooses an endpoint: ClientIP affinity if pinned and still usable, else uniformly at random. */
  private pickEndpoint(rule: ServicePortRule, eps: ProxyEndpoint[], clientIP: string): ProxyEndpoint {
    const now = this.engine.runtime.now;
    if (rule.affinitySeconds) {
      const key = `${rule.service}|${rule.port}|${rule.protocol}|${clientIP}`;
      const pinned = this.affinity.get(key);
      const still = pinned && pinned.until > now ? eps.find((e) => e.ip === pinned.ip && e.port === pinned.port) : undefined;
      const ep = still ?? eps[this.engine.runtime.rng.int(eps.length)];
      this.affinity.set(key, { ip: ep.ip, port: ep.port, until: now + rule.affinitySeconds * 1000 });
      return ep;
    }
    return eps.length === 1 ? eps[0] : eps[this.engine.runtime.rng.int(eps.length)];
  }

  /** Delivery to a pod-network address (or, for endpoints such as the API server's, a node address). */
  private toPod(from: NetClient, ip: string, port: number, clientIP: string | undefined): ConnectResult {
    const node = this.nodeByAddress(ip);
    if (node) return this.toHost(from, node, port, clientIP ?? from.ip);
    const pod = this.podByIP(ip);
    if (!pod) return { ok: false, error: 'unreachable', ms: NO_ROUTE_MS };
    if (!this.nodeUp(pod.spec?.nodeName)) return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
    let src = clientIP ?? from.ip;
    if (clientIP === undefined && from.hostNetwork) src = pod.spec?.nodeName === from.node ? (this.podGateway(from.node) ?? from.ip) : (this.nodeAddress(from.node) ?? from.ip);
    return { ok: true, namespace: pod.metadata.namespace!, pod: pod.metadata.name, ip, port, clientIP: src, ms: pod.spec?.nodeName === from.node ? 0 : 1 };
  }

  /** Sends an HTTP request; the answer comes from the application listening there. */
  request(from: NetClient, ip: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port'>): HttpResult {
    const c = this.connect(from, ip, port, 'TCP');
    if (!c.ok) return { ok: false, error: c.error, ms: c.ms };
    const r = kubeletFleet(this.engine).serveHttp(c.namespace, c.pod, c.port, { ...req, clientIP: c.clientIP, clientPort: 30000 + (this.engine.runtime.rng.int(30000) | 0) });
    if (r.ok) return { ok: true, response: r.response, target: c };
    if (r.error === 'refused') return { ok: false, error: 'refused', ms: c.ms };
    return { ok: false, error: 'timeout', ms: TCP_CONNECT_TIMEOUT_MS };
  }

  // -------------------------------------------------------------------------------------------
  // DNS

  /** Sends one question to a DNS server (through the proxy when it is a Service address). */
  dnsQuery(from: NetClient, server: string, name: string, type: RRType): DnsQueryResult {
    if (server === NODE_DNS_IP) return { status: 'reply', message: this.dns.forward(name.toLowerCase().replace(/\.$/, ''), type), server };
    const c = this.connect(from, server, 53, 'UDP');
    if (!c.ok) return { status: c.error === 'refused' ? 'refused' : 'timeout', server };
    const pod = this.engine.store.get('Pod', c.namespace, c.pod);
    const isDNS = pod?.spec?.containers?.some((x: { image?: string }) => /coredns/.test(x.image ?? ''));
    if (!isDNS) return { status: 'timeout', server };
    // CoreDNS also listens on TCP 53: a connection there tells whether the server process is up.
    const probe = kubeletFleet(this.engine).serveHttp(c.namespace, c.pod, 53, { method: 'OPTIONS', path: '*', headers: {}, clientIP: c.clientIP, host: '' });
    if (!probe.ok) return { status: probe.error === 'refused' ? 'refused' : 'timeout', server };
    return { status: 'reply', message: this.dns.answer(name, type), server };
  }

  /**
   * getaddrinfo for an A record: /etc/hosts is the caller's business; this applies the search
   * path of `conf` and asks its nameservers in turn. Returns the address and the name that
   * answered, or why nothing did.
   */
  resolveA(from: NetClient, name: string, conf: ResolvConf): { ok: true; ip: string; name: string } | { ok: false; reason: 'nxdomain' | 'timeout' | 'refused' } {
    let reason: 'nxdomain' | 'timeout' | 'refused' = 'nxdomain';
    for (const candidate of searchCandidates(name, conf)) {
      let answered = false;
      for (const server of conf.nameservers.slice(0, 3)) {
        const r = this.dnsQuery(from, server, candidate, 'A');
        if (r.status !== 'reply') {
          if (r.status === 'timeout') this.wait(DNS_TIMEOUT_MS);
          reason = reason === 'nxdomain' ? r.status : reason;
          continue;
        }
        answered = true;
        const a = r.message.answers.find((x) => x.type === 'A');
        if (a) return { ok: true, ip: a.value, name: candidate };
        break;
      }
      if (!answered && reason !== 'nxdomain') return { ok: false, reason };
    }
    return { ok: false, reason };
  }

  /** Adds simulated waiting time (a timeout) for the scenario shell to advance. */
  wait(ms: number): void {
    this.elapsedMs += ms;
  }

  /** The accumulated waiting time, without clearing it. */
  peekElapsedMs(): number {
    return this.elapsedMs;
  }

  /** Returns and clears the accumulated waiting time. */
  takeElapsedMs(): number {
    const ms = this.elapsedMs;
    this.elapsedMs = 0;
    return ms;
  }

  // -------------------------------------------------------------------------------------------
  // PodNetwork: what the kubelet's own programs and probes may use

  /** A container as a network client. */
  clientOf(ctx: ContainerContext): NetClient {
    return { node: ctx.nodeName, ip: ctx.podIP, hostNetwork: ctx.hostNetwork, namespace: ctx.namespace, pod: ctx.podName };
  }

  /** The resolv.conf a container gets from its DNS policy (when its own file is not at hand). */
  defaultResolvConf(ctx: ContainerContext): ResolvConf {
    if (ctx.hostNetwork) return { nameservers: [NODE_DNS_IP], search: [], ndots: 0 };
    return { nameservers: [CLUSTER_DNS_IP], search: [`${ctx.namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN], ndots: 5 };
  }

  /** PodNetwork.resolve. */
  resolve(from: ContainerContext, name: string): DnsAnswer {
    const n = name.replace(/\.$/, '');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) return { ok: true, name: n, addresses: [n] };
    if (n === 'localhost') return { ok: true, name: n, addresses: ['127.0.0.1'] };
    if (n === from.hostname) return { ok: true, name: n, addresses: [from.podIP] };
    const conf = this.defaultResolvConf(from);
    const r = this.resolveA(this.clientOf(from), name, conf);
    if (r.ok) return { ok: true, name: r.name, addresses: [r.ip] };
    return { ok: false, error: r.reason === 'nxdomain' ? 'NXDOMAIN' : 'timeout', server: conf.nameservers[0] };
  }

  /** PodNetwork.http: resolves the host (default resolv.conf of the pod's DNS policy) and sends. */
  http(from: ContainerContext, host: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port' | 'host'>): HttpOutcome {
    const ans = this.resolve(from, host);
    if (!ans.ok) return { ok: false, error: 'resolve' };
    const ip = ans.addresses[0];
    const hostHeader = port === 80 ? host : `${host}:${port}`;
    const r = this.request(this.clientOf(from), ip, port, { ...req, headers: { Host: hostHeader, ...req.headers }, host: hostHeader });
    if (r.ok) return { ok: true, response: r.response, ip, port };
    return { ok: false, error: r.error, ip, port };
  }

  /** The cluster CA's PEM, as the root-CA publisher hands it to every namespace (kube-root-ca.crt). */
  clusterCA(): string | undefined {
    return this.engine.store.get('ConfigMap', 'kube-system', 'kube-root-ca.crt')?.data?.['ca.crt'];
  }

  /** PodNetwork.dnsServer. */
  dnsServer(from: ContainerContext): string {
    return this.defaultResolvConf(from).nameservers[0];
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots

  /** The network's state: kube-proxy status per node, frozen rules, session affinity. */
  save(): NetworkState {
    const now = this.engine.runtime.now;
    return {
      running: [...this.running].sort(),
      frozen: [...this.frozen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, t]) => [n, t.toJSON()]),
      affinity: [...this.affinity.entries()].filter(([, v]) => v.until > now).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  }

  /** Restores save()'s output; the live rules are rebuilt from the store on first use. */
  load(raw: unknown): void {
    const s = raw as NetworkState;
    this.running = new Set(s.running ?? []);
    this.frozen = new Map((s.frozen ?? []).map(([n, entries]) => [n, new RuleTable(new Map(entries))]));
    this.affinity = new Map(s.affinity ?? []);
    this.liveBuilt = false;
    this.dirty.clear();
    this.pendingNodes.clear();
  }
}
