/**
 * kubeadm's static pods for a kind v1.32 control-plane node (/etc/kubernetes/manifests):
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler, as kubeadm 1.32 writes them
 * (cmd/kubeadm/app/phases/controlplane/manifests.go, cmd/kubeadm/app/phases/etcd/local.go,
 * cmd/kubeadm/app/util/staticpod/utils.go), with kind's flags (cluster-name, service range
 * 10.96.0.0/16, pod range 10.244.0.0/16, hostpath provisioner). kubeadm 1.32 probes the
 * scheduler on /livez and /readyz (kubernetes#126945) and the controller-manager on /healthz.
 *
 * The kubelet runs them without the API server, then publishes a mirror pod for each: named
 * `<name>-<node>`, annotated with kubernetes.io/config.{hash,mirror,seen,source}, owned by the
 * Node, and recreated by the kubelet if someone deletes it.
 */
import type { KObject, NewObject } from '../api/types';
import { sha256Hex } from './sha256';
import { ETCD_VERSION, KUBERNETES_VERSION } from './versions';

type Probe = Record<string, unknown>;

function probe(host: string, path: string, port: number, scheme: 'HTTP' | 'HTTPS', failureThreshold: number, initialDelaySeconds?: number, periodSeconds = 10): Probe {
  return {
    failureThreshold,
    httpGet: { host, path, port, scheme },
    ...(initialDelaySeconds !== undefined ? { initialDelaySeconds } : {}),
    periodSeconds,
    timeoutSeconds: 15,
  };
}

function hostPath(name: string, path: string, type: string) {
  return { hostPath: { path, type }, name };
}

const CA_MOUNTS = [
  { mountPath: '/etc/ssl/certs', name: 'ca-certs', readOnly: true },
  { mountPath: '/etc/ca-certificates', name: 'etc-ca-certificates', readOnly: true },
];
const CA_VOLUMES = [hostPath('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'), hostPath('etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate')];
const SHARE_MOUNTS = [
  { mountPath: '/usr/local/share/ca-certificates', name: 'usr-local-share-ca-certificates', readOnly: true },
  { mountPath: '/usr/share/ca-certificates', name: 'usr-share-ca-certificates', readOnly: true },
];
const SHARE_VOLUMES = [
  hostPath('usr-local-share-ca-certificates', '/usr/local/share/ca-certificates', 'DirectoryOrCreate'),
  hostPath('usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'),
];

function podSpec(container: Record<string, unknown>, volumes: unknown[]): Record<string, unknown> {
  return {
    containers: [container],
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    volumes,
  };
}

