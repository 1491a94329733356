import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_VERSION,
  SAVE_KEY,
  SavedStateError,
  UNUSABLE_PREFIX,
  classifySnapshotError,
  isQuotaError,
  keepUnusable,
  makeEnvelope,
  memoryStore,
  openEnvelope,
} from './persistence';

const snapshot = { format: 'podium.snapshot', version: 1, checksum: 'x', state: { runtime: { now: 1234 } } };

describe('openEnvelope', () => {
  it('returns null when nothing is saved', () => {
    expect(openEnvelope(undefined)).toBeNull();
    expect(openEnvelope(null)).toBeNull();
  });

  it('opens the current version', () => {
    const env = makeEnvelope(JSON.stringify(snapshot), { appVersion: '0.1.0', savedAt: 5, simNow: 1234 });
    const opened = openEnvelope(env)!;
    expect(opened.snapshot).toEqual(snapshot);
    expect(opened.migratedFrom).toBeUndefined();
    expect(opened.envelope.version).toBe(ENVELOPE_VERSION);
  });

  it('migrates a version-1 envelope (snapshot stored as an object)', () => {
    const opened = openEnvelope({ format: 'podium.saved', version: 1, savedAt: 99, snapshot })!;
    expect(opened.migratedFrom).toBe(1);
    expect(opened.snapshot).toEqual(snapshot);
    expect(opened.envelope.simNow).toBe(1234);
    expect(opened.envelope.savedAt).toBe(99);
  });

  it('runs a chain of migrations in order', () => {
    const calls: number[] = [];
    const chain = {
      1: (o: Record<string, unknown>) => (calls.push(1), { ...o, version: 2, snapshotJson: '{"a":1}' }),
    };
    expect(openEnvelope({ format: 'podium.saved', version: 1 }, chain)!.snapshot).toEqual({ a: 1 });
    expect(calls).toEqual([1]);
  });

  it.each([
    ['a string', 'hello', 'damaged'],
    ['an array', [1, 2], 'damaged'],
    ['another format', { format: 'other', version: 2 }, 'damaged'],
    ['no version', { format: 'podium.saved' }, 'damaged'],
    ['a newer version', { format: 'podium.saved', version: ENVELOPE_VERSION + 1, snapshotJson: '{}' }, 'incompatible'],
    ['truncated JSON', { format: 'podium.saved', version: 2, snapshotJson: '{"format":"podium.snap' }, 'damaged'],
    ['no snapshot', { format: 'podium.saved', version: 2 }, 'damaged'],
    ['a version-1 envelope without snapshot', { format: 'podium.saved', version: 1 }, 'damaged'],
  ])('refuses %s as %s', (_name, raw, kind) => {
    let err: unknown;
    try {
      openEnvelope(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SavedStateError);
    expect((err as SavedStateError).kind).toBe(kind);
  });

  it('refuses a version with no migration as incompatible', () => {
    expect(() => openEnvelope({ format: 'podium.saved', version: 1 }, {})).toThrow(/no migration/);
  });
});

describe('error classification', () => {
  it.each([
    ['incompatible snapshot: version 7, this Podium reads version 1', 'incompatible'],
    ['damaged snapshot: checksum 1 does not match its content (2)', 'damaged'],
    ['not a Podium snapshot: expected an object', 'damaged'],
  ])('%s -> %s', (msg, kind) => expect(classifySnapshotError(msg)).toBe(kind));

  it.each([
    [{ name: 'QuotaExceededError', message: 'x' }, true],
    [{ name: 'Error', code: 22 }, true],
    [{ name: 'UnknownError', message: 'The quota has been exceeded.' }, true],
    [{ name: 'DataCloneError', message: 'could not be cloned' }, false],
    [null, false],
    ['QuotaExceededError', false],
  ])('isQuotaError(%j) = %s', (e, yes) => expect(isQuotaError(e)).toBe(yes));
});

describe('keepUnusable', () => {
  it('moves the state aside, clears the save key and keeps only the newest three', async () => {
    const store = memoryStore({ [SAVE_KEY]: 'broken' });
    for (const t of [1, 2, 3]) await store.set(`${UNUSABLE_PREFIX}${t}`, t);
    const key = await keepUnusable(store, 'broken', 10);
    expect(key).toBe(`${UNUSABLE_PREFIX}10`);
    expect(store.data.has(SAVE_KEY)).toBe(false);
    expect(store.data.get(key!)).toBe('broken');
    expect([...store.data.keys()].sort()).toEqual([`${UNUSABLE_PREFIX}10`, `${UNUSABLE_PREFIX}2`, `${UNUSABLE_PREFIX}3`]);
  });

  it('returns null when the store fails', async () => {
    const store = memoryStore();
    store.set = async () => {
      throw new Error('disk gone');
    };
    expect(await keepUnusable(store, 'x', 1)).toBeNull();
  });
});
