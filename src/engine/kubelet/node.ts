/**
 * The Node and Lease objects a kind v1.32 kubelet registers and keeps up to date, and the
 * heartbeats derived when read instead of written every 10 s (Lease) or 5 min (node status).
 *
 * A 1.32 kubelet renews its Lease every 10 s (leaseDurationSeconds 40 x renewIntervalFraction
 * 0.25, pkg/kubelet/nodelease) and patches its node status only when something changed or
 * nodeStatusReportFrequency (5 min) has passed. Podium stores the last real write and derives
 * the renewals in between: renewTime = anchor + floor((now - anchor) / 10 s) x 10 s.
 */
import type { NewObject } from '../api/types';
import { parseQuantity } from '../api/quantity';
import { rfc3339, rfc3339Micro } from '../api/time';
import type { ResolvedNode } from '../cluster';
import { CONTAINER_RUNTIME_VERSION, KERNEL_VERSION, KUBERNETES_VERSION, OS_IMAGE } from './versions';

/** The Lease namespace. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Lease duration the kubelet sets (kubelet --node-lease-duration-seconds). */
export const LEASE_DURATION_SECONDS = 40;
/** Lease renew interval: 40 s x 0.25. */
export const LEASE_RENEW_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged node status is re-posted every 5 minutes. */
export const NODE_STATUS_REPORT_MS = 300_000;
/** nodeStatusUpdateFrequency: the kubelet computes its node status every 10 s. */
export const NODE_STATUS_UPDATE_MS = 10_000;
/** kubelet's limit on node status images (nodeStatusMaxImages). */
export const NODE_STATUS_MAX_IMAGES = 50;
/** The kind network's node addresses start at 172.18.0.2 (the gateway is .1). */
export const NODE_IP_BASE = 2;
/** The host's disk as kind nodes report it. */
export const EPHEMERAL_STORAGE = '102626232Ki';

/** The conditions the kubelet owns. */
export const KUBELET_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

/** Why a fresh node is not ready yet: the CNI plugin (kindnet) has not written its config. */
export const CNI_NOT_READY_MESSAGE = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/** The InternalIP of node number `index` on kind's 172.18.0.0/16 network (.0.2, .0.3, ... .1.0, ...). */
export function nodeIP(index: number): string {
  const n = NODE_IP_BASE + index;
  return `172.18.${n >> 8}.${n & 255}`;
}

/**
 * The first three octets of node number `index`'s pod network: 10.244.N for the first 256
 * nodes (kind's cluster CIDR 10.244.0.0/16 holds 256 /24s), then 10.245.x, 10.246.x, ... so
 * that bench clusters of 1,000 nodes still get one /24 each (as a /14 cluster CIDR would).
 */
export function podNet(index: number): string {
  return `10.${244 + (index >> 8)}.${index & 255}`;
}

/** The pod CIDR of node number `index` (the node-ipam controller's allocation order). */
export function podCIDR(index: number): string {
  return `${podNet(index)}.0/24`;
}

/** Machine identity of a node (machine-id, product UUID, boot ID). */
export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

/** One entry of status.images. */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

/** The labels kubelet and kubeadm put on a kind node. */
export function nodeLabels(n: ResolvedNode): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return { ...labels, ...n.labels };
}

/** Capacity (= allocatable on kind: no system or kube reservations). */
export function nodeCapacity(n: ResolvedNode): Record<string, string> {
  const memKi = Math.floor(parseQuantity(n.memory) / 1024);
  return {
    cpu: n.cpu,
    'ephemeral-storage': EPHEMERAL_STORAGE,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi}Ki`,
    pods: String(n.pods),
  };
}

/** A kubelet-owned condition at `now`, keeping the transition time when the status is unchanged. */
export function kubeletConditions(ready: boolean, now: number, previous: Array<Record<string, any>> = []): Array<Record<string, any>> {
  const hb = rfc3339(now);
  const want: Array<[string, string, string, string]> = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ready ? ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'] : ['Ready', 'False', 'KubeletNotReady', CNI_NOT_READY_MESSAGE],
  ];
  const others = previous.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const mine = want.map(([type, status, reason, message]) => {
    const old = previous.find((c) => c.type === type);
    return {
      lastHeartbeatTime: hb,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : hb,
      message,
      reason,
      status,
      type,
    };
  });
  return [...others, ...mine];
}

/** The Node object a kubelet registers (with its status). */
export function buildNode(n: ResolvedNode, index: number, clusterName: string, id: NodeIdentity, now: number, images: NodeImage[]): NewObject {
  const capacity = nodeCapacity(n);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: nodeLabels(n),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: podCIDR(index),
      podCIDRs: [podCIDR(index)],
      providerID: `kind://docker/${clusterName}/${n.name}`,
      ...(n.taints.length ? { taints: n.taints.map((t) => ({ ...t })) } : {}),
    },
    status: {
      addresses: [
        { address: nodeIP(index), type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { ...capacity },
      capacity,
      conditions: kubeletConditions(false, now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images,
      nodeInfo: {
        architecture: 'amd64',
        bootID: id.bootID,
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kernelVersion: KERNEL_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        machineID: id.machineID,
        operatingSystem: 'linux',
        osImage: OS_IMAGE,
        systemUUID: id.systemUUID,
      },
    },
  };
}

/** The node's Lease in kube-node-lease, owned by the Node. */
export function buildLease(nodeName: string, nodeUid: string, renewMs: number): NewObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }],
    },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(renewMs) },
  };
}

/** The last periodic beat at or before now: anchor + floor((now - anchor) / period) x period. */
export function lastBeat(anchor: number, periodMs: number, now: number): number {
  if (now <= anchor) return anchor;
  return anchor + Math.floor((now - anchor) / periodMs) * periodMs;
}

/** status.images: newest-largest first, at most 50 entries (kubelet's images setter sorts by size). */
export function sortNodeImages(images: NodeImage[]): NodeImage[] {
  return [...images].sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[0] < b.names[0] ? -1 : 1)).slice(0, NODE_STATUS_MAX_IMAGES);
}
