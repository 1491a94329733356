/**
 * resource.Quantity as the API server stores it: every quantity in a ResourceList is rounded up to
 * milli-units (SetDefaults_ResourceList, pkg/apis/core/v1/defaults.go) and serialized in canonical
 * form (Quantity.CanonicalizeBytes, apimachinery pkg/api/resource/quantity.go). So `cpu: 0.5` is
 * stored as `500m`, `memory: 1024Mi` as `1Gi`, `cpu: 2` (a JSON number) as `"2"`.
 *
 * Arithmetic is exact (BigInt): a value is `mantissa * 10^exp10` for decimal forms and an exact
 * integer for binary ones.
 */

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|([eE][+-]?\d+))?$/;

/** An exact decimal: value = m * 10^e. */
interface Dec {
  m: bigint;
  e: number;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parses the numeric part `1.25` to 125 * 10^-2. */
function parseNumber(s: string): Dec {
  let sign = 1n;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1n;
    s = s.slice(1);
  }
  const [int, frac = ''] = s.split('.');
  return { m: sign * BigInt((int || '0') + frac || '0'), e: -frac.length };
}

/** Rounds a decimal up (towards +infinity) to at most 3 fractional digits (RoundUp(-3)). */
function roundUpMilli(d: Dec): Dec {
  if (d.e >= -3) return d;
  const div = pow10(-3 - d.e);
  let q = d.m / div;
  if (d.m % div !== 0n && d.m > 0n) q += 1n;
  return { m: q, e: -3 };
}

/** Removes trailing zero factors: 1500 * 10^0 -> 15 * 10^2. */
function normalize(d: Dec): Dec {
  if (d.m === 0n) return { m: 0n, e: 0 };
  let { m, e } = d;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { m, e };
}

/** Parses a quantity; undefined when it is not one. */
function parse(q: string): { value: Dec; format: Format } | undefined {
  const match = QUANTITY_RE.exec(q.trim());
  if (!match) return undefined;
  const num = parseNumber(match[1]);
  if (match[2] && BINARY_EXP[match[2]] !== undefined) {
    // Binary suffixes multiply by 2^n: keep it exact as a decimal with the factor folded in.
    const factor = 2n ** BigInt(BINARY_EXP[match[2]]);
    return { value: { m: num.m * factor, e: num.e }, format: 'BinarySI' };
  }
  if (match[3]) return { value: { m: num.m, e: num.e + Number(match[3].slice(1)) }, format: 'DecimalExponent' };
  return { value: { m: num.m, e: num.e + DECIMAL_EXP[match[2] ?? ''] }, format: 'DecimalSI' };
}

const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Decimal canonical form: an integer mantissa with an exponent that is a multiple of 3. */
function decimalString(d: Dec, format: Format): string {
  let { m, e } = normalize(d);
  const r = ((e % 3) + 3) % 3;
  if (r !== 0) {
    m *= pow10(r);
    e -= r;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  const suffix = DECIMAL_SUFFIX[e];
  // Beyond E (10^18) or below n the API server falls back to the exponent form.
  return suffix === undefined ? `${m}e${e}` : `${m}${suffix}`;
}

/**
 * The canonical string of a quantity as the API server returns it, after rounding up to milli
 * precision. Examples: `0.5` -> `500m`, `1536Mi` -> `1536Mi`, `1024Mi` -> `1Gi`, `0.5Ki` -> `512`,
 * `1e3` -> `1e3`, `2000` -> `2k`, `0.0001` -> `1m`. A value that is not a quantity is returned as is
 * (the decoder reports it).
 */
export function canonicalQuantity(q: string | number): string | number {
  const parsed = parse(typeof q === 'number' ? numberText(q) : q);
  if (!parsed) return q;
  const value = roundUpMilli(parsed.value);
  let format = parsed.format;
  if (value.m === 0n) return '0';
  if (format === 'BinarySI') {
    const n = normalize(value);
    const isInteger = n.e >= 0;
    const int = isInteger ? n.m * pow10(n.e) : 0n;
    // Small or fractional binary values are shown in decimal to avoid rounding (quantity.go).
    if (!isInteger || (int > -1024n && int < 1024n)) format = 'DecimalSI';
    else {
      let mant = int;
      let i = 0;
      while (i < BINARY_SUFFIX.length - 1 && mant % 1024n === 0n) {
        mant /= 1024n;
        i++;
      }
      return `${mant}${BINARY_SUFFIX[i]}`;
    }
  }
  return decimalString(value, format);
}

/** A JSON number as Go's decoder hands its text to Quantity.UnmarshalJSON. */
function numberText(n: number): string {
  const s = String(n);
  return s.includes('e') ? s.replace('e+', 'e') : s;
}

/** Canonicalizes every quantity of a ResourceList in place. */
export function canonicalResourceList(list: Record<string, string | number> | undefined | null): void {
  if (!list || typeof list !== 'object') return;
  for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k]);
}
