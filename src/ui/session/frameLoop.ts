/**
 * Pulls one frame from the worker per animation frame (never more than one request in flight, so a
 * busy engine coalesces instead of queueing), hands it to `onFrame`, and notices a worker that
 * stops answering.
 */
import type { Remote } from 'comlink';
import type { EngineFacade } from '../../protocol/facade';
import type { Frame } from '../../protocol/batch';

/** Options of the loop. */
export interface FrameLoopOptions {
  onFrame(frame: Frame): void;
  /** Called once per animation frame (pruning animations). */
  onTick?(wallNow: number): void;
  /** Called when a request has waited `stallMs` (and again with 0 when it answers). */
  onStall(waitedMs: number): void;
  onError(message: string): void;
  /** How long a frame request may take before the stall is reported. Default 8000 ms. */
  stallMs?: number;
}

/** Starts the loop; returns a stop function. */
export function startFrameLoop(api: Remote<EngineFacade>, opts: FrameLoopOptions): () => void {
  const stallMs = opts.stallMs ?? 8000;
  let stopped = false;
  let inFlightSince: number | null = null;
  let stalled = false;
  let raf = 0;
  // A frame that arrived is applied at the next animation frame, not in the message task that
  // delivered it: deserialising and rendering then fall into two tasks instead of one long one.
  let pending: Frame | null = null;

  const loop = () => {
    if (stopped) return;
    raf = requestAnimationFrame(loop);
    const wallNow = performance.now();
    if (pending) {
      const f = pending;
      pending = null;
      opts.onFrame(f);
    }
    opts.onTick?.(wallNow);
    if (inFlightSince !== null) {
      if (!stalled && wallNow - inFlightSince > stallMs) {
        stalled = true;
        opts.onStall(wallNow - inFlightSince);
      }
      return;
    }
    if (pending) return;
    inFlightSince = wallNow;
    api.takeFrame().then(
      (frame) => {
        inFlightSince = null;
        if (stalled) {
          stalled = false;
          opts.onStall(0);
        }
        if (!stopped && frame) pending = frame;
      },
      (e: unknown) => {
        inFlightSince = null;
        if (!stopped) opts.onError((e as Error)?.message ?? String(e));
      },
    );
  };
  // A hidden tab gets no animation frames; a timer keeps the stall check alive there.
  const watchdog = setInterval(() => {
    if (inFlightSince !== null && !stalled && performance.now() - inFlightSince > stallMs) {
      stalled = true;
      opts.onStall(performance.now() - inFlightSince);
    }
  }, 1000);
  raf = requestAnimationFrame(loop);
  return () => {
    stopped = true;
    cancelAnimationFrame(raf);
    clearInterval(watchdog);
  };
}
