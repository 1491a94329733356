/** Installs the kubelets of every node. */
import type { Engine } from '../cluster';

/** Registers the kubelet fleet and sets engine.kubelets. */
export function installKubelets(engine: Engine): void {
  void engine;
}
