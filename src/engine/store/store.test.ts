import { describe, expect, it } from 'vitest';
import { Runtime } from '../sim/runtime';
import { ApiStore, type WatchEvent } from './store';
import { ApiError } from '../api/errors';
import { strategies } from './strategies';
import { parseSelector } from '../api/labels';

function setup() {
  const rt = new Runtime(Date.parse('2025-03-03T09:00:00Z'), 1, true);
  const store = rt.register(new ApiStore(rt));
  store.setStrategy('Namespace', strategies.Namespace);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { rt, store };
}

const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: '1' } });

describe('ApiStore', () => {
  it('assigns uid, resourceVersion, creationTimestamp and the default namespace', () => {
    const { store } = setup();
    const a = store.create(cm('a'));
    const b = store.create(cm('b'));
    expect(a.metadata.namespace).toBe('default');
    expect(a.metadata.creationTimestamp).toBe('2025-03-03T09:00:00Z');
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
  });

  it('a refused or dry-run create leaves the RNG as it was (later uids and names do not depend on it)', () => {
    const { rt, store } = setup();
    const before = rt.rng.state();
    expect(() => store.create(cm('Bad_Name'))).toThrow(ApiError);
    expect(() => store.create({ ...cm(''), metadata: { generateName: 'x-', namespace: 'nope' } })).toThrow(ApiError);
    store.create(cm('dry'), { dryRun: true });
    expect(rt.rng.state()).toEqual(before);
    store.create(cm('real'));
    expect(rt.rng.state()).not.toEqual(before);
  });

  it('refuses duplicates and missing namespaces with the API server messages', () => {
    const { store } = setup();
    store.create(cm('a'));
    expect(() => store.create(cm('a'))).toThrow('configmaps "a" already exists');
    expect(() => store.create({ ...cm('x'), metadata: { name: 'x', namespace: 'nope' } })).toThrow('namespaces "nope" not found');
  });

  it('rejects a stale resourceVersion with Conflict and ignores no-op updates', () => {
    const { store } = setup();
    const a = store.create(cm('a'));
    const a2 = store.update({ ...a, data: { a: '2' } });
    expect(a2.metadata.resourceVersion).not.toBe(a.metadata.resourceVersion);
    try {
      store.update({ ...a, data: { a: '3' } });
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).reason).toBe('Conflict');
      expect((e as Error).message).toBe(
        'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const same = store.update(a2);
    expect(same.metadata.resourceVersion).toBe(a2.metadata.resourceVersion);
  });

  it('rejects unknown fields under Strict validation and type mismatches always', () => {
    const { store } = setup();
    expect(() => store.create({ ...cm('a'), datta: {} }, { fieldValidation: 'Strict' })).toThrow(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"',
    );
    expect(() => store.create({ ...cm('b'), data: { a: 1 } }, { fieldValidation: 'Ignore' })).toThrow(
      'json: cannot unmarshal number into Go struct field ConfigMap.data.a of type string',
    );
    const warnings: string[] = [];
    const c = store.create({ ...cm('c'), datta: {} }, { fieldValidation: 'Warn', warnings });
    expect(warnings).toEqual(['unknown field "datta"']);
    // Unknown fields are dropped, never stored (Warn and Ignore alike).
    expect('datta' in c).toBe(false);
    const d = store.create({ ...cm('d'), metadata: { name: 'd', bogus: 1 } as never }, { fieldValidation: 'Ignore' });
    expect('bogus' in d.metadata).toBe(false);
  });

  it('validates names with the API server message', () => {
    const { store } = setup();
    expect(() => store.create(cm('Bad_Name'))).toThrow(/ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('generates names and lists by label selector through the index', () => {
    const { store } = setup();
    for (let i = 0; i < 5; i++) store.create({ ...cm(''), metadata: { generateName: 'web-', labels: { app: i % 2 ? 'a' : 'b' } } });
    const names = store.list('ConfigMap').map((o) => o.metadata.name);
    expect(names).toHaveLength(5);
    for (const n of names) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(store.list('ConfigMap', { selector: parseSelector('app=a') })).toHaveLength(2);
    expect(store.list('ConfigMap', { selector: parseSelector('app in (a,b),app!=b') })).toHaveLength(2);
  });

  it('keeps objects with finalizers until the last one is removed, then deletes', () => {
    const { store } = setup();
    const events: WatchEvent['type'][] = [];
    store.watch('ConfigMap', (e) => events.push(e.type));
    const a = store.create({ ...cm('a'), metadata: { name: 'a', finalizers: ['example.com/x'] } });
    const d = store.delete('ConfigMap', 'default', 'a');
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(store.get('ConfigMap', 'default', 'a')).toBeDefined();
    const cur = store.get('ConfigMap', 'default', 'a')!;
    store.update({ ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(store.get('ConfigMap', 'default', 'a')).toBeUndefined();
    expect(events).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(a.metadata.name).toBe('a');
  });

  it('batches changes, coalescing add+update and add+remove', () => {
    const { store } = setup();
    store.trackChanges();
    const a = store.create(cm('a'));
    store.update({ ...a, data: { a: '9' } });
    store.create(cm('b'));
    store.delete('ConfigMap', 'default', 'b');
    const batch = store.takeChanges();
    expect(batch.added.map((o) => [o.metadata.name, o.data.a])).toEqual([['a', '9']]);
    expect(batch.removed).toEqual([]);
  });
});

describe('ApiStore TTL (Events expire an hour after their last write, per lease minute)', () => {
  const ev = (name: string, count = 1) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u-p' }, reason: 'R', message: 'm', type: 'Normal', count });
  function ttlSetup() {
    const s = setup();
    s.store.setStrategy('Event', { ttlSeconds: 3600 });
    s.store.addIndex('Event', 'involved', (o) => o.involvedObject?.uid);
    return s;
  }

  it('removes an event at the end of the minute an hour after its last write, with a DELETED watch event', () => {
    const { rt, store } = ttlSetup();
    const deleted: string[] = [];
    store.watch('Event', (e: WatchEvent) => e.type === 'DELETED' && deleted.push(e.object.metadata.name));
    store.create(ev('a')); // 09:00:00: expires at 10:00:00
    rt.advance(20_000);
    store.create(ev('b')); // 09:00:20: the minute ending 10:01:00
    rt.advance(50_000); // 09:01:10: a is rewritten, so it lives until the minute ending 10:02:00
    store.update({ ...store.mustGet('Event', 'default', 'a'), count: 2 });
    rt.advance(3_600_000 - 70_000); // 10:00:00
    expect(store.count('Event')).toBe(2);
    rt.advance(60_000); // 10:01:00
    expect(store.get('Event', 'default', 'b')).toBeUndefined();
    expect(store.get('Event', 'default', 'a')).toBeDefined();
    expect(deleted).toEqual(['b']);
    rt.advance(60_000); // 10:02:00: a's minute is over too
    expect(store.count('Event')).toBe(0);
    expect(store.byIndex('Event', 'involved', 'u-p')).toEqual([]);
    expect(deleted).toEqual(['b', 'a']);
  });

  it('leaves no trace of the TTL in the objects, and restores it from a snapshot', () => {
    const { rt, store } = ttlSetup();
    const a = store.create(ev('a'));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(Object.keys(a)).not.toContain('ttl');
    const saved = JSON.parse(JSON.stringify(store.save()));
    expect(saved.ttl).toEqual([[Date.parse('2025-03-03T10:00:00Z'), ['Event/default/a']]]);
    // A store restored from the snapshot (with the runtime's timers) expires it at the same time.
    const rt2 = new Runtime(rt.now, 1, true);
    const store2 = rt2.register(new ApiStore(rt2));
    store2.setStrategy('Event', { ttlSeconds: 3600 });
    rt2.load(JSON.parse(JSON.stringify(rt.save())));
    expect(store2.get('Event', 'default', 'a')).toBeDefined();
    store2.update({ ...store2.mustGet('Event', 'default', 'a'), count: 5 }); // same minute: same bucket
    expect(JSON.parse(JSON.stringify(store2.save())).ttl).toEqual(saved.ttl);
    rt2.advance(3_600_000 - 1);
    expect(store2.get('Event', 'default', 'a')).toBeDefined();
    rt2.advance(1);
    expect(store2.get('Event', 'default', 'a')).toBeUndefined();
  });

  it('forgets the TTL of an event deleted before it expires (a new one of the same name lives its own hour)', () => {
    const { rt, store } = ttlSetup();
    store.create(ev('a'));
    store.delete('Event', 'default', 'a');
    rt.advance(30 * 60_000);
    store.create(ev('a'));
    rt.advance(31 * 60_000);
    expect(store.get('Event', 'default', 'a')).toBeDefined();
    rt.advance(30 * 60_000);
    expect(store.get('Event', 'default', 'a')).toBeUndefined();
  });
});
