/**
 * Development switches. Tests turn `freezeObjects` on so that any code that edits a stored object
 * in place (instead of copying it first, as controllers must) fails loudly.
 */
export const devFlags = { freezeObjects: false };

/** Deep-freezes a plain JSON value when devFlags.freezeObjects is on; returns it. */
export function devFreeze<T>(value: T): T {
  if (devFlags.freezeObjects) deepFreeze(value);
  return value;
}

function deepFreeze(v: unknown): void {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
}

/**
 * Throws when a plain JSON value holds an undefined property (tests only: objects handed to the
 * store without a copy must look exactly like the copy would, which drops such properties).
 */
export function devCheckNoUndefined(value: unknown, path = ''): void {
  if (!devFlags.freezeObjects || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((x, i) => devCheckNoUndefined(x, `${path}[${i}]`));
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    if (x === undefined) throw new Error(`undefined field ${path}.${k} in an object handed to the store`);
    devCheckNoUndefined(x, `${path}.${k}`);
  }
}

/** A deep copy of a plain JSON value (objects, arrays, strings, numbers, booleans, null). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = clone(x);
  }
  return out as T;
}

/** Deep equality of plain JSON values (undefined properties count as absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}
