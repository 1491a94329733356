/**
 * The tab's session with its engine: decides whether this tab owns the cluster (Web Lock) or
 * follows another tab (and takes over by itself when that tab closes), boots the worker and
 * restores the saved cluster, pulls frames into the store, saves when the page is hidden or closed,
 * and recovers from a crashed or stuck worker.
 */
import type { Remote } from 'comlink';
import type { EngineFacade, InitRequest, TabMessage } from '../../protocol/facade';
import { TABS_CHANNEL } from '../../protocol/facade';
import type { Frame } from '../../protocol/batch';
import { connectEngine, type EngineClient } from '../engineClient';
import { applyChanges, pruneAnimations } from '../state/mirror';
import { getApp, patchSession, setApp } from '../state/store';
import { acquireOwnership, locksAvailable, waitForOwnership, type Ownership } from './ownership';
import { startFrameLoop } from './frameLoop';
import { clusterOptionsFromUrl } from './options';

let client: EngineClient | null = null;
let stopLoop: (() => void) | null = null;
let ownership: Ownership | null = null;
/** Aborts the wait for the owner's lock (set while this tab follows). */
let following: AbortController | null = null;
let promotedTimer: ReturnType<typeof setTimeout> | undefined;
let channel: BroadcastChannel | null = null;
let bootCount = 0;
let reloading = false;
let reloadAgain = false;

/** The engine facade of the running worker; throws while there is none. */
export function engine(): Remote<EngineFacade> {
  if (!client) throw new Error('the engine is not running');
  return client.api;
}

/** Whether an engine worker is running and initialised. */
export function engineReady(): boolean {
  return !!client && getApp().session.phase === 'ready';
}

/** Applies one frame from the worker to the store. */
export function applyFrame(frame: Frame, wallNow = performance.now()): void {
  setApp((s) => ({
    mirror: applyChanges(s.mirror, frame.changes, { reset: frame.reset, wallNow, animate: true }),
    clock: frame.clock,
    nowSec: Math.floor(frame.clock.now / 1000) * 1000,
    persistence: frame.persistence,
    engineErrors: frame.engineErrors.length ? [...s.engineErrors, ...frame.engineErrors].slice(-20) : s.engineErrors,
  }));
}

function onTick(wallNow: number): void {
  const m = getApp().mirror;
  if (m.arrivals.size === 0 && Object.keys(m.ghosts).length === 0) return;
  const pruned = pruneAnimations(m, wallNow);
  if (pruned !== m) setApp({ mirror: pruned });
}

function onWorkerError(message: string): void {
  patchSession({ phase: 'crashed', crash: message });
}

async function boot(req: InitRequest): Promise<void> {
  const my = ++bootCount;
  req = { ...req, cluster: req.cluster ?? clusterOptionsFromUrl(location.search) };
  stopLoop?.();
  stopLoop = null;
  client?.dispose();
  patchSession({ phase: 'starting', crash: undefined });
  const c = connectEngine(onWorkerError);
  client = c;
  try {
    const r = await c.api.init(req);
    if (my !== bootCount) return;
    patchSession({ phase: 'ready', restored: r.restored, migratedFrom: r.migratedFrom, restoreProblem: r.problem, lastSync: req.role === 'follower' ? Date.now() : undefined });
  } catch (e) {
    if (my !== bootCount) return;
    patchSession({ phase: 'crashed', crash: `the engine could not start: ${(e as Error)?.message ?? String(e)}` });
    return;
  }
  stopLoop = startFrameLoop(c.api, {
    onFrame: (f) => applyFrame(f),
    onTick,
    onStall: (waited) => {
      const s = getApp().session;
      if (waited > 0 && s.phase === 'ready') patchSession({ phase: 'unresponsive', crash: `the engine has not answered for ${Math.round(waited / 1000)} s` });
      else if (waited === 0 && s.phase === 'unresponsive') patchSession({ phase: 'ready', crash: undefined });
    },
    onError: (m) => patchSession({ phase: 'crashed', crash: m }),
  });
}

function watchLost(o: Ownership): void {
  void o.lost.then(async () => {
    if (ownership !== o) return;
    ownership = null;
    patchSession({ role: 'follower', followerReason: 'taken-over', askOwnership: false, promoted: false });
    followOwner();
    try {
      await engine().setRole('follower');
      await engine().pause();
    } catch {
      // The worker is gone; nothing is saved from here anyway.
    }
  });
}

/** How long the notice "this tab runs the cluster now" stays up (wall ms). */
export const PROMOTED_NOTICE_MS = 12_000;

/** While following, waits for the owning tab to go away, then becomes the owner by itself. */
function followOwner(): void {
  if (following || !locksAvailable()) return;
  const ctrl = new AbortController();
  following = ctrl;
  void waitForOwnership(ctrl.signal).then((o) => {
    if (following === ctrl) following = null;
    if (o) void promote(o);
  });
}

/** Stops waiting for the owner's lock (this tab takes over by hand). */
function stopFollowing(): void {
  following?.abort();
  following = null;
}

/**
 * The owning tab closed and this follower got the lock: it becomes the owner, continuing from the
 * latest saved state (with the clock running or paused as it was saved), and says so.
 */
