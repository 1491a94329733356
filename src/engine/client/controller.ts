/**
 * The base of every controller: a keyed work queue and a sync function, as in Kubernetes.
 * Event handlers only enqueue keys; work() processes one key per call, so the runtime can
 * interleave controllers fairly. A sync that throws a Conflict (or any ApiError) is retried
 * with back-off; any other error is a bug and is reported to the runtime.
 */
import { ApiError } from '../api/errors';
import type { Component, Runtime } from '../sim/runtime';
import type { ApiStore } from '../store/store';
import { WorkQueue } from './workqueue';
import type { EventRecorder } from './events';

/** What every controller gets (the Engine satisfies it). */
export interface ControllerContext {
  runtime: Runtime;
  store: ApiStore;
  recorder: EventRecorder;
}

/** A reconciler over keys (usually `namespace/name`). */
export abstract class Controller implements Component {
  readonly queue: WorkQueue;
  protected readonly runtime: Runtime;
  protected readonly store: ApiStore;
  protected readonly recorder: EventRecorder;

  /** Creates the controller and its queue (registered as `<name>.queue`). */
  constructor(
    readonly name: string,
    ctx: ControllerContext,
  ) {
    this.runtime = ctx.runtime;
    this.store = ctx.store;
    this.recorder = ctx.recorder;
    this.queue = new WorkQueue(ctx.runtime, `${name}.queue`);
  }

  /** Reconciles one key. */
  protected abstract sync(key: string): void;

  /** Processes one queued key; false when the queue is empty. */
  work(): boolean {
    const key = this.queue.get();
    if (key === undefined) return false;
    try {
      this.sync(key);
      this.queue.forget(key);
    } catch (e) {
      if (e instanceof ApiError) this.queue.addRateLimited(key);
      else {
        this.queue.addRateLimited(key);
        this.runtime.reportError(e);
      }
    } finally {
      this.queue.done(key);
    }
    return true;
  }

  /** Simulated now, ms. */
  protected get now(): number {
    return this.runtime.now;
  }
}

/** `namespace/name` of an object, the usual queue key. */
export function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata!.name}` : obj.metadata!.name!;
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}
