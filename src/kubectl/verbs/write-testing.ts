/**
 * Test helpers for the write-side verbs: a strict engine with a `kubectl` function. Their tests
 * also mock the registry down to the write-side verbs (`vi.mock('./index', ...)` with
 * write.ts's WRITE_VERBS) so that they do not depend on the other verbs.
 */
import { Engine, type EngineOptions } from '../../engine/cluster';
import { runKubectl, type KubectlOptions, type KubectlResult } from '../index';

/** A strict test cluster and a kubectl bound to it. */
export function testCluster(opts: EngineOptions = {}): { engine: Engine; kubectl: (line: string, o?: KubectlOptions) => Promise<KubectlResult> } {
  const engine = Engine.create({ strict: true, ...opts });
  return { engine, kubectl: (line, o = {}) => runKubectl(engine, line, o) };
}
