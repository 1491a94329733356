/**
 * Which tab owns the cluster. The owner holds a Web Lock for as long as it lives; a second tab
 * finds the lock taken and follows read-only, or takes over (steals the lock), upon which the first
 * tab is told and stops saving. Without Web Locks every tab is an owner (nothing to coordinate).
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
