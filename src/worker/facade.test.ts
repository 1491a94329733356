import { describe, expect, it } from 'vitest';
import { createFacade, deliveryPaceMs, SAVE_SOON_MS } from './facade';
import { memoryStore, SAVE_KEY, UNUSABLE_PREFIX, makeEnvelope } from './persistence';
import type { WallClock } from './driver';
import type { TabMessage } from '../protocol/facade';

/** A wall clock whose timers only run when the test asks. */
function manualWall() {
  let t = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let ids = 0;
  const wall: WallClock & { run(ms: number): Promise<void> } = {
    now: () => t,
    setTimer: (fn, ms) => {
      timers.set(++ids, { at: t + ms, fn });
      return ids;
    },
    clearTimer: (h) => void timers.delete(h as number),
    async run(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!due || due[1].at > end) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
        await new Promise((r) => setTimeout(r, 0));
      }
      t = end;
    },
  };
  return wall;
}

function setup(store = memoryStore()) {
  const wall = manualWall();
  const messages: TabMessage[] = [];
  const facade = createFacade({
    storage: store,
    wall,
    epochNow: () => 1_700_000_000_000 + wall.now(),
    appVersion: 'test',
    broadcast: (m) => messages.push(m),
    saveIntervalMs: 1000,
  });
  return { facade, wall, store, messages };
}

