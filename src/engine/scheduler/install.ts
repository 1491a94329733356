/** Installs the scheduler. */
import type { Engine } from '../cluster';
import { DEFAULT_SCHEDULER_NAME, Scheduler } from './scheduler';

/** Registers the scheduler and sets engine.scheduler. */
export function installScheduler(engine: Engine): void {
  // kube-scheduler runs as a static pod with hostNetwork on the control-plane node, so its
  // events.k8s.io reportingInstance is `default-scheduler-<that node's hostname>`.
  const nodes = engine.options.nodes;
  const host = (nodes.find((n) => n.controlPlane) ?? nodes[0])?.name ?? '';
  const scheduler = new Scheduler(engine.runtime, engine.store, engine.recorder, `${DEFAULT_SCHEDULER_NAME}-${host}`);
  engine.runtime.register(scheduler);
  engine.scheduler = scheduler;
}
