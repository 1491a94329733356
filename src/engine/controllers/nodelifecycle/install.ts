/** Installs the node lifecycle and taint eviction controllers. */
import type { Engine } from '../../cluster';
import { NodeLifecycleController } from './node_lifecycle_controller';
import { TaintEvictionController } from './taint_eviction';

/** The two controllers, for tests. */
export interface NodeControllers {
  nodeLifecycle: NodeLifecycleController;
  taintEviction: TaintEvictionController;
}

/** Registers the node-lifecycle-controller and the taint-eviction-controller on the engine's runtime. */
export function installNodeLifecycleControllers(engine: Engine): NodeControllers {
  const ctx = { runtime: engine.runtime, store: engine.store, recorder: engine.recorder };
  // engine.kubelets is set by the kubelet part; read it lazily (it may be installed later).
  const nodeLifecycle = engine.runtime.register(new NodeLifecycleController(ctx, () => engine.kubelets));
  const taintEviction = engine.runtime.register(new TaintEvictionController(ctx));
  return { nodeLifecycle, taintEviction };
}