async function promote(o: Ownership): Promise<void> {
  if (getApp().session.role === 'owner') {
    o.release();
    return;
  }
  ownership = o;
  watchLost(o);
  patchSession({ role: 'owner', followerReason: undefined, askOwnership: false, lastSync: undefined, promoted: true });
  clearTimeout(promotedTimer);
  promotedTimer = setTimeout(dismissPromoted, PROMOTED_NOTICE_MS);
  if (getApp().session.phase !== 'ready') {
    await boot({ source: 'saved', role: 'owner' });
    return;
  }
  const my = bootCount;
  try {
    const r = await engine().init({ source: 'saved', role: 'owner', cluster: clusterOptionsFromUrl(location.search) });
    if (my === bootCount) patchSession({ restored: r.restored, migratedFrom: r.migratedFrom, restoreProblem: r.problem });
  } catch (e) {
    if (my === bootCount) patchSession({ phase: 'crashed', crash: `the engine could not take over: ${(e as Error)?.message ?? String(e)}` });
  }
}

/** Hides the notice that this tab became the owner by itself. */
export function dismissPromoted(): void {
  clearTimeout(promotedTimer);
  if (getApp().session.promoted) patchSession({ promoted: false });
}

let savedWaiters: Array<() => void> = [];

async function onTabMessage(msg: TabMessage): Promise<void> {
  const s = getApp().session;
  if (msg.type === 'saved') {
    const waiters = savedWaiters;
    savedWaiters = [];
    for (const w of waiters) w();
  }
  // Another tab is about to take over: save now, so that it continues from the latest state.
  if (msg.type === 'taking-over' && s.role === 'owner') {
    saveSoon();
    return;
  }
  if (s.role !== 'follower' || s.phase !== 'ready') return;
  if (msg.type !== 'saved' && msg.type !== 'reset') return;
  // Follow the owner: reload each save (one reload at a time; a burst collapses into one more).
  if (reloading) {
    reloadAgain = true;
    return;
  }
  reloading = true;
  try {
    do {
      reloadAgain = false;
      await engine().reloadFromSaved();
      patchSession({ lastSync: Date.now() });
    } while (reloadAgain);
  } catch {
    // The owner is mid-write or the worker is down: the next save brings the next chance.
  } finally {
    reloading = false;
  }
}

/** Saves now when this tab owns the cluster (page hidden or closing). */
export function saveSoon(): void {
  if (getApp().session.role === 'owner' && client && getApp().session.phase === 'ready') void client.api.saveNow().catch(() => {});
}

/** Shows the static sample cluster instead of starting an engine (`?fixture[=extra pods]`). */
async function startFixture(extraPods: number): Promise<void> {
  const { buildFixture, FIXTURE_NOW } = await import('../dev/fixture');
  patchSession({ phase: 'ready', role: 'follower', fixture: true, askOwnership: false });
  applyFrame({
    seq: 1,
    reset: true,
    changes: { added: buildFixture(extraPods), updated: [], removed: [] },
    clock: { now: FIXTURE_NOW, running: false, speed: 1, nextEventAt: null, lagging: false },
    persistence: { state: 'off' },
    engineErrors: [],
  });
}

/** Starts the session: ownership, worker, frames, page hooks. Call once. */
export async function startSession(): Promise<void> {
  const fixture = new URLSearchParams(location.search).get('fixture');
  if (fixture !== null) return startFixture(Number(fixture) || 0);
  patchSession({ locksAvailable: locksAvailable() });
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(TABS_CHANNEL);
    channel.onmessage = (e: MessageEvent<TabMessage>) => void onTabMessage(e.data);
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveSoon();
  });
  window.addEventListener('pagehide', saveSoon);
  ownership = await acquireOwnership(false);
  // A reload can race the previous page's release of the lock: ask once more before following.
  if (!ownership) ownership = await new Promise<Ownership | null>((r) => setTimeout(() => void acquireOwnership(false).then(r), 400));
  if (ownership) {
    watchLost(ownership);
    patchSession({ role: 'owner' });
    await boot({ source: 'saved', role: 'owner' });
  } else {
    patchSession({ role: 'follower', followerReason: 'open-elsewhere', askOwnership: true });
    followOwner();
    await boot({ source: 'saved', role: 'follower' });
  }
}

/** Takes the cluster over from the tab that has it open: steals the lock, reloads, saves from now on. */
export async function takeOver(): Promise<void> {
  // Ask the owner to save first (it answers with a `saved` message), then take the lock.
  const saved = new Promise<void>((resolve) => {
    savedWaiters.push(resolve);
    setTimeout(resolve, 1500);
  });
  channel?.postMessage({ type: 'taking-over', at: Date.now() } satisfies TabMessage);
  await saved;
  // Taken over by itself meanwhile (the owner closed): nothing left to do.
  if (getApp().session.role === 'owner') return;
  stopFollowing();
  const o = await acquireOwnership(true);
  if (!o) return;
  ownership = o;
  watchLost(o);
  patchSession({ role: 'owner', followerReason: undefined, askOwnership: false });
  if (getApp().session.phase !== 'ready') {
    await boot({ source: 'saved', role: 'owner' });
    return;
  }
  await engine().reloadFromSaved();
  await engine().setRole('owner');
  await engine().play();
}

/** Stays a read-only follower (dismisses the question). */
export function followReadOnly(): void {
  patchSession({ askOwnership: false });
}

/** Restarts the worker from the last saved state (after a crash or a stall). */
export async function recover(): Promise<void> {
  await boot({ source: 'saved', role: getApp().session.role });
}

/** Starts a fresh cluster in a new worker, ignoring the saved one (when even recovery fails). */
export async function recoverFresh(): Promise<void> {
  await boot({ source: 'fresh', role: getApp().session.role });
}
