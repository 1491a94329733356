/**
 * resource.Quantity: parsing `100m`, `0.5`, `128Mi`, `1G`, `1e3` into numbers, and printing
 * them back in canonical form. Values are kept as JavaScript numbers of base units (cores, bytes);
 * CPU arithmetic uses milli-units to stay exact.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|([eE][+-]?\d+))?$/;

/** Whether a string is a valid quantity. */
export function isQuantity(s: unknown): boolean {
  return typeof s === 'number' || (typeof s === 'string' && QUANTITY_RE.test(s.trim()));
}

/** Parses a quantity to base units; throws on a malformed one. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const n = Number(m[1]);
  if (m[2]) return n * (BINARY[m[2]] ?? DECIMAL[m[2]]);
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n;
}

/** Parses to milli-units, rounding up as Quantity.MilliValue does. */
export function parseMilli(q: string | number): number {
  return Math.ceil(parseQuantity(q) * 1000 - 1e-9);
}

/** Prints CPU milli-units as kubectl describe does: `250m`, `1`, `1500m`. */
export function formatMilliCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/**
 * Prints bytes in the largest binary suffix that divides them exactly (`128Mi`, `8Gi`, `7839712Ki`),
 * falling back to plain bytes, as the canonical form of a BinarySI quantity.
 */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const suf of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY[suf];
    if (bytes % unit === 0) return `${bytes / unit}${suf}`;
  }
  return String(bytes);
}
