/**
 * Helpers of the network scenario tests: a strict cluster, the scenario shell (with curl, wget
 * and nslookup on the control-plane node) and kubectl on it.
 */
import { Engine, type EngineOptions } from '../../src/engine/cluster';
import { runScript, type ScriptResult } from '../../src/cli/script';
import { NETWORK_COMMANDS } from '../../src/cli/network';
import { runKubectl, type KubectlResult } from '../../src/kubectl/index';
import type { KObject } from '../../src/engine/api/types';

/** A cluster with a shell and kubectl. */
export interface NetCluster {
  engine: Engine;
  /** Runs script lines in the scenario shell; returns the transcript's parts. */
  sh(script: string): Promise<ScriptResult>;
  /** Runs one kubectl command line. */
  kubectl(line: string, stdin?: string): Promise<KubectlResult>;
  /** A Service's ClusterIP. */
  clusterIP(name: string, ns?: string): string;
  /** The names of the pods matching a label selector, sorted. */
  pods(selector: string, ns?: string): string[];
  /** The stored object. */
  get(kind: string, name: string, ns?: string): KObject | undefined;
}

/** A new strict cluster (kind's three nodes by default). */
export function netCluster(opts: EngineOptions = {}): NetCluster {
  const engine = Engine.create({ strict: true, ...opts });
  return {
    engine,
    sh: (script) => runScript(script, { engine, commands: NETWORK_COMMANDS }),
    kubectl: (line, stdin) => runKubectl(engine, line, stdin !== undefined ? { stdin } : {}),
    clusterIP: (name, ns = 'default') => engine.store.mustGet('Service', ns, name).spec.clusterIP,
    pods: (selector, ns = 'default') => {
      const [k, v] = selector.split('=');
      return engine.store
        .list('Pod', { namespace: ns })
        .filter((p) => p.metadata.labels?.[k] === v && !p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name)
        .sort();
    },
    get: (kind, name, ns = 'default') => engine.store.get(kind, ns, name),
  };
}
