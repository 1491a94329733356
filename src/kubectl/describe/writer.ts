/**
 * describe's output machinery (kubectl pkg/describe/describe.go): a PrefixWriter that indents by
 * two spaces per level into a text/tabwriter (minwidth 0, tabwidth 8, padding 2), and the shared
 * pieces every describer prints: labels, annotations (long ones folded and cut at 140 characters),
 * taints, tolerations, events ("2m (x3 over 5m)"), and timestamps in RFC 1123Z.
 */
import { TabWriter } from '../printers/tabwriter';
import { escapeTerminal } from '../printers/tables';
import { humanDuration, parseTime, rfc1123z } from '../../engine/api/time';
import type { KObject } from '../../engine/api/types';

/** Levels of indentation (two spaces each). */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** Writes indented text into describe's tabwriter. */
export class PrefixWriter {
  private out = '';
  private readonly tw: TabWriter;

  /** Creates a writer with describe's tabwriter settings. */
  constructor() {
    this.tw = TabWriter.forDescribe((s) => (this.out += s));
  }

  /** Writes `text` at an indentation level (the text carries its own tabs and newlines). */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** fmt.Sprintln of one value: the text and a newline, no indentation. */
  writeLine(text = ''): void {
    this.tw.write(escapeTerminal(text + '\n'));
  }

  /** Flushes the tabwriter (aligns what was written so far on its own). */
  flush(): void {
    this.tw.flush();
  }

  /** Flushes and returns everything written. */
  toString(): string {
    this.tw.flush();
    return this.out;
  }
}

/** Runs a describer body and returns its aligned text (tabbedString). */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.toString();
}

/** time.Time.Format(time.RFC1123Z) of an RFC 3339 timestamp; Go's zero time when unset. */
export function rfc1123(ts: string | undefined | null): string {
  const t = parseTime(ts ?? undefined);
  return Number.isNaN(t) ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123z(t);
}

/** translateTimestampSince: HumanDuration since a timestamp, `<unknown>` when unset. */
export function since(ts: string | undefined | null, now: number): string {
  const t = parseTime(ts ?? undefined);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

/** The annotation kubectl apply stores: never shown by describe. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printAnnotationsMultiline: long or multi-line values fold under the key, cut at 138 characters + "...". */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (!keys.length) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i) w.write(LEVEL_0, indent);
    const value = annotations![key].replace(/\n$/, '');
    // Lengths are bytes in Go; UTF-8 length here.
    const byteLen = (s: string) => new TextEncoder().encode(s).length;
    if (byteLen(value) + byteLen(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${key}: ${value}\n`);
  });
}

function shorten(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length > max) return new TextDecoder().decode(bytes.slice(0, max)) + '...';
  return s;
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`. */
export function taintString(t: { key: string; value?: string; effect?: string }): string {
  const kv = t.value ? `${t.key}=${t.value}` : t.key;
  return t.effect ? `${kv}:${t.effect}` : kv;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Array<{ key: string; value?: string; effect?: string }> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const list = [...(taints ?? [])];
  if (!list.length) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: { key: string; effect?: string }) => `${t.effect ?? ''},${t.key}`;
  list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  list.forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** One toleration. */
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent: sorted by key; `op=Exists`, ` for 300s`. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])];
  if (!list.length) {
    w.writeLine('<none>');
    return;
  }
  // sort.Slice by key (not stable in Go; stable here: equal keys keep the spec's order).
  list.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  list.forEach((t, i) => {
    if (i) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** The time events sort by (kubectl pkg/util/event SortableEvents). */
function eventSortTime(e: KObject): number {
  if (e.series) return parseTime(e.series.lastObservedTime);
  if (e.lastTimestamp) return parseTime(e.lastTimestamp);
  return parseTime(e.eventTime);
}

/** DescribeEvents: the Events table, oldest first, with "10m (x3 over 25m)" ages. */
export function describeEvents(events: KObject[], w: PrefixWriter, now: number): void {
  if (!events.length) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = events
    .map((e, i) => ({ e, i, t: eventSortTime(e) }))
    .sort((a, b) => (a.t !== b.t ? (Number.isNaN(a.t) ? -1 : Number.isNaN(b.t) ? 1 : a.t - b.t) : a.i - b.i))
    .map((x) => x.e);
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    let first = since(e.eventTime, now);
    if (!e.eventTime) first = since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}
