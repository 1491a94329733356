/**
 * resource.Quantity as describe prints it: exact arithmetic (nano-units as BigInt) and
 * apimachinery's canonical String(): `250m`, `4`, `1500m`, `1k`, `128Mi`, `8131080Ki`, `0`.
 * A quantity keeps the format it was written in (DecimalSI `100m`, `1G`; BinarySI `70Mi`), and a
 * sum keeps the format of its first term, as Quantity.Add does.
 */

/** The format of a quantity (resource.Format). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: value in nano-units. */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const BIN: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The zero quantity ("0"). */
export const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };

/** Parses a quantity string (or number); throws on a malformed one. */
export function parseQ(input: string | number | undefined | null): Quantity {
  if (input === undefined || input === null) return ZERO;
  const s = String(input).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  // digits * 10^-len(frac)
  let digits = BigInt(intPart + frac);
  let exp10 = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  let mult = 1n;
  if (suffix in BIN) {
    format = 'BinarySI';
    mult = BIN[suffix];
  } else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  } else exp10 += DEC[suffix];
  // to nanos: digits * mult * 10^(exp10 + 9)
  digits *= mult;
  const e = exp10 + 9;
  const nanos = e >= 0 ? digits * 10n ** BigInt(e) : digits / 10n ** BigInt(-e);
  return { nanos: sign * nanos, format };
}

/** Adds two quantities; the result keeps the first one's format (Quantity.Add). */
export function addQ(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n && a === ZERO ? b.format : a.format };
}

/** The canonical string of a quantity (Quantity.String). */
export function formatQ(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    // Between -1024 and 1024, or not a whole number of units: printed as DecimalSI.
    if (abs < 1024n * NANO || abs % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let units = abs / NANO;
    let i = 0;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    while (i < 6 && units % 1024n === 0n) {
      units /= 1024n;
      i++;
    }
    return `${sign}${units}${suffixes[i]}`;
  }
  // Decimal: mantissa * 10^e with e a multiple of 3, as large as keeps the mantissa whole.
  let mantissa = abs;
  let e = -9;
  while (e < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    e += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${mantissa}${e === 0 ? '' : `e${e}`}`;
  const suffix: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
  return `${sign}${mantissa}${suffix[e]}`;
}

/** Milli-units (MilliValue, rounded up). */
export function milliValue(q: Quantity): bigint {
  const m = 1_000_000n;
  return q.nanos >= 0n ? (q.nanos + m - 1n) / m : q.nanos / m;
}

/** Whole units (Value, rounded up). */
export function unitValue(q: Quantity): bigint {
  return q.nanos >= 0n ? (q.nanos + NANO - 1n) / NANO : q.nanos / NANO;
}

/** A resource list as quantities. */
export type QList = Map<string, Quantity>;

/** Parses a ResourceList (`{cpu: '100m', memory: '70Mi'}`). */
export function parseList(list: Record<string, string | number> | undefined): QList {
  const out: QList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, parseQ(v));
  return out;
}

/** addResourceList: adds `add` into `list` (a missing entry takes a copy). */
export function addList(list: QList, add: QList): void {
  for (const [k, v] of add) {
    const cur = list.get(k);
    list.set(k, cur ? addQ(cur, v) : { ...v });
  }
}

/** maxResourceList: keeps the larger value per resource. */
export function maxList(list: QList, other: QList): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (!cur || v.nanos > cur.nanos) list.set(k, { ...v });
  }
}
