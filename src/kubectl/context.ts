/**
 * What a running kubectl command works with: the engine (its API store is the "server"), the
 * client configuration (current namespace), output streams, stdin and files, and waiting on the
 * simulated clock in either of the two modes (advance the clock itself, or wait for whoever drives
 * it).
 */
import type { Engine } from '../engine/cluster';
import type { KubectlOptions } from './index';
import { KubectlError } from './errors';

/** The kubeconfig Podium's kubectl uses (one kind-style context). */
export interface KubeconfigState {
  currentContext: string;
  contexts: Array<{ name: string; cluster: string; user: string; namespace?: string }>;
}

/** The kubeconfig kind writes for a cluster named `podium`. */
export function defaultKubeconfig(): KubeconfigState {
  return { currentContext: 'kind-podium', contexts: [{ name: 'kind-podium', cluster: 'kind-podium', user: 'kind-podium' }] };
}

/**
 * Reads the kubeconfig kept in the engine's client state (kind's default until a command changed
 * it). Reading stores nothing: a command that changes nothing, a failing one included, must leave
 * the cluster's snapshot exactly as it was.
 */
export function kubeconfig(engine: Engine): KubeconfigState {
  return (engine.clientState as { kubeconfig?: KubeconfigState }).kubeconfig ?? defaultKubeconfig();
}

/** The kubeconfig to change (`config use-context`, `set-context`): stored in the client state. */
export function editKubeconfig(engine: Engine): KubeconfigState {
  const cs = engine.clientState as { kubeconfig?: KubeconfigState };
  cs.kubeconfig ??= defaultKubeconfig();
  return cs.kubeconfig;
}

/** Thrown when a waiting command is interrupted (Ctrl-C). */
export class Interrupted extends Error {}

/** The environment of one kubectl invocation. */
export class KubectlContext {
  private stdoutText = '';
  private stderrText = '';
  /** The namespace the command acts in (from -n, else the context's, else `default`). */
  namespace: string;
  /** Whether -n/--namespace was given. */
  explicitNamespace: boolean;

  /** Creates a context for one invocation (`contextName`: --context, else the current context). */
  constructor(
    readonly engine: Engine,
    readonly options: KubectlOptions,
    namespaceFlag: string | undefined,
    contextName?: string,
  ) {
    const cfg = kubeconfig(engine);
    const ctx = cfg.contexts.find((c) => c.name === (contextName ?? cfg.currentContext));
    this.explicitNamespace = namespaceFlag !== undefined && namespaceFlag !== '';
    this.namespace = this.explicitNamespace ? namespaceFlag! : ctx?.namespace || 'default';
  }

  /** The API store (the simulated API server). */
  get store() {
    return this.engine.store;
  }

  /** Simulated now, ms. */
  get now(): number {
    return this.engine.runtime.now;
  }

  /** Writes to stdout (streamed to onOutput as it goes). */
  out(text: string): void {
    if (!text) return;
    this.stdoutText += text;
    this.options.onOutput?.({ stream: 'stdout', text });
  }

  /** Writes to stderr. */
  err(text: string): void {
    if (!text) return;
    this.stderrText += text;
    this.options.onOutput?.({ stream: 'stderr', text });
  }

  /** Everything written to stdout so far. */
  get stdout(): string {
    return this.stdoutText;
  }

  /** Everything written to stderr so far. */
  get stderr(): string {
    return this.stderrText;
  }

  /** Reads `-f NAME`: `-` is stdin, otherwise a file from options.files. */
  readFile(name: string): string {
    if (name === '-') {
      if (this.options.stdin === undefined) throw new KubectlError('no objects passed to create');
      return this.options.stdin;
    }
    const text = this.options.files?.[name];
    if (text === undefined) throw new KubectlError(`the path "${name}" does not exist`);
    return text;
  }

  /** Lets every controller react to what the command just wrote (same simulated instant). */
  settle(): void {
    this.engine.runtime.settle();
  }

  /** Whether Ctrl-C was pressed. */
  get aborted(): boolean {
    return !!this.options.signal?.aborted;
  }

  /**
   * Waits until `done()` holds or the simulated clock reaches `deadlineMs` (Infinity for no
   * deadline). In `advance` mode it runs the clock itself, event by event; in `realtime` mode it
   * waits for whoever drives the clock. `onStep` runs after every step (streaming output).
   * Returns whether `done()` held. Throws Interrupted on Ctrl-C.
   */
  async waitUntil(done: () => boolean, deadlineMs: number, onStep?: () => void): Promise<boolean> {
    const rt = this.engine.runtime;
    this.settle();
    if (this.options.wait === 'realtime') {
      for (;;) {
        if (done()) return true;
        if (rt.now >= deadlineMs) return false;
        await this.nextStep();
        onStep?.();
      }
    }
    for (;;) {
      if (done()) return true;
      if (this.aborted) throw new Interrupted();
      const next = rt.nextEventAt();
      if (next === undefined || next > deadlineMs) {
        if (Number.isFinite(deadlineMs)) rt.advanceTo(deadlineMs);
        onStep?.();
        return done();
      }
      rt.advanceTo(next);
      onStep?.();
    }
  }

  /** Resolves after the next processing step (realtime mode), or rejects with Interrupted. */
  private nextStep(): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.options.signal;
      if (signal?.aborted) {
        reject(new Interrupted());
        return;
      }
      const off = this.engine.runtime.onStep(() => {
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        off();
        reject(new Interrupted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
