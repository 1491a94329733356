/**
 * Time as the API shows it: RFC 3339 timestamps in UTC with whole seconds (metav1.Time), the
 * RFC 1123 form `kubectl describe` prints, and apimachinery's HumanDuration for AGE columns.
 */

let lastSecond = NaN;
let lastRfc3339 = '';

/** metav1.Time: `2026-11-27T09:30:00Z` (seconds truncated). */
export function rfc3339(ms: number): string {
  // Most calls in a step format the same second: the last result is kept (a pure function of
  // its input, so it cannot go stale), which also lets the many timestamps share one string.
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastRfc3339;
  const s = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  lastSecond = second;
  lastRfc3339 = s;
  return s;
}

/** metav1.MicroTime: `2026-11-27T09:30:00.123456Z`. */
export function rfc3339Micro(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

let lastParsed = '';
let lastParsedMs = NaN;

/** Parses an RFC 3339 timestamp to ms; NaN when missing or malformed. */
export function parseTime(s: string | undefined | null): number {
  if (!s) return NaN;
  if (s === lastParsed) return lastParsedMs;
  const ms = Date.parse(s);
  lastParsed = s;
  lastParsedMs = ms;
  return ms;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC, as describe prints timestamps: `Tue, 29 Jan 2019 15:27:40 +0000`. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * apimachinery duration.HumanDuration: `45s`, `2m5s`, `12m`, `3h10m`, `9h`, `2d4h`, `30d`, `2y10d`.
 * Up to 2 minutes shows seconds; minutes+seconds below 10 minutes; hours+minutes below 8 hours;
 * days+hours below 8 days; years+days below 8 years.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** The AGE of an object created at `created` (RFC 3339) seen at `now` ms; `<unknown>` if unset. */
export function age(created: string | undefined, now: number): string {
  const t = parseTime(created);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/**
 * Go's time.Duration.String() for event messages (`2.841s`, `512ms`, `1m3.5s`), from ms.
 * Values below a second print in ms; others as seconds with trailing zeros trimmed.
 */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${trimFloat(ms)}ms`;
  const totalSec = ms / 1000;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec - h * 3600) / 60);
  const s = totalSec - h * 3600 - m * 60;
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  out += `${trimFloat(Math.round(s * 1000) / 1000)}s`;
  return out;
}

function trimFloat(n: number): string {
  return String(Number(n.toFixed(9)));
}