/** The four manifests for a control-plane node at `ip`, as kubeadm writes them. */
export function controlPlaneManifests(nodeName: string, ip: string, clusterName: string): KObject[] {
  const etcd = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      labels: { component: 'etcd', tier: 'control-plane' },
      name: 'etcd',
      namespace: 'kube-system',
    },
    spec: podSpec(
      {
        command: [
          'etcd',
          `--advertise-client-urls=https://${ip}:2379`,
          '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '--client-cert-auth=true',
          '--data-dir=/var/lib/etcd',
          '--experimental-initial-corrupt-check=true',
          '--experimental-watch-progress-notify-interval=5s',
          `--initial-advertise-peer-urls=https://${ip}:2380`,
          `--initial-cluster=${nodeName}=https://${ip}:2380`,
          '--key-file=/etc/kubernetes/pki/etcd/server.key',
          `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
          '--listen-metrics-urls=http://127.0.0.1:2381',
          `--listen-peer-urls=https://${ip}:2380`,
          `--name=${nodeName}`,
          '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
          '--peer-client-cert-auth=true',
          '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
          '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '--snapshot-count=10000',
          '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        ],
        image: `registry.k8s.io/etcd:${ETCD_VERSION}`,
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: probe('127.0.0.1', '/livez', 2381, 'HTTP', 8, 10),
        name: 'etcd',
        readinessProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 3, undefined, 1),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        startupProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 24, 10),
        volumeMounts: [
          { mountPath: '/var/lib/etcd', name: 'etcd-data' },
          { mountPath: '/etc/kubernetes/pki/etcd', name: 'etcd-certs' },
        ],
      },
      [hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'), hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate')],
    ),
  };
  const apiserver = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
      labels: { component: 'kube-apiserver', tier: 'control-plane' },
      name: 'kube-apiserver',
      namespace: 'kube-system',
    },
    spec: podSpec(
      {
        command: [
          'kube-apiserver',
          `--advertise-address=${ip}`,
          '--allow-privileged=true',
          '--authorization-mode=Node,RBAC',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--enable-admission-plugins=NodeRestriction',
          '--enable-bootstrap-token-auth=true',
          '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
          '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
          '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
          '--etcd-servers=https://127.0.0.1:2379',
          '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
          '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
          '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
          '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
          '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
          '--requestheader-allowed-names=front-proxy-client',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--requestheader-extra-headers-prefix=X-Remote-Extra-',
          '--requestheader-group-headers=X-Remote-Group',
          '--requestheader-username-headers=X-Remote-User',
          '--runtime-config=',
          '--secure-port=6443',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
          '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/16',
          '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
          '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
        ],
        image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: probe(ip, '/livez', 6443, 'HTTPS', 8, 10),
        name: 'kube-apiserver',
        readinessProbe: probe(ip, '/readyz', 6443, 'HTTPS', 3, undefined, 1),
        resources: { requests: { cpu: '250m' } },
        startupProbe: probe(ip, '/livez', 6443, 'HTTPS', 24, 10),
        volumeMounts: [...CA_MOUNTS, { mountPath: '/etc/kubernetes/pki', name: 'k8s-certs', readOnly: true }, ...SHARE_MOUNTS],
      },
      [...CA_VOLUMES, hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'), ...SHARE_VOLUMES],
    ),
  };
  const kcm = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { component: 'kube-controller-manager', tier: 'control-plane' }, name: 'kube-controller-manager', namespace: 'kube-system' },
    spec: podSpec(
      {
        command: [
          'kube-controller-manager',
          '--allocate-node-cidrs=true',
          '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--bind-address=127.0.0.1',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-cidr=10.244.0.0/16',
          `--cluster-name=${clusterName}`,
          '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
          '--controllers=*,bootstrapsigner,tokencleaner',
          '--enable-hostpath-provisioner=true',
          '--kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--leader-elect=true',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--root-ca-file=/etc/kubernetes/pki/ca.crt',
          '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/16',
          '--use-service-account-credentials=true',
        ],
        image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 8, 10),
        name: 'kube-controller-manager',
        resources: { requests: { cpu: '200m' } },
        startupProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 24, 10),
        volumeMounts: [
          ...CA_MOUNTS,
          { mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', name: 'flexvolume-dir' },
          { mountPath: '/etc/kubernetes/pki', name: 'k8s-certs', readOnly: true },
          { mountPath: '/etc/kubernetes/controller-manager.conf', name: 'kubeconfig', readOnly: true },
          ...SHARE_MOUNTS,
        ],
      },
      [
        ...CA_VOLUMES,
        hostPath('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', 'DirectoryOrCreate'),
        hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
        ...SHARE_VOLUMES,
      ],
    ),
  };
  const scheduler = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { component: 'kube-scheduler', tier: 'control-plane' }, name: 'kube-scheduler', namespace: 'kube-system' },
    spec: podSpec(
      {
        command: [
          'kube-scheduler',
          '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--bind-address=127.0.0.1',
          '--kubeconfig=/etc/kubernetes/scheduler.conf',
          '--leader-elect=true',
        ],
        image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 8, 10),
        name: 'kube-scheduler',
        readinessProbe: probe('127.0.0.1', '/readyz', 10259, 'HTTPS', 3, undefined, 1),
        resources: { requests: { cpu: '100m' } },
        startupProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 24, 10),
        volumeMounts: [{ mountPath: '/etc/kubernetes/scheduler.conf', name: 'kubeconfig', readOnly: true }],
      },
      [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
    ),
  };
  return [etcd, apiserver, kcm, scheduler] as unknown as KObject[];
}

/**
 * The static pod as the kubelet holds it after reading the file (pkg/kubelet/config/common.go):
 * name suffixed with the node, spec.nodeName set, the NoExecute toleration, and the config
 * annotations; its UID is the manifest's hash.
 */
export function staticPod(manifest: KObject, nodeName: string, seenMs: number): KObject {
  const hash = sha256Hex(JSON.stringify(manifest)).slice(0, 32);
  // RFC3339Nano of when the kubelet read the file; the sub-millisecond digits come from the hash.
  const nanos = String(parseInt(hash.slice(0, 5), 16) % 1_000_000).padStart(6, '0');
  const seen = new Date(Math.floor(seenMs)).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${nanos}Z`);
  const pod = JSON.parse(JSON.stringify(manifest)) as KObject;
  pod.metadata = {
    ...pod.metadata,
    name: `${manifest.metadata.name}-${nodeName}`,
    uid: hash,
    annotations: {
      ...(manifest.metadata.annotations ?? {}),
      'kubernetes.io/config.hash': hash,
      'kubernetes.io/config.seen': seen,
      'kubernetes.io/config.source': 'file',
    },
  };
  pod.spec = {
    ...pod.spec,
    nodeName,
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    preemptionPolicy: 'PreemptLowerPriority',
  };
  for (const c of pod.spec.containers) {
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (c[p]) c[p].successThreshold ??= 1;
  }
  return pod;
}

/** The mirror pod the kubelet posts for a static pod, owned by the Node. */
export function mirrorPod(pod: KObject, node: { name: string; uid: string }): NewObject {
  const m = JSON.parse(JSON.stringify(pod)) as NewObject;
  const hash = pod.metadata.annotations!['kubernetes.io/config.hash'];
  m.metadata = {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    labels: pod.metadata.labels,
    annotations: { ...pod.metadata.annotations, 'kubernetes.io/config.mirror': hash },
    ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: node.name, uid: node.uid }],
  };
  delete m.status;
  return m;
}

/** Whether a pod is a mirror pod (has the kubernetes.io/config.mirror annotation). */
export function isMirrorPod(pod: KObject): boolean {
  return !!pod.metadata.annotations?.['kubernetes.io/config.mirror'];
}
