/**
 * YAML exactly as kubectl prints it: sigs.k8s.io/yaml marshals the object to JSON, reads that back
 * into generic maps and emits it with go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2). Re-expressed here:
 *
 * - map keys sorted with go-yaml's keyList.Less (digit runs compare as numbers: `a2` < `a10`);
 * - block style, 2-space indent, sequences inside mappings not indented (`- image: nginx`);
 * - empty maps and lists as `{}` and `[]`;
 * - a string that would read back as another type is double-quoted: `"true"`, `"0"`, `""`,
 *   `"null"`, `"y"`, `"1.5"`, timestamps like `"2025-03-03T09:00:00Z"` (goyaml.v2 resolve.go);
 * - a string with a newline uses a literal block (`|`, `|-`, `|+`), others are plain, or
 *   single-quoted when the emitter's analysis forbids plain (leading `*`, `: `, ` #`, ...), or
 *   double-quoted with escapes when it holds characters YAML cannot print raw (emitterc.go
 *   yaml_emitter_analyze_scalar);
 * - plain and quoted scalars fold at spaces once the line passes 80 columns (best_width).
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BEST_WIDTH = 80;

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/** go-yaml v2's key order (sorter.go keyList.Less) for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

/** Sorts keys as go-yaml does. */
export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Go's strconv.ParseInt(s, 0, 64) acceptance (decimal, 0x, 0o, 0b, leading-0 octal, `_`). */
function goParsesInt(s: string): boolean {
  return /^[+-]?(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO]?(_?[0-7])+|0|[1-9](_?[0-9])*)$/.test(s);
}

/** Whether go-yaml's resolve would read the plain scalar as a timestamp. */
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(s)
  );
}

/** Whether a string, written unquoted, would read back as a string (goyaml.v2 resolve + isBase60Float). */
export function resolvesToString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return false;
  const c = s[0];
  if (c === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return false;
  } else if (c === '+' || c === '-' || isDigit(c)) {
    if (isTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (goParsesInt(plain)) return false;
    if (YAML_STYLE_FLOAT.test(plain)) return false;
  }
  return !BASE60_FLOAT.test(s);
}

/** YAML's printable set as go-yaml checks it (no tab, no C1 controls, nothing beyond U+FFFF). */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}
const isBreakCp = (cp: number) => cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlankCp = (cp: number | undefined) => cp === 0x20 || cp === 0x09;

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for block context. */
function analyze(value: string): ScalarAnalysis {
  const cps = [...value].map((c) => c.codePointAt(0)!);
  if (cps.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let prevSpace = false;
  let prevBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    const ch = String.fromCodePoint(cp);
    const followedByWs = i + 1 >= cps.length || isBlankCp(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWs) blockIndicators = true;
      else if (ch === '-' && followedByWs) blockIndicators = true;
    } else if (ch === ':' && followedByWs) blockIndicators = true;
    else if (ch === '#' && precededByWs) blockIndicators = true;
    if (!isPrintable(cp)) special = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankCp(cp) || isBreakCp(cp);
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) as go-yaml prints non-integral floats (`0.5`, `1.2345675e+06`). */
export function goFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  // Shortest 'g' switches to the exponent form when the decimal exponent is < -4 or >= 6
  // (strconv/ftoa.go: "if precision was the shortest possible, use precision 6").
  const exp = Number(f.toExponential().split('e')[1]);
  if (exp < -4 || exp >= 6) return expForm(f);
  return String(f);
}

function expForm(f: number): string {
  const [mant, expStr] = f.toExponential().split('e');
  const sign = expStr.startsWith('-') ? '-' : '+';
  const digits = expStr.replace(/^[-+]/, '');
  return `${mant}e${sign}${digits.padStart(2, '0')}`;
}

/** Emits YAML text; tracks the column as go-yaml's emitter does. */
class Emitter {
  out = '';
  column = 0;

  write(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  newline(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** Starts a fresh line at `indent` (no blank line when already at a line start). */
  lineAt(indent: number): void {
    if (this.column > 0) this.newline();
    this.write(' '.repeat(indent));
  }

  /** Writes a scalar string value after an indicator (`key:` or `-`). */
  scalar(s: string, indent: number, simpleKey: boolean, needSpace = true): void {
    const a = analyze(s);
    let style: 'plain' | 'single' | 'double' | 'literal';
    if (s.includes('\n')) style = 'literal';
    else if (resolvesToString(s)) style = 'plain';
    else style = 'double';
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (s.length === 0 && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    const allowBreaks = !simpleKey;
    switch (style) {
      case 'plain':
        return this.plain(s, indent, allowBreaks, needSpace);
      case 'single':
        return this.singleQuoted(s, indent, allowBreaks, needSpace);
      case 'double':
        return this.doubleQuoted(s, indent, allowBreaks, needSpace);
      case 'literal':
        return this.literal(s, indent);
    }
  }

  private plain(s: string, indent: number, allowBreaks: boolean, needSpace: boolean): void {
    const chars = [...s];
    if (chars.length && needSpace) this.write(' ');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') {
          this.newline();
          this.write(' '.repeat(indent));
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
  }

  private singleQuoted(s: string, indent: number, allowBreaks: boolean, needSpace: boolean): void {
    const chars = [...s];
    this.write(needSpace ? " '" : "'");
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.newline();
          this.write(' '.repeat(indent));
        } else this.write(c);
        spaces = true;
      } else {
        if (c === "'") this.write("'");
        this.write(c);
        spaces = false;
      }
    }
    this.write("'");
  }

