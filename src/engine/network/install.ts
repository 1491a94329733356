/** Installs the simulated network: service IPs, node ports, DNS, the service proxy, HTTP apps. */
import type { Engine } from '../cluster';

/** The network as the rest of the engine sees it. */
export interface NetworkApi {
  /** Placeholder until the network lands. */
  readonly ready: boolean;
}

/** Registers the network components and sets engine.network. */
export function installNetwork(engine: Engine): void {
  engine.network = { ready: false };
}
