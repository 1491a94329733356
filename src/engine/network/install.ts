/** Installs the simulated network: service IPs, node ports, DNS, the service proxy, network clients. */
import type { Engine } from '../cluster';
import { kubeletFleet } from '../kubelet/install';
import { installServiceAllocation } from './allocation';
import { ClusterNetwork } from './network';
import './clients';

export type { NetworkApi, NetClient, ConnectResult, HttpResult, DnsQueryResult } from './network';

/**
 * Registers the network component, layers ClusterIP/NodePort allocation on the Service strategy,
 * hands the kubelets the network their containers' programs use, and sets engine.network.
 */
export function installNetwork(engine: Engine): void {
  // The runtime replaces its Rng on restore, so the allocators read it at each use.
  installServiceAllocation(engine.store, { int: (n) => engine.runtime.rng.int(n) });
  const net = engine.runtime.register(new ClusterNetwork(engine));
  engine.network = net;
  kubeletFleet(engine).setNetwork(net);
}

/** The network component behind engine.network. */
export function clusterNetwork(engine: Engine): ClusterNetwork {
  return engine.runtime.component<ClusterNetwork>('network')!;
}
