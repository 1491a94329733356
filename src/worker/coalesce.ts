/**
 * Coalesces the engine's per-step change batches into one batch per UI frame, keyed by uid, with
 * the store's own rules: added then updated stays added (newest object), added then removed
 * vanishes, anything then removed is removed. A frame carries each object at most once.
 */
import type { KObject, ObjectChanges } from '../protocol/batch';

type ChangeType = 'added' | 'updated' | 'removed';

/** Accumulates change batches between two frames. */
export class BatchCoalescer {
  private pending = new Map<string, { type: ChangeType; object: KObject }>();

  /** Number of distinct objects waiting to be sent. */
  get size(): number {
    return this.pending.size;
  }

  /** Adds one engine batch. */
  push(batch: ObjectChanges): void {
    for (const o of batch.added) this.record('added', o);
    for (const o of batch.updated) this.record('updated', o);
    for (const o of batch.removed) this.record('removed', o);
  }

  /**
   * Returns what accumulated as one batch, at most `max` objects (the ones that changed first;
   * the rest waits for the next frame), and forgets what it returned; null when nothing is pending.
   */
  take(max = Infinity): ObjectChanges | null {
    if (this.pending.size === 0) return null;
    const out: ObjectChanges = { added: [], updated: [], removed: [] };
    if (this.pending.size <= max) {
      for (const c of this.pending.values()) out[c.type].push(c.object);
      this.pending.clear();
      return out;
    }
    let n = 0;
    for (const [key, c] of this.pending) {
      if (n++ >= max) break;
      out[c.type].push(c.object);
      this.pending.delete(key);
    }
    return out;
  }

  /** Drops everything pending (the cluster was replaced). */
  clear(): void {
    this.pending.clear();
  }

  private record(type: ChangeType, object: KObject): void {
    const key = object.metadata.uid;
    const prev = this.pending.get(key);
    if (!prev) {
      this.pending.set(key, { type, object });
    } else if (prev.type === 'added') {
      if (type === 'removed') this.pending.delete(key);
      else this.pending.set(key, { type: 'added', object });
    } else if (prev.type === 'removed' && type !== 'removed') {
      // Cannot happen with unique uids; if it does, the newest state wins as an update.
      this.pending.set(key, { type: 'updated', object });
    } else {
      this.pending.set(key, { type, object });
    }
  }
}
