/**
 * Which tab owns the cluster. The owner holds a Web Lock for as long as it lives; a second tab
 * finds the lock taken and follows read-only, or takes over (steals the lock), upon which the first
 * tab is told and stops saving. A follower also queues for the lock, so that when the owner's tab
 * closes it becomes the owner by itself (waitForOwnership). Without Web Locks every tab is an owner
 * (nothing to coordinate).
 */
import { OWNER_LOCK } from '../../protocol/facade';

/** A held or lost ownership. */
export interface Ownership {
  /** Resolves when the lock is lost (stolen by another tab). */
  lost: Promise<void>;
  /** Gives the lock up. */
  release(): void;
}

/** Whether Web Locks are available. */
export function locksAvailable(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.locks;
}

/**
 * Tries to become the owner. `steal` takes the lock from another tab. Resolves with the ownership,
 * or null when another tab holds it (and `steal` is false).
 */
export function acquireOwnership(steal = false): Promise<Ownership | null> {
  if (!locksAvailable()) {
    return Promise.resolve({ lost: new Promise<void>(() => {}), release() {} });
  }
  return new Promise((resolve) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lostResolve!: () => void;
    const lost = new Promise<void>((r) => (lostResolve = r));
    const options: LockOptions = steal ? { steal: true } : { ifAvailable: true };
    navigator.locks
      .request(OWNER_LOCK, options, async (lock) => {
        if (!lock) {
          resolve(null);
          return;
        }
        resolve({ lost, release });
        await held;
      })
      // A stolen lock rejects the request that held it (AbortError).
      .catch(() => lostResolve());
  });
}

/** How long a follower leaves the lock free after the owner let go, so that a reloading owner gets it back. */
export const RELOAD_GRACE_MS = 2000;

/**
 * Waits until the owning tab is gone, then becomes the owner. The owner's lock is released when its
 * tab closes, and also when it reloads: so the queued request that is granted lets the lock go at once
 * and, after `graceMs`, tries to take it; a reloaded owner has taken it back by then (it asks at
 * start-up), and this tab queues again. Resolves with the ownership, or null once `signal` aborts
 * (the tab took over by hand, or Web Locks are missing).
 */
export async function waitForOwnership(signal: AbortSignal, graceMs = RELOAD_GRACE_MS): Promise<Ownership | null> {
  if (!locksAvailable()) return null;
  while (!signal.aborted) {
    // Queue behind the owner; granted (and at once released) when it lets go.
    const granted = await navigator.locks.request(OWNER_LOCK, { signal }, async () => true).catch(() => false);
    if (!granted || signal.aborted) return null;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, graceMs);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
    if (signal.aborted) return null;
    const o = await acquireOwnership(false);
    if (signal.aborted) {
      o?.release();
      return null;
    }
    if (o) return o;
  }
  return null;
}