  private doubleQuoted(s: string, indent: number, allowBreaks: boolean, needSpace: boolean): void {
    const chars = [...s];
    this.write(needSpace ? ' "' : '"');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreakCp(cp) || c === '"' || c === '\\') {
        this.write('\\' + escapeChar(cp));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.newline();
          this.write(' '.repeat(indent));
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.write('"');
  }

  private literal(s: string, indent: number): void {
    let hints = '';
    if (s[0] === ' ' || s[0] === '\n') hints += '2';
    if (!s.endsWith('\n')) hints += '-';
    else if (s.length === 1 || s.endsWith('\n\n')) hints += '+';
    this.write(` |${hints}`);
    const lines = s.split('\n');
    // A trailing newline leaves an empty last element: it is the line break of the last line.
    if (s.endsWith('\n')) lines.pop();
    for (const line of lines) {
      this.newline();
      if (line.length) this.write(' '.repeat(indent) + line);
    }
    if (s.endsWith('\n')) this.newline();
  }
}

function escapeChar(cp: number): string {
  switch (cp) {
    case 0x00:
      return '0';
    case 0x07:
      return 'a';
    case 0x08:
      return 'b';
    case 0x09:
      return 't';
    case 0x0a:
      return 'n';
    case 0x0b:
      return 'v';
    case 0x0c:
      return 'f';
    case 0x0d:
      return 'r';
    case 0x1b:
      return 'e';
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x85:
      return 'N';
    case 0xa0:
      return '_';
    case 0x2028:
      return 'L';
    case 0x2029:
      return 'P';
  }
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return 'x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return 'u' + hex.padStart(4, '0');
  return 'U' + hex.padStart(8, '0');
}

function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object';
}

function scalarText(v: null | boolean | number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloatG(v);
}

function emitValue(e: Emitter, v: Json, scalarIndent: number, needSpace = true): void {
  if (typeof v === 'string') e.scalar(v, scalarIndent, false, needSpace);
  else if (isScalar(v)) e.write((needSpace ? ' ' : '') + scalarText(v as null | boolean | number));
}

function emitMapping(e: Emitter, obj: { [k: string]: Json }, indent: number, inlineFirst: boolean): void {
  const keys = sortYamlKeys(Object.keys(obj).filter((k) => obj[k] !== undefined));
  keys.forEach((k, i) => {
    if (!(i === 0 && inlineFirst)) e.lineAt(indent);
    // Keys are simple keys: never folded, written right at the indentation.
    e.scalar(k, indent + 2, true, false);
    e.write(':');
    emitChild(e, obj[k], indent, true);
  });
}

function emitSequence(e: Emitter, arr: Json[], indent: number, inlineFirst: boolean): void {
  arr.forEach((item, i) => {
    if (!(i === 0 && inlineFirst)) e.lineAt(indent);
    e.write('-');
    emitChild(e, item, indent, false);
  });
}

/** Emits a value after `key:` (inMapping) or `-`, for a parent at `indent`. */
function emitChild(e: Emitter, v: Json, indent: number, inMapping: boolean): void {
  if (Array.isArray(v)) {
    if (!v.length) return e.write(' []');
    if (inMapping) emitSequence(e, v, indent, false);
    else {
      e.write(' ');
      emitSequence(e, v, indent + 2, true);
    }
    return;
  }
  if (v !== null && typeof v === 'object') {
    if (!Object.keys(v).some((k) => v[k] !== undefined)) return e.write(' {}');
    if (inMapping) emitMapping(e, v, indent + 2, false);
    else {
      e.write(' ');
      emitMapping(e, v, indent + 2, true);
    }
    return;
  }
  emitValue(e, v, indent + 2);
}

/** sigs.k8s.io/yaml.Marshal of a JSON value: the text kubectl's YAML printer writes. */
export function toYaml(value: unknown): string {
  const v = JSON.parse(JSON.stringify(value ?? null)) as Json;
  const e = new Emitter();
  if (Array.isArray(v)) {
    if (!v.length) return '[]\n';
    emitSequence(e, v, 0, true);
  } else if (v !== null && typeof v === 'object') {
    if (!Object.keys(v).length) return '{}\n';
    emitMapping(e, v, 0, true);
  } else {
    emitValue(e, v, 0, false);
  }
  if (e.column > 0 || !e.out.endsWith('\n')) e.newline();
  return e.out;
}
