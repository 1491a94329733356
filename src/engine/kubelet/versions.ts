/**
 * The versions a kind v1.32 cluster reports: the kubelet and control-plane images, containerd,
 * the node image's OS and the host kernel (kind nodes are containers sharing the host's kernel).
 * kubeadm v1.32 pins etcd 3.5.16-0, CoreDNS v1.11.3 and pause 3.10
 * (cmd/kubeadm/app/constants/constants.go: SupportedEtcdVersion, CoreDNSVersion, PauseVersion).
 */

/** `kubectl version` server version, kubeletVersion and the control-plane image tags. */
export const KUBERNETES_VERSION = 'v1.32.2';
/** status.nodeInfo.containerRuntimeVersion. */
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';
/** kindest/node is Debian-based. */
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
/** The host's kernel (an Ubuntu 24.04 machine running Docker). */
export const KERNEL_VERSION = '6.8.0-52-generic';
/** etcd image tag kubeadm 1.32 deploys. */
export const ETCD_VERSION = '3.5.16-0';
/** CoreDNS image tag kubeadm 1.32 deploys. */
export const COREDNS_VERSION = 'v1.11.3';
/** Sandbox (pause) image tag. */
export const PAUSE_VERSION = '3.10';
/** Go version the 1.32.2 components were built with. */
export const GO_VERSION = 'go1.23.6';
