/** Small React hooks shared by the views. */
import { useEffect, useRef, useState } from 'react';

/**
 * Returns `value`, but changes it at most once per `intervalMs` (the latest value wins). With
 * `intervalMs` 0 it is `value` itself. Big lists (thousands of pods in a rollout) re-filter and
 * re-sort a few times per second instead of every frame; small ones stay instant.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (intervalMs <= 0 || value === shown) return;
    const wait = last.current + intervalMs - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(value);
      return;
    }
    if (!timer.current)
      timer.current = setTimeout(() => {
        timer.current = null;
        last.current = performance.now();
        setShown(latest.current);
      }, wait);
  }, [value, intervalMs, shown]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return intervalMs <= 0 ? value : shown;
}

/** The throttle interval for a list of `size` objects: none up to 500, then growing with size. */
export function listThrottleMs(size: number): number {
  if (size <= 500) return 0;
  if (size <= 5000) return 250;
  return 500;
}
