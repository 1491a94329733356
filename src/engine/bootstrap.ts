/**
 * Brings a new cluster up the way `kubeadm init` and `kind create cluster` do: the system
 * namespaces and the `kubernetes` Service (the API server creates them as it starts), kubeadm's
 * addons (kube-proxy as a DaemonSet and CoreDNS as a Deployment, with their ConfigMaps,
 * ServiceAccounts and the `kube-dns` Service), then the kubelets: the control plane's first (its
 * static pods run before the API server is up), the workers joining 20-40 s later. Runs
 * BOOTSTRAP_LEAD_MS before the cluster's start time, so that by then the system pods are up and
 * their events are in the history, as on a real cluster a few minutes old.
 *
 * The manifests are kubeadm 1.32's (cmd/kubeadm/app/phases/addons/dns/manifests.go and
 * cmd/kubeadm/app/phases/addons/proxy/manifests.go) rendered with kind's settings. The two
 * ClusterIPs are set explicitly (10.96.0.1 is the first address of the service range, 10.96.0.10
 * is kubeadm's DNS address: the tenth); the Service IP allocator must treat them as taken.
 */
import type { Engine } from './cluster';
import { CLUSTER_NAME } from './cluster';
import type { NewObject } from './api/types';
import { kubeletFleet } from './kubelet/install';
import { COREDNS_VERSION, KUBERNETES_VERSION } from './kubelet/versions';

/** The namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** The `kubernetes` Service's ClusterIP (first address of 10.96.0.0/12). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
/** The `kube-dns` Service's ClusterIP (kubeadm: the 10th address of the service range). */
export const KUBE_DNS_SERVICE_IP = '10.96.0.10';

/** The `kubernetes` Service the API server maintains in `default`. */
export function kubernetesService(): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
}

/** CoreDNS's Corefile as kubeadm 1.32 renders it for cluster.local. */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

/** kube-proxy's KubeProxyConfiguration as kind renders it (iptables mode, kind's conntrack setting). */
export const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForAlphaFeatures: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;

/** kubeadm's addon objects: CoreDNS and kube-proxy, with their ConfigMaps, ServiceAccounts, Service. */
export function addonObjects(controlPlaneEndpoint: string): NewObject[] {
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${controlPlaneEndpoint}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
      data: { 'config.conf': KUBE_PROXY_CONFIG, 'kubeconfig.conf': kubeconfig },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-proxy' } },
          spec: {
            priorityClassName: 'system-node-critical',
            containers: [
              {
                name: 'kube-proxy',
                image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
                imagePullPolicy: 'IfNotPresent',
                command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                securityContext: { privileged: true },
                volumeMounts: [
                  { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                ],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              },
            ],
            hostNetwork: true,
            serviceAccountName: 'kube-proxy',
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            ],
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns' } },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'coredns',
                image: `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
                imagePullPolicy: 'IfNotPresent',
                resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
                args: ['-conf', '/etc/coredns/Corefile'],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                  { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
                  { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
                ],
                livenessProbe: {
                  httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                },
              },
            ],
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: KUBE_DNS_SERVICE_IP,
        clusterIPs: [KUBE_DNS_SERVICE_IP],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    },
  ];
}

/** The component that plays `kubeadm init`'s later phases (its timers survive snapshots). */
export const KUBEADM = 'kubeadm';

/**
 * How long after the control-plane node registers kubeadm installs its addons. `kubeadm init`
 * waits for the API server, uploads its configuration, marks the control plane, writes the
 * bootstrap token and only then applies the CoreDNS and kube-proxy addons: about 3 s on a kind
 * node. Creating them earlier would show pods failing to schedule on a cluster with no nodes,
 * which a kubeadm cluster never shows.
 */
export const ADDONS_AFTER_REGISTRATION_MS = 3000;

/** Registers the kubeadm component (on every engine, so a restored pending timer finds it). */
export function installKubeadm(engine: Engine): void {
  engine.runtime.register({
    name: KUBEADM,
    onTimer(type: string) {
      if (type !== 'addons') return;
      const cp = engine.options.nodes.find((n) => n.controlPlane) ?? engine.options.nodes[0];
      for (const obj of addonObjects(`https://${cp?.name ?? `${CLUSTER_NAME}-control-plane`}:6443`)) engine.store.create(obj);
    },
  });
}

/** Creates the initial objects and starts the kubelets (the control plane's now, workers later). */
export function bootstrapCluster(engine: Engine): void {
  const { store } = engine;
  for (const name of SYSTEM_NAMESPACES) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  store.create(kubernetesService());
  const fleet = kubeletFleet(engine);
  fleet.bootstrap(engine.options.nodes, engine.runtime.now);
  const cp = engine.options.nodes.find((n) => n.controlPlane) ?? engine.options.nodes[0];
  engine.runtime.setTimer(KUBEADM, fleet.joinTime(cp.name) + ADDONS_AFTER_REGISTRATION_MS, 'addons');
}
