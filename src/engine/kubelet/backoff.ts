/**
 * The kubelet's back-offs, re-expressed from client-go's flowcontrol.Backoff as the kubelet uses
 * it (no jitter): container restarts (CrashLoopBackOff) and image pulls (ImagePullBackOff) both
 * start at 10 s and double to 5 min (pkg/kubelet/kubelet.go: backOffPeriod = 10s,
 * MaxContainerBackOff = 300s; pkg/kubelet/images/image_manager.go uses the same numbers).
 *
 * An entry expires when the event that would use it comes more than 2 x max (10 min) after its
 * last update, so a container that ran for 10 minutes starts again from 10 s.
 *
 * Worked example, `sh -c 'exit 1'` with restartPolicy Always: it exits at 0 s; the next sync
 * (PLEG, ~1 s) finds no entry, creates one of 10 s and restarts it at once (restart 1); it exits
 * at 1 s; the sync at 2 s finds 2 - 1 = 1 s < 10 s: CrashLoopBackOff "back-off 10s"; the pod is
 * re-synced every 10-15 s; at >= 11 s the back-off has passed: the entry doubles to 20 s and the
 * container starts (restart 2); then 40 s, 1m20s, 2m40s, 5m0s, 5m0s, ...
 */

/** Initial back-off (pkg/kubelet/kubelet.go backOffPeriod). */
export const BACKOFF_INITIAL_MS = 10_000;
/** Cap (MaxContainerBackOff, and image pull back-off's max). */
export const BACKOFF_MAX_MS = 300_000;
/** The pod worker re-syncs a pod whose sync failed after backOffPeriod with jitter factor 0.5. */
export const SYNC_RETRY_MS = 10_000;
/** Pod workers' jitter factor on retries (pod_workers.go workerBackOffPeriodJitterFactor). */
export const SYNC_RETRY_JITTER = 0.5;

/** One flowcontrol.Backoff entry. */
export interface BackoffEntry {
  /** Current back-off, ms. */
  backoffMs: number;
  /** When Next() last updated it, ms. */
  lastUpdate: number;
}

/** hasExpired: the event came more than 2 x max after the last update. */
export function hasExpired(eventTime: number, lastUpdate: number, maxMs = BACKOFF_MAX_MS): boolean {
  return eventTime - lastUpdate > 2 * maxMs;
}

/** Backoff.Next: starts at the initial value, or doubles up to the cap. */
export function nextBackoff(e: BackoffEntry | undefined, eventTime: number, now: number, initialMs = BACKOFF_INITIAL_MS, maxMs = BACKOFF_MAX_MS): BackoffEntry {
  if (!e || hasExpired(eventTime, e.lastUpdate, maxMs)) return { backoffMs: initialMs, lastUpdate: now };
  return { backoffMs: Math.min(e.backoffMs * 2, maxMs), lastUpdate: now };
}

/** Backoff.IsInBackOffSince: still within the back-off counted from eventTime (container exits). */
export function isInBackOffSince(e: BackoffEntry | undefined, eventTime: number, now: number, maxMs = BACKOFF_MAX_MS): boolean {
  if (!e || hasExpired(eventTime, e.lastUpdate, maxMs)) return false;
  return now - eventTime < e.backoffMs;
}

/** Backoff.IsInBackOffSinceUpdate: still within the back-off counted from its last update (image pulls). */
export function isInBackOffSinceUpdate(e: BackoffEntry | undefined, now: number, maxMs = BACKOFF_MAX_MS): boolean {
  if (!e || hasExpired(now, e.lastUpdate, maxMs)) return false;
  return now - e.lastUpdate < e.backoffMs;
}

/** wait.Jitter(d, f): d plus up to f x d, from a [0, 1) random draw. */
export function jitter(durationMs: number, factor: number, random01: number): number {
  return durationMs + Math.floor(random01 * factor * durationMs);
}
