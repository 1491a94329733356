import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireOwnership, waitForOwnership } from './ownership';

type Callback = (lock: { name: string } | null) => Promise<unknown>;

/** A one-lock LockManager with the semantics ownership.ts relies on: queue, ifAvailable, steal, signal. */
class FakeLocks {
  private holder: { reject: (e: unknown) => void } | null = null;
  private queue: Array<() => void> = [];

  request(name: string, options: LockOptions, cb: Callback): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        const me = { reject };
        this.holder = me;
        cb({ name }).then(resolve, reject).finally(() => {
          if (this.holder !== me) return;
          this.holder = null;
          this.queue.shift()?.();
        });
      };
      if (options.steal) {
        this.holder?.reject(new DOMException('stolen', 'AbortError'));
        this.holder = null;
        run();
      } else if (!this.holder && this.queue.length === 0) run();
      else if (options.ifAvailable) cb(null).then(resolve, reject);
      else {
        this.queue.push(run);
        options.signal?.addEventListener('abort', () => {
          this.queue = this.queue.filter((r) => r !== run);
          reject(new DOMException('aborted', 'AbortError'));
        });
      }
    });
  }
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('waiting for ownership', () => {
  beforeEach(() => vi.stubGlobal('navigator', { locks: new FakeLocks() }));
  afterEach(() => vi.unstubAllGlobals());

  it('becomes the owner once the owning tab let go and did not come back', async () => {
    const owner = await acquireOwnership();
    expect(owner).not.toBeNull();
    expect(await acquireOwnership()).toBeNull();
    let got: unknown = undefined;
    void waitForOwnership(new AbortController().signal, 20).then((o) => (got = o));
    await tick(40);
    expect(got).toBeUndefined();
    owner!.release();
    await tick(5);
    expect(got).toBeUndefined();
    await tick(40);
    expect(got).toBeTruthy();
    expect(await acquireOwnership()).toBeNull();
  });

  it('leaves the cluster to an owner that reloads within the grace period, and waits for it again', async () => {
    const first = await acquireOwnership();
    let got: unknown = undefined;
    void waitForOwnership(new AbortController().signal, 30).then((o) => (got = o));
    first!.release();
    await tick(5);
    const reloaded = await acquireOwnership();
    expect(reloaded).not.toBeNull();
    await tick(60);
    expect(got).toBeUndefined();
    reloaded!.release();
    await tick(60);
    expect(got).toBeTruthy();
  });

  it('gives up when aborted (the tab took over by hand)', async () => {
    const owner = await acquireOwnership();
    const ctrl = new AbortController();
    const waiting = waitForOwnership(ctrl.signal, 10);
    ctrl.abort();
    expect(await waiting).toBeNull();
    owner!.release();
    await tick(30);
    expect(await acquireOwnership()).not.toBeNull();
  });

  it('reports a stolen lock as lost', async () => {
    const owner = await acquireOwnership();
    let lost = false;
    void owner!.lost.then(() => (lost = true));
    const thief = await acquireOwnership(true);
    expect(thief).not.toBeNull();
    await tick(0);
    expect(lost).toBe(true);
  });
});
