/**
 * Label selectors: kubectl's `-l` syntax and metav1.LabelSelector, parsed to one list of
 * requirements, matched against labels and printed as apimachinery prints them.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** One requirement of a selector. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';
  values: string[];
}

/** A parsed selector: all requirements must hold. An empty list matches everything. */
export type Selector = Requirement[];

/** A label map. */
export type Labels = Record<string, string> | undefined;

/** Whether labels satisfy a selector. */
export function matches(sel: Selector, labels: Labels): boolean {
  for (const r of sel) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has) return false;
        const n = Number(v);
        if (!Number.isInteger(n)) return false;
        const bound = Number(r.values[0]);
        if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** Thrown for a selector string kubectl would reject; the message is apimachinery's. */
export class SelectorParseError extends Error {}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Parses the string form (`app=web,tier!=db,env in (prod,qa),!legacy,release`), as
 * labels.Parse does; throws SelectorParseError on bad syntax.
 */
export function parseSelector(text: string): Selector {
  const s = text.trim();
  if (s === '') return [];
  const out: Requirement[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readIdent = () => {
    skipWs();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_./-]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    let op: Requirement['op'] | undefined;
    if (s[i] === '!') {
      i++;
      const key = readIdent();
      validateKey(key);
      out.push({ key, op: '!', values: [] });
    } else {
      const key = readIdent();
      if (!key) throw new SelectorParseError(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
      validateKey(key);
      skipWs();
      const rest = s.slice(i);
      let values: string[] = [];
      if (rest.startsWith('==')) {
        op = '==';
        i += 2;
      } else if (rest.startsWith('!=')) {
        op = '!=';
        i += 2;
      } else if (rest.startsWith('=')) {
        op = '=';
        i += 1;
      } else if (/^in\s*\(/.test(rest)) {
        op = 'in';
        i += 2;
      } else if (/^notin\s*\(/.test(rest)) {
        op = 'notin';
        i += 5;
      } else if (rest.startsWith('>')) {
        op = 'gt';
        i += 1;
      } else if (rest.startsWith('<')) {
        op = 'lt';
        i += 1;
      } else if (rest === '' || rest.startsWith(',')) {
        op = 'exists';
      } else {
        throw new SelectorParseError(`unable to parse requirement: found '${rest.split(/[\s,]/)[0]}', expected: in, notin, =, ==, !=, gt, lt`);
      }
      if (op === 'in' || op === 'notin') {
        skipWs();
        if (s[i] !== '(') throw new SelectorParseError(`found '${s[i] ?? ''}', expected: '('`);
        i++;
        const close = s.indexOf(')', i);
        if (close < 0) throw new SelectorParseError(`found '', expected: ')'`);
        values = s
          .slice(i, close)
          .split(',')
          .map((x) => x.trim());
        i = close + 1;
        for (const v of values) validateValue(v);
      } else if (op !== 'exists') {
        const v = readIdent();
        validateValue(v);
        values = [v];
        if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(v))
          throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      out.push({ key, op, values });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorParseError(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
      skipWs();
      if (i >= s.length) throw new SelectorParseError(`found '', expected: identifier after ','`);
    }
  }
  return out;
}

function validateKey(key: string): void {
  if (!KEY_RE.test(key) || key.split('/').pop()!.length > 63)
    throw new SelectorParseError(
      `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
}

function validateValue(v: string): void {
  if (v !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v))
    throw new SelectorParseError(
      `unable to parse requirement: <nil>: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
}

/** Converts a metav1.LabelSelector (matchLabels + matchExpressions) to requirements. */
export function fromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (!ls) return [];
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) out.push({ key, op: '=', values: [value] });
  for (const e of ls.matchExpressions ?? []) {
    const values = [...(e.values ?? [])];
    switch (e.operator) {
      case 'In':
        out.push({ key: e.key, op: 'in', values });
        break;
      case 'NotIn':
        out.push({ key: e.key, op: 'notin', values });
        break;
      case 'Exists':
        out.push({ key: e.key, op: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        out.push({ key: e.key, op: '!', values: [] });
        break;
    }
  }
  return out;
}

/** Converts an equality map selector (Services, ReplicationControllers) to requirements. */
export function fromMap(m: Record<string, string> | undefined | null): Selector {
  return Object.entries(m ?? {}).map(([key, value]) => ({ key, op: '=' as const, values: [value] }));
}

/**
 * Prints a selector as labels.Selector.String() does: requirements sorted by key, values sorted,
 * `key=value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`.
 */
export function formatSelector(sel: Selector): string {
  if (sel.length === 0) return '';
  const sorted = [...sel].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted
    .map((r) => {
      const vals = [...r.values].sort();
      switch (r.op) {
        case '=':
        case '==':
          return `${r.key}=${vals[0]}`;
        case '!=':
          return `${r.key}!=${vals[0]}`;
        case 'in':
          return `${r.key} in (${vals.join(',')})`;
        case 'notin':
          return `${r.key} notin (${vals.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${vals[0]}`;
        case 'lt':
          return `${r.key}<${vals[0]}`;
      }
    })
    .join(',');
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector, `<error>` if it cannot convert. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  const s = formatSelector(fromLabelSelector(ls));
  return s === '' ? '<none>' : s;
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** The equality requirements of a selector (used to pick a label index to scan). */
export function equalityPairs(sel: Selector): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const r of sel) if ((r.op === '=' || r.op === '==' || (r.op === 'in' && r.values.length === 1)) && r.values.length) out.push([r.key, r.values[0]]);
  return out;
}