describe('engine facade', () => {
  it('starts a fresh cluster, sends every object in a reset frame, then only changes', async () => {
    const { facade, store } = setup();
    const r = await facade.init({ source: 'saved', role: 'owner' });
    expect(r.restored).toBe(false);
    const first = facade.takeFrame()!;
    expect(first.reset).toBe(true);
    expect(first.changes!.added.some((o) => o.kind === 'Namespace' && o.metadata.name === 'kube-system')).toBe(true);
    // The fresh cluster was saved at once.
    expect(store.data.has(SAVE_KEY)).toBe(true);
    // Nothing changed since: no frame.
    expect(facade.takeFrame()).toBeNull();
    facade.step(1000);
    const f = facade.takeFrame()!;
    expect(f.reset).toBe(false);
    expect(f.clock.now).toBe(r.now + 1000);
    facade.dispose();
  });

  it('paces a flood of objects so that their versions coalesce, and keeps the clock live', async () => {
    const { facade, wall } = setup();
    await facade.init({ source: 'saved', role: 'owner' });
    facade.takeFrame();
    const r = await facade.kubectl('create deployment web --image=nginx:1.27 --replicas=150', { wait: 'advance' });
    expect(r.exitCode).toBe(0);
    facade.step(30_000);
    const flood = facade.takeFrame()!;
    const n = (f: ReturnType<typeof facade.takeFrame>) => (f?.changes ? f.changes.added.length + f.changes.updated.length + f.changes.removed.length : 0);
    expect(n(flood)).toBeGreaterThanOrEqual(100);
    facade.step(1000);
    // Within the pace: the clock moves on, the objects wait.
    await wall.run(deliveryPaceMs(n(flood)) - 1);
    const held = facade.takeFrame()!;
    expect(held.changes).toBeNull();
    expect(held.clock.now).toBeGreaterThan(flood.clock.now);
    await wall.run(1);
    expect(n(facade.takeFrame())).toBeGreaterThan(0);
    expect(deliveryPaceMs(5)).toBe(0);
    facade.dispose();
  });

  it('restores the saved cluster at the same simulated time', async () => {
    const a = setup();
    await a.facade.init({ source: 'saved', role: 'owner' });
    a.facade.step(42_000);
    await a.facade.saveNow();
    const when = a.facade.cluster().now();
    a.facade.dispose();
    const b = setup(a.store);
    const r = await b.facade.init({ source: 'saved', role: 'owner' });
    expect(r.restored).toBe(true);
    expect(r.now).toBe(when);
    expect(a.messages.some((m) => m.type === 'saved')).toBe(true);
    b.facade.dispose();
  });

  it('keeps a damaged saved state for download and starts fresh', async () => {
    const store = memoryStore({ [SAVE_KEY]: makeEnvelope('{"format":"podium.snapshot","version":1,"checksum":"0","state":{}}', { appVersion: 'x', savedAt: 1, simNow: 1 }) });
    const { facade } = setup(store);
    const r = await facade.init({ source: 'saved', role: 'owner' });
    expect(r.restored).toBe(false);
    expect(r.problem?.kind).toBe('damaged');
    expect(r.problem?.keptAs?.startsWith(UNUSABLE_PREFIX)).toBe(true);
    const blob = await facade.savedBlob(r.problem!.keptAs!);
    expect(blob?.text).toContain('podium.snapshot');
    // A fresh cluster replaced it.
    expect(facade.takeFrame()!.changes!.added.length).toBeGreaterThan(0);
    facade.dispose();
  });

  it('reports an incompatible snapshot as such', async () => {
    const store = memoryStore({ [SAVE_KEY]: makeEnvelope('{"format":"podium.snapshot","version":999,"checksum":"0","state":{}}', { appVersion: 'x', savedAt: 1, simNow: 1 }) });
    const { facade } = setup(store);
    const r = await facade.init({ source: 'saved', role: 'owner' });
    expect(r.problem?.kind).toBe('incompatible');
    facade.dispose();
  });

  it('a follower never writes', async () => {
    const { facade, store, wall } = setup();
    await facade.init({ source: 'saved', role: 'follower' });
    facade.step(5000);
    await wall.run(10_000);
    expect(store.data.size).toBe(0);
    facade.dispose();
  });

  it('reports a full quota instead of ignoring it', async () => {
    const store = memoryStore();
    store.set = async () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    };
    const { facade } = setup(store);
    await facade.init({ source: 'fresh', role: 'owner' });
    const f = facade.takeFrame()!;
    expect(f.persistence.state).toBe('quota');
    expect(f.persistence.message).toMatch(/quota/);
    facade.dispose();
  });

  it('saves periodically while the clock runs', async () => {
    const { facade, store, wall } = setup();
    await facade.init({ source: 'fresh', role: 'owner', running: true });
    await wall.run(2500);
    const env = store.data.get(SAVE_KEY) as { simNow: number };
    expect(env.simNow).toBeGreaterThan(facade.cluster().now() - 2500);
    facade.pause();
    facade.dispose();
  });

  it('a fresh cluster is saved with its clock running, so an early reload finds it running', async () => {
    const { facade, store } = setup();
    await facade.init({ source: 'saved', role: 'owner' });
    const env = store.data.get(SAVE_KEY) as { clock?: { running: boolean } };
    expect(env.clock?.running).toBe(true);
    facade.pause();
    facade.dispose();
  });

  it("saves a user's change within SAVE_SOON_MS, not at the next interval", async () => {
    const { facade, store, wall } = setup();
    await facade.init({ source: 'saved', role: 'owner' });
    facade.pause();
    await wall.run(1000);
    await facade.kubectl('create deployment quick --image=nginx');
    await wall.run(SAVE_SOON_MS);
    const env = store.data.get(SAVE_KEY) as { snapshot: string };
    expect(JSON.stringify(env)).toContain('quick');
    facade.dispose();
  });

  it('pausing freezes the clock', async () => {
    const { facade, wall } = setup();
    await facade.init({ source: 'fresh', role: 'owner', running: true });
    await wall.run(500);
    facade.pause();
    const t = facade.cluster().now();
    await wall.run(5000);
    expect(facade.cluster().now()).toBe(t);
    facade.dispose();
  });

  it('turns an engine exception inside kubectl into kubectl output', async () => {
    const { facade } = setup();
    await facade.init({ source: 'fresh', role: 'follower' });
    const out = await facade.kubectl("get pods '");
    expect(out.exitCode).not.toBe(0);
    expect(out.stderr).toMatch(/error/);
    facade.dispose();
  });

  it('explains scheduling failures as data, never throws', async () => {
    const { facade } = setup();
    await facade.init({ source: 'fresh', role: 'follower' });
    const a = facade.explainScheduling('default', 'does-not-exist');
    expect(typeof a.ok).toBe('boolean');
    facade.dispose();
  });
});

describe('engine facade: the clock across saves', () => {
  it('a cluster saved paused at x5 comes back paused at x5', async () => {
    const a = setup();
    await a.facade.init({ source: 'fresh', role: 'owner' });
    a.facade.setSpeed(5);
    a.facade.pause();
    await a.facade.saveNow();
    a.facade.dispose();
    const b = setup(a.store);
    await b.facade.init({ source: 'saved', role: 'owner' });
    const f = b.facade.takeFrame()!;
    expect(f.clock.running).toBe(false);
    expect(f.clock.speed).toBe(5);
    b.facade.dispose();
  });

  it('a new cluster runs; a follower never runs', async () => {
    const a = setup();
    await a.facade.init({ source: 'fresh', role: 'owner' });
    expect(a.facade.takeFrame()!.clock.running).toBe(true);
    a.facade.dispose();
    const b = setup(a.store);
    await b.facade.init({ source: 'saved', role: 'follower' });
    expect(b.facade.takeFrame()!.clock.running).toBe(false);
    b.facade.dispose();
  });
});
