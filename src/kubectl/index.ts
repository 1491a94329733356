/**
 * kubectl on top of the engine: splits the command line as a shell would, finds the verb in the
 * registry, parses its flags and runs it against the simulated API server.
 */
import type { Engine } from '../engine/cluster';

/** Options of one kubectl invocation. */
export interface KubectlOptions {
  /** Standard input (`-f -`, `edit`'s edited text, `exec -i`). */
  stdin?: string;
  /** Files that `-f NAME` can read, by name. */
  files?: Record<string, string>;
  /** Receives output as it is produced (streamed commands: `get -w`, `rollout status`, `logs -f`). */
  onOutput?: (chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
  /** Aborts a waiting command, as Ctrl-C does. */
  signal?: AbortSignal;
  /**
   * How waiting commands wait: `advance` (default) runs the simulated clock themselves until done
   * or timed out; `realtime` waits for whoever drives the clock.
   */
  wait?: 'advance' | 'realtime';
}

/** What a kubectl invocation printed and its exit code. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs one kubectl command line against an engine. */
export async function runKubectl(engine: Engine, line: string, options: KubectlOptions = {}): Promise<KubectlResult> {
  void engine;
  void line;
  void options;
  return { stdout: '', stderr: 'error: kubectl is not implemented yet\n', exitCode: 1 };
}
