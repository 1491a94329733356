/** Installs the kubelets of every node. */
import type { Engine } from '../cluster';
import { KubeletFleet } from './fleet';

/** Registers the kubelet fleet, its derived heartbeats on Node and Lease, and sets engine.kubelets. */
export function installKubelets(engine: Engine): void {
  const fleet = engine.runtime.register(new KubeletFleet(engine));
  engine.kubelets = fleet;
  // Heartbeats are derived when read, not written every 10 s (Lease) or 5 min (Node).
  engine.store.extendStrategy('Node', { present: (obj) => fleet.presentNode(obj) });
  engine.store.extendStrategy('Lease', { present: (obj) => fleet.presentLease(obj) });
}

/** The fleet behind engine.kubelets. */
export function kubeletFleet(engine: Engine): KubeletFleet {
  return engine.runtime.component<KubeletFleet>('kubelet')!;
}
