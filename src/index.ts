/**
 * Podium's headless public API: createCluster() builds a simulated Kubernetes v1.32 cluster with
 * kubectl on top. The same code runs in the browser's Web Worker, in Node tests and in the
 * `podium run` scenario runner.
 *
 *   const cluster = createCluster({ seed: 7 });
 *   await cluster.kubectl('create deployment web --image=nginx --replicas=3');
 *   cluster.advance(60_000);
 *   console.log((await cluster.kubectl('get pods')).stdout);
 */
import { Engine, type EngineOptions, type NodeOptions, type Snapshot, SnapshotError } from './engine/cluster';
import type { KObject } from './engine/api/types';
import type { ChangeBatch } from './engine/store/store';
import type { SchedulingExplanation } from './engine/contracts';
import { runKubectl, type KubectlOptions, type KubectlResult } from './kubectl/index';

export type { EngineOptions, NodeOptions, Snapshot, KObject, SchedulingExplanation, KubectlOptions, KubectlResult };
export { SnapshotError };

/** Options of createCluster: EngineOptions, or `from` to restore a snapshot. */
export interface ClusterOptions extends EngineOptions {
  /** A snapshot from cluster.snapshot(); the other options are then ignored (they are in it). */
  from?: unknown;
}

/** One batch of changes: what one processing step added, updated and removed (full objects). */
export type ClusterChanges = ChangeBatch;

/** A listener of change batches. */
export type ChangeListener = (changes: ClusterChanges) => void;

/** A simulated cluster driven by a simulated clock. */
export class Cluster {
  private listeners: ChangeListener[] = [];
  private unsubscribeStep?: () => void;

  /** Wraps an engine; use createCluster(). */
  constructor(readonly engine: Engine) {}

  /** Simulated time in ms since the epoch. */
  now(): number {
    return this.engine.runtime.now;
  }

  /** Runs simulated time forward by `ms`, processing everything that falls due, in order. */
  advance(ms: number): void {
    this.engine.runtime.advance(ms);
  }

  /** When the next thing is due (ms since the epoch), or undefined when nothing is scheduled. */
  nextEventAt(): number | undefined {
    return this.engine.runtime.nextEventAt();
  }

  /** Runs a kubectl command line (a leading `kubectl` is optional). */
  kubectl(commandLine: string, options: KubectlOptions = {}): Promise<KubectlResult> {
    return runKubectl(this.engine, commandLine, options);
  }

  /**
   * Subscribes to changes. The listener first receives every object as `added`, then one batch per
   * processing step with the objects added, updated and removed in it. Returns an unsubscribe
   * function.
   */
  subscribe(listener: ChangeListener): () => void {
    const { store, runtime } = this.engine;
    if (!this.unsubscribeStep) {
      store.trackChanges();
      this.unsubscribeStep = runtime.onStep(() => {
        const batch = store.takeChanges();
        if (!batch.added.length && !batch.updated.length && !batch.removed.length) return;
        for (const l of [...this.listeners]) l(batch);
      });
    }
    runtime.settle();
    store.takeChanges();
    this.listeners.push(listener);
    listener({ added: store.all(), updated: [], removed: [] });
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Stops a node's kubelet (as if the machine lost power or its network). */
  stopNode(name: string): void {
    this.engine.kubelets.stopNode(name);
    this.engine.runtime.settle();
  }

  /** Starts a stopped node's kubelet again. */
  startNode(name: string): void {
    this.engine.kubelets.startNode(name);
    this.engine.runtime.settle();
  }

  /** The scheduler's decision for a pod: per node, the filter that rejected it or its scores. */
  explainScheduling(namespace: string, pod: string): SchedulingExplanation {
    return this.engine.scheduler.explain(namespace, pod);
  }

  /** The whole state (objects, clock, RNG, timers, queues) as JSON-serialisable data. */
  snapshot(): Snapshot {
    return this.engine.snapshot();
  }
}

/**
 * Creates a cluster (synchronously): three kind-style nodes by default, bootstrapped so that its
 * system pods are running at `startTime`; or restores one with `{ from: snapshot }`, throwing
 * SnapshotError when the snapshot is damaged or from an incompatible version.
 */
export function createCluster(options: ClusterOptions = {}): Cluster {
  if (options.from !== undefined) return new Cluster(Engine.restore(options.from, { strict: options.strict }));
  return new Cluster(Engine.create(options));
}
