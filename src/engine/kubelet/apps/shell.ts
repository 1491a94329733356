/**
 * A POSIX-shell subset for `sh -c` scripts and `kubectl exec`: lists (`;`, `&&`, `||`, newlines),
 * pipes, redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `&>`), quoting, `$VAR`/`${VAR}`/`$?`/`$1`,
 * `$(...)` and backticks, `$((...))` arithmetic, `while`/`until`/`for`/`if`, `{ }` and `( )`,
 * the usual builtins (echo, printf, cd, export, exit, test/[, exec, trap, read, wait, ...).
 *
 * Execution is a generator: commands run instantly, and `sleep` (or a server taking over the
 * process) yields, so a script's effects get simulated timestamps without any timer per line.
 * `cmd &` runs like `cmd;` (no background jobs).
 */
import { normalizePath } from './fs';
import type { Proc, ProgramResult, Yield } from './process';

// ---------------------------------------------------------------------------------------------
// Syntax

/** A piece of a word before expansion. */
export type WordPart =
  | { k: 'lit'; v: string; q: boolean }
  | { k: 'var'; v: string; q: boolean; op?: { kind: string; word: Word } }
  | { k: 'cmd'; v: Node; q: boolean }
  | { k: 'arith'; v: string; q: boolean };

/** A shell word: its parts concatenate. */
export type Word = WordPart[];

/** A redirection. */
export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '&>';
  target: Word;
}

/** A node of the syntax tree. */
export type Node =
  | { t: 'list'; items: Node[] }
  | { t: 'and' | 'or'; left: Node; right: Node }
  | { t: 'not'; node: Node }
  | { t: 'pipe'; cmds: Node[] }
  | { t: 'cmd'; assigns: Array<[string, Word]>; words: Word[]; redirs: Redir[] }
  | { t: 'while' | 'until'; cond: Node; body: Node; redirs: Redir[] }
  | { t: 'for'; name: string; items: Word[] | null; body: Node; redirs: Redir[] }
  | { t: 'if'; clauses: Array<{ cond: Node; body: Node }>; otherwise?: Node; redirs: Redir[] }
  | { t: 'group'; body: Node; subshell: boolean; redirs: Redir[] };

/** A syntax error, worded as the shell reports it. */
export class ShellSyntaxError extends Error {}

type Tok = { k: 'word'; w: Word; raw: string } | { k: 'op'; v: string } | { k: 'nl' } | { k: 'eof' };

const OPS = ['&&', '||', ';;', '>>', '&>', '>&', ';', '&', '|', '(', ')', '<', '>'];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      toks.push({ k: 'nl' });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    // fd-prefixed redirections: 2>, 2>>, 2>&1, 1>
    const fdm = /^(\d)(>>|>&|>|<)/.exec(src.slice(i, i + 4));
    if (fdm) {
      toks.push({ k: 'op', v: fdm[1] + fdm[2] });
      i += fdm[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      toks.push({ k: 'op', v: op });
      i += op.length;
      continue;
    }
    const [w, raw, next] = lexWord(src, i);
    toks.push({ k: 'word', w, raw });
    i = next;
  }
  toks.push({ k: 'eof' });
  return toks;
}

function isWordEnd(c: string): boolean {
  return ' \t\r\n;&|()<>'.includes(c);
}

/** Reads one word starting at i; returns [parts, raw text, next index]. */
function lexWord(src: string, start: number): [Word, string, number] {
  const parts: Word = [];
  let i = start;
  let lit = '';
  const flush = (q: boolean) => {
    if (lit) parts.push({ k: 'lit', v: lit, q });
    lit = '';
  };
  while (i < src.length && !isWordEnd(src[i])) {
    const c = src[i];
    if (c === "'") {
      flush(false);
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('Unterminated quoted string');
      parts.push({ k: 'lit', v: src.slice(i + 1, end), q: true });
      i = end + 1;
    } else if (c === '"') {
      flush(false);
      i = lexDouble(src, i + 1, parts);
    } else if (c === '\\') {
      lit += src[i + 1] ?? '';
      flush(true);
      i += 2;
    } else if (c === '$' || c === '`') {
      flush(false);
      i = lexDollar(src, i, parts, false);
    } else {
      lit += c;
      i++;
    }
  }
  flush(false);
  return [parts, src.slice(start, i), i];
}

function lexDouble(src: string, i: number, parts: Word): number {
  let lit = '';
  const flush = () => {
    if (lit) parts.push({ k: 'lit', v: lit, q: true });
    lit = '';
  };
  let sawAny = false;
  while (i < src.length && src[i] !== '"') {
    const c = src[i];
    if (c === '\\' && '$`"\\\n'.includes(src[i + 1] ?? '')) {
      if (src[i + 1] !== '\n') lit += src[i + 1];
      i += 2;
    } else if (c === '$' || c === '`') {
      flush();
      i = lexDollar(src, i, parts, true);
      sawAny = true;
    } else {
      lit += c;
      i++;
    }
  }
  if (src[i] !== '"') throw new ShellSyntaxError('Unterminated quoted string');
  if (lit || !sawAny) parts.push({ k: 'lit', v: lit, q: true });
  return i + 1;
}

function matchParen(src: string, i: number, open: string, close: string): number {
  let depth = 0;
  let q: string | undefined;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"') j++;
      continue;
    }
    if (c === "'" || c === '"') q = c;
    else if (c === '\\') j++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j;
  }
  throw new ShellSyntaxError(`Missing '${close}'`);
}

function lexDollar(src: string, i: number, parts: Word, q: boolean): number {
  if (src[i] === '`') {
    const end = src.indexOf('`', i + 1);
    if (end < 0) throw new ShellSyntaxError('Missing \'`\'');
    parts.push({ k: 'cmd', v: parseScript(src.slice(i + 1, end)), q });
    return end + 1;
  }
  const next = src[i + 1];
  if (next === '(' && src[i + 2] === '(') {
    const end = matchParen(src, i + 1, '(', ')');
    parts.push({ k: 'arith', v: src.slice(i + 3, end - 1), q });
    return end + 1;
  }
  if (next === '(') {
    const end = matchParen(src, i + 1, '(', ')');
    parts.push({ k: 'cmd', v: parseScript(src.slice(i + 2, end)), q });
    return end + 1;
  }
  if (next === '{') {
    const end = matchParen(src, i + 1, '{', '}');
    const inner = src.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!-])(:?[-=+?])?(.*)$/s.exec(inner);
    if (!m) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
    if (m[2]) {
      const [w] = lexWord(m[3].replace(/ /g, '\\ '), 0);
      parts.push({ k: 'var', v: m[1], q, op: { kind: m[2], word: w } });
    } else if (m[3]) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
    else parts.push({ k: 'var', v: m[1], q });
    return end + 1;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?#$@*!-])/.exec(src.slice(i + 1));
  if (!m) {
    parts.push({ k: 'lit', v: '$', q });
    return i + 1;
  }
  parts.push({ k: 'var', v: m[1], q });
  return i + 1 + m[1].length;
}

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'while', 'until', 'do', 'done', 'for', 'in', '{', '}', '!']);

class Parser {
  private p = 0;
  constructor(private toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.p];
  }

  private reserved(): string | undefined {
    const t = this.peek();
    if (t.k !== 'word') return undefined;
    if (t.w.length === 1 && t.w[0].k === 'lit' && !t.w[0].q && RESERVED.has(t.w[0].v)) return t.w[0].v;
    return undefined;
  }

  private skipNl(): void {
    while (this.peek().k === 'nl') this.p++;
  }

  private expectWord(v: string): void {
    this.skipNl();
    if (this.reserved() !== v) throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()} (expecting "${v}")`);
    this.p++;
  }

  private describe(): string {
    const t = this.peek();
    if (t.k === 'eof') return 'end of file';
    if (t.k === 'nl') return 'newline';
    if (t.k === 'op') return `"${t.v}"`;
    return `"${t.raw}"`;
  }

  parseAll(): Node {
    const n = this.list(new Set());
    if (this.peek().k !== 'eof') throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()}`);
    return n;
  }

  /** A list up to one of the terminator words (or `)` / eof). */
  list(stop: Set<string>): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (t.k === 'eof' || (t.k === 'op' && t.v === ')')) break;
      const r = this.reserved();
      if (r && stop.has(r)) break;
      items.push(this.andOr());
      const s = this.peek();
      if (s.k === 'op' && (s.v === ';' || s.v === '&')) this.p++;
      else if (s.k === 'nl') this.p++;
      else break;
    }
    return { t: 'list', items };
  }

  private andOr(): Node {
    let left = this.pipeline();
    for (;;) {
      const t = this.peek();
      if (t.k === 'op' && (t.v === '&&' || t.v === '||')) {
        this.p++;
        this.skipNl();
        const right = this.pipeline();
        left = { t: t.v === '&&' ? 'and' : 'or', left, right };
      } else return left;
    }
  }

  private pipeline(): Node {
    let negate = false;
    if (this.reserved() === '!') {
      this.p++;
      negate = true;
    }
    const cmds = [this.command()];
    while (this.peek().k === 'op' && (this.peek() as { v: string }).v === '|') {
      this.p++;
      this.skipNl();
      cmds.push(this.command());
    }
    const node: Node = cmds.length === 1 ? cmds[0] : { t: 'pipe', cmds };
    return negate ? { t: 'not', node } : node;
  }

  private command(): Node {
    const r = this.reserved();
    if (r === 'while' || r === 'until') {
      this.p++;
      const cond = this.list(new Set(['do']));
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { t: r, cond, body, redirs: this.redirs() };
    }
    if (r === 'for') {
      this.p++;
      const nameTok = this.peek();
      if (nameTok.k !== 'word') throw new ShellSyntaxError(`syntax error: bad for loop variable`);
      this.p++;
      let items: Word[] | null = null;
      this.skipNl();
      if (this.reserved() === 'in') {
        this.p++;
        items = [];
        while (this.peek().k === 'word' && this.reserved() !== 'do') {
          items.push((this.peek() as { w: Word }).w);
          this.p++;
        }
        const s = this.peek();
        if (s.k === 'op' && s.v === ';') this.p++;
      } else {
        const s = this.peek();
        if (s.k === 'op' && s.v === ';') this.p++;
      }
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { t: 'for', name: nameTok.raw, items, body, redirs: this.redirs() };
    }
    if (r === 'if') {
      this.p++;
      const clauses: Array<{ cond: Node; body: Node }> = [];
      let otherwise: Node | undefined;
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      clauses.push({ cond, body: this.list(new Set(['elif', 'else', 'fi'])) });
      for (;;) {
        this.skipNl();
        const w = this.reserved();
        if (w === 'elif') {
          this.p++;
          const c = this.list(new Set(['then']));
          this.expectWord('then');
          clauses.push({ cond: c, body: this.list(new Set(['elif', 'else', 'fi'])) });
        } else if (w === 'else') {
          this.p++;
          otherwise = this.list(new Set(['fi']));
        } else break;
      }
      this.expectWord('fi');
      return { t: 'if', clauses, otherwise, redirs: this.redirs() };
    }
    if (r === '{') {
      this.p++;
      const body = this.list(new Set(['}']));
      this.expectWord('}');
      return { t: 'group', body, subshell: false, redirs: this.redirs() };
    }
    const t = this.peek();
    if (t.k === 'op' && t.v === '(') {
      this.p++;
      const body = this.list(new Set());
      const c = this.peek();
      if (!(c.k === 'op' && c.v === ')')) throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()} (expecting ")")`);
      this.p++;
      return { t: 'group', body, subshell: true, redirs: this.redirs() };
    }
    if (r && ['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'in'].includes(r))
      throw new ShellSyntaxError(`syntax error: unexpected "${r}"`);
    return this.simple();
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const r = this.redir();
      if (!r) return out;
      out.push(r);
    }
  }

  private redir(): Redir | undefined {
    const t = this.peek();
    if (t.k !== 'op') return undefined;
    const m = /^(\d?)(>>|>&|&>|>|<)$/.exec(t.v);
    if (!m) return undefined;
    this.p++;
    const target = this.peek();
    if (target.k !== 'word') throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()}`);
    this.p++;
    const op = m[2] as Redir['op'];
    const fd = m[1] ? Number(m[1]) : op === '<' ? 0 : 1;
    return { fd, op, target: target.w };
  }

  private simple(): Node {
    const assigns: Array<[string, Word]> = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const rd = this.redir();
      if (rd) {
        redirs.push(rd);
        continue;
      }
      const t = this.peek();
      if (t.k !== 'word') break;
      if (!words.length) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
        const first = t.w[0];
        if (m && first?.k === 'lit' && !first.q && first.v.startsWith(m[0])) {
          const rest: Word = [{ ...first, v: first.v.slice(m[0].length) }, ...t.w.slice(1)];
          assigns.push([m[1], rest.filter((p) => !(p.k === 'lit' && p.v === '' && !p.q))]);
          this.p++;
          continue;
        }
      }
      words.push(t.w);
      this.p++;
    }
    if (!words.length && !assigns.length && !redirs.length) throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()}`);
    return { t: 'cmd', assigns, words, redirs };
  }
}

/** Parses a script; throws ShellSyntaxError. */
export function parseScript(src: string): Node {
  return new Parser(lex(src)).parseAll();
}

// ---------------------------------------------------------------------------------------------
// Execution

/** Raised by `exit`: unwinds to the shell's top. */
class ExitSignal {
  constructor(readonly code: number) {}
}

/** A shell's state: variables, positional parameters, last status. */
export interface ShellState {
  vars: Map<string, string>;
  args: string[];
  /** $0 */
  name: string;
  status: number;
  /** How the shell names itself in errors: `sh` (busybox), `sh: 1` (dash), `bash: line 1`. */
  errPrefix: string;
  /** dash and busybox echo interpret backslash escapes; bash's does not without -e. */
  echoEscapes: boolean;
  /** `command not found` (bash) vs `not found`. */
  notFoundWord: string;
}

/** Which flavour of shell a family's `sh` is. */
export function shellFlavour(family: string, argv0: string): Pick<ShellState, 'errPrefix' | 'echoEscapes' | 'notFoundWord'> {
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  if (base === 'bash') return { errPrefix: 'bash: line 1', echoEscapes: false, notFoundWord: 'command not found' };
  if (family === 'debian' || family === 'ubuntu') return { errPrefix: 'sh: 1', echoEscapes: true, notFoundWord: 'not found' };
  if (family === 'oraclelinux') return { errPrefix: 'sh: line 1', echoEscapes: false, notFoundWord: 'command not found' };
  return { errPrefix: 'sh', echoEscapes: true, notFoundWord: 'not found' };
}

/** Runs a parsed script in a shell state; returns the exit status. */
export function* runScript(p: Proc, sh: ShellState, node: Node): ProgramResult {
  try {
    return yield* execNode(p, sh, node);
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    throw e;
  }
}

function* execNode(p: Proc, sh: ShellState, node: Node): ProgramResult {
  switch (node.t) {
    case 'list': {
      let st = 0;
      for (const item of node.items) st = yield* execNode(p, sh, item);
      return st;
    }
    case 'and': {
      const l = yield* execNode(p, sh, node.left);
      if (l !== 0) return l;
      return yield* execNode(p, sh, node.right);
    }
    case 'or': {
      const l = yield* execNode(p, sh, node.left);
      if (l === 0) return 0;
      return yield* execNode(p, sh, node.right);
    }
    case 'not': {
      const st = yield* execNode(p, sh, node.node);
      return (sh.status = st === 0 ? 1 : 0);
    }
    case 'pipe': {
      let input = p.stdin;
      let st = 0;
      for (let i = 0; i < node.cmds.length; i++) {
        const last = i === node.cmds.length - 1;
        let buf = '';
        const child = p.fork({ stdin: input, out: last ? p.out : (s) => (buf += s), pid1: false });
        st = yield* execNode(child, { ...sh, vars: new Map(sh.vars) }, node.cmds[i]);
        input = buf;
      }
      return (sh.status = st);
    }
    case 'while':
    case 'until': {
      return yield* withRedirs(p, sh, node.redirs, function* (q) {
        let st = 0;
        let guard = 0;
        for (;;) {
          const c = yield* execNode(q, sh, node.cond);
          if ((c === 0) !== (node.t === 'while')) break;
          st = yield* execNode(q, sh, node.body);
          // A loop that never sleeps would spin forever at one instant: give it simulated time.
          if (++guard % 10000 === 0) yield { sleep: 1 };
        }
        return (sh.status = st);
      });
    }
    case 'for': {
      return yield* withRedirs(p, sh, node.redirs, function* (q) {
        const items: string[] = [];
        if (node.items) for (const w of node.items) items.push(...(yield* expandWord(q, sh, w)));
        else items.push(...sh.args);
        let st = 0;
        for (const v of items) {
          sh.vars.set(node.name, v);
          st = yield* execNode(q, sh, node.body);
        }
        return (sh.status = st);
      });
    }
    case 'if': {
      return yield* withRedirs(p, sh, node.redirs, function* (q) {
        for (const c of node.clauses) {
          if ((yield* execNode(q, sh, c.cond)) === 0) return (sh.status = yield* execNode(q, sh, c.body));
        }
        return (sh.status = node.otherwise ? yield* execNode(q, sh, node.otherwise) : 0);
      });
    }
    case 'group': {
      return yield* withRedirs(p, sh, node.redirs, function* (q) {
        if (!node.subshell) return yield* execNode(q, sh, node.body);
        const sub: ShellState = { ...sh, vars: new Map(sh.vars), args: [...sh.args] };
        const cwd = q.cwd;
        try {
          return (sh.status = yield* execNode(q.fork({ pid1: false }), sub, node.body));
        } catch (e) {
          if (e instanceof ExitSignal) return (sh.status = e.code);
          throw e;
        } finally {
          q.cwd = cwd;
        }
      });
    }
    case 'cmd':
      return (sh.status = yield* execSimple(p, sh, node));
  }
}

function* withRedirs(p: Proc, sh: ShellState, redirs: Redir[], body: (q: Proc) => ProgramResult): ProgramResult {
  if (!redirs.length) return yield* body(p);
  const q = yield* applyRedirs(p, sh, redirs);
  if (!q) return 1;
  try {
    return yield* body(q.proc);
  } finally {
    q.flush();
  }
}

/** Applies redirections: returns a process whose streams are redirected and a flush function. */
function* applyRedirs(p: Proc, sh: ShellState, redirs: Redir[]): Generator<Yield, { proc: Proc; flush: () => void } | undefined, void> {
  let out = p.out;
  let err = p.err;
  let stdin = p.stdin;
  const files: Array<{ path: string; append: boolean; buf: string[] }> = [];
  for (const r of redirs) {
    const target = (yield* expandWord(p, sh, r.target)).join(' ');
    if (r.op === '>&') {
      if (target === '1' && r.fd === 2) err = out;
      else if (target === '2' && r.fd === 1) out = err;
      continue;
    }
    if (r.op === '<') {
      const path = normalizePath(target, p.cwd);
      const content = p.fs().read(path);
      if (content === undefined) {
        p.err(`${sh.errPrefix}: can't open ${target}: no such file\n`);
        return undefined;
      }
      stdin = content;
      continue;
    }
    if (target === '/dev/null') {
      if (r.op === '&>') out = err = () => {};
      else if (r.fd === 2) err = () => {};
      else out = () => {};
      continue;
    }
    if (target === '/dev/stdout' || target === '/proc/1/fd/1') {
      if (r.fd === 2) err = p.out;
      continue;
    }
    if (target === '/dev/stderr' || target === '/proc/1/fd/2') {
      if (r.fd === 1) out = p.err;
      continue;
    }
    const path = normalizePath(target, p.cwd);
    const fs = p.fs();
    if (fs.isDir(path)) {
      p.err(`${sh.errPrefix}: can't create ${target}: Is a directory\n`);
      return undefined;
    }
    const append = r.op === '>>';
    // The file is created (or truncated) when the redirection is set up, as open(2) does.
    if (!p.writeFile(path, '', append)) {
      p.err(`${sh.errPrefix}: can't create ${target}: nonexistent directory\n`);
      return undefined;
    }
    const f = { path, append: true, buf: [] as string[] };
    files.push(f);
    const sink = (s: string) => {
      p.writeFile(f.path, s, true);
    };
    if (r.op === '&>') out = err = sink;
    else if (r.fd === 2) err = sink;
    else out = sink;
  }
  return { proc: p.fork({ out, err, stdin }), flush: () => {} };
}

/** Expands a word into fields (quote removal, parameter/command/arithmetic expansion, splitting). */
export function* expandWord(p: Proc, sh: ShellState, word: Word): Generator<Yield, string[], void> {
  // Each field is built from pieces; unquoted expansion results are split on whitespace.
  const fields: string[] = [];
  let cur = '';
  let curHas = false;
  let globbable = false;
  const pushSplit = (s: string) => {
    const parts = s.split(/[ \t\n]+/);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) {
        if (curHas || cur) fields.push(cur);
        cur = '';
        curHas = false;
      }
      if (parts[i]) {
        cur += parts[i];
        curHas = true;
      }
    }
  };
  for (const part of word) {
    if (part.k === 'lit') {
      cur += part.v;
      curHas = true;
      if (!part.q && /[*?]/.test(part.v)) globbable = true;
      continue;
    }
    let value: string;
    if (part.k === 'var') {
      if (part.v === '@' && part.q) {
        // "$@": one field per argument.
        sh.args.forEach((a, i) => {
          if (i > 0) {
            fields.push(cur);
            cur = '';
          }
          cur += a;
          curHas = true;
        });
        continue;
      }
      value = yield* paramValue(p, sh, part);
    } else if (part.k === 'cmd') {
      let buf = '';
      const child = p.fork({ out: (s) => (buf += s), pid1: false });
      const sub: ShellState = { ...sh, vars: new Map(sh.vars), args: [...sh.args] };
      try {
        sh.status = yield* execNode(child, sub, part.v);
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        sh.status = e.code;
      }
      value = buf.replace(/\n+$/, '');
    } else {
      value = String(arith(part.v, sh));
    }
    if (part.q) {
      cur += value;
      curHas = true;
    } else pushSplit(value);
  }
  if (curHas || cur) fields.push(cur);
  if (globbable) return fields.flatMap((f) => glob(p, f));
  return fields;
}

function glob(p: Proc, pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  const abs = pattern.startsWith('/');
  const dir = pattern.includes('/') ? pattern.slice(0, pattern.lastIndexOf('/')) || '/' : '.';
  const base = pattern.slice(pattern.lastIndexOf('/') + 1);
  if (/[*?]/.test(dir)) return [pattern];
  const names = p.fs().list(normalizePath(dir, p.cwd));
  if (!names) return [pattern];
  const re = new RegExp('^' + base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  const hits = names.filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.')));
  if (!hits.length) return [pattern];
  const prefix = dir === '.' && !abs ? '' : dir === '/' ? '/' : dir + '/';
  return hits.map((h) => prefix + h);
}

function* paramValue(p: Proc, sh: ShellState, part: Extract<WordPart, { k: 'var' }>): Generator<Yield, string, void> {
  const name = part.v;
  let v: string | undefined;
  if (name === '?') v = String(sh.status);
  else if (name === '#') v = String(sh.args.length);
  else if (name === '@' || name === '*') v = sh.args.join(' ');
  else if (name === '$') v = '1';
  else if (name === '!') v = '';
  else if (name === '-') v = '';
  else if (/^[0-9]+$/.test(name)) v = name === '0' ? sh.name : sh.args[Number(name) - 1];
  else v = sh.vars.get(name);
  if (part.op) {
    const colon = part.op.kind.startsWith(':');
    const kind = part.op.kind.slice(-1);
    const unset = v === undefined || (colon && v === '');
    if (kind === '-' && unset) v = (yield* expandWord(p, sh, part.op.word)).join(' ');
    else if (kind === '=' && unset) {
      v = (yield* expandWord(p, sh, part.op.word)).join(' ');
      sh.vars.set(name, v);
    } else if (kind === '+') v = unset ? '' : (yield* expandWord(p, sh, part.op.word)).join(' ');
    else if (kind === '?' && unset) {
      p.err(`${sh.errPrefix}: ${name}: ${(yield* expandWord(p, sh, part.op.word)).join(' ') || 'parameter not set'}\n`);
      throw new ExitSignal(1);
    }
  }
  return v ?? '';
}

/** Evaluates `$(( ))` arithmetic: integers, + - * / %, comparisons, && ||, !, parentheses, variables. */
export function arith(expr: string, sh: Pick<ShellState, 'vars'>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|&&|\|\||==|!=|<=|>=|[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const num = (t: string): number => {
    if (/^\d+$/.test(t)) return Number(t);
    const v = sh.vars.get(t.replace(/^\$/, ''));
    return v === undefined || v === '' ? 0 : Math.trunc(Number(v)) || 0;
  };
  const primary = (): number => {
    const t = toks[i++];
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === undefined) return 0;
    return num(t);
  };
  const mul = (): number => {
    let v = primary();
    while (['*', '/', '%'].includes(toks[i])) {
      const op = toks[i++];
      const r = primary();
      if (op === '*') v = Math.imul(v, r);
      else if (r === 0) throw new ShellSyntaxError('arithmetic syntax error: division by zero');
      else v = op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (toks[i] === '+' || toks[i] === '-') v = toks[i++] === '+' ? v + mul() : v - mul();
    return v;
  };
  const cmp = (): number => {
    let v = add();
    while (['<', '>', '<=', '>=', '==', '!='].includes(toks[i])) {
      const op = toks[i++];
      const r = add();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
    return v;
  };
  const and = (): number => {
    let v = cmp();
    while (toks[i] === '&&') {
      i++;
      const r = cmp();
      v = Number(!!v && !!r);
    }
    return v;
  };
  function or(): number {
    let v = and();
    while (toks[i] === '||') {
      i++;
      const r = and();
      v = Number(!!v || !!r);
    }
    return v;
  }
  return or();
}

function* execSimple(p: Proc, sh: ShellState, node: Extract<Node, { t: 'cmd' }>): ProgramResult {
  const argv: string[] = [];
  for (const w of node.words) argv.push(...(yield* expandWord(p, sh, w)));
  const assigned: Array<[string, string]> = [];
  for (const [name, w] of node.assigns) assigned.push([name, (yield* expandWord(p, sh, w)).join(' ')]);
  if (!argv.length) {
    for (const [k, v] of assigned) sh.vars.set(k, v);
    if (node.redirs.length) {
      const r = yield* applyRedirs(p, sh, node.redirs);
      r?.flush();
      return r ? 0 : 1;
    }
    return sh.status;
  }
  let q = p;
  let flush = () => {};
  if (node.redirs.length) {
    const r = yield* applyRedirs(p, sh, node.redirs);
    if (!r) return 1;
    q = r.proc;
    flush = r.flush;
  }
  try {
    const builtin = BUILTINS[argv[0]];
    if (builtin) return yield* builtin(q, sh, argv);
    // Prefix assignments (`FOO=1 cmd`) go to the command's environment only.
    const env = new Map(sh.vars);
    for (const [k, v] of assigned) env.set(k, v);
    return yield* q.spawn(argv, env, sh);
  } finally {
    flush();
  }
}

type Builtin = (p: Proc, sh: ShellState, argv: string[]) => ProgramResult;

/** `echo` as busybox/dash implement it (escapes interpreted; -n, -e, -E). */
export function echoText(args: string[], escapes: boolean): string {
  let newline = true;
  let esc = escapes;
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i])) {
    for (const f of args[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') esc = true;
      else esc = false;
    }
    i++;
  }
  let text = args.slice(i).join(' ');
  if (esc) {
    const stop = text.indexOf('\\c');
    if (stop >= 0) {
      text = text.slice(0, stop);
      newline = false;
    }
    text = unescape(text);
  }
  return newline ? text + '\n' : text;
}

function unescape(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, c: string) => {
    if (c[0] === '0') return String.fromCharCode(parseInt(c.slice(1) || '0', 8));
    if (c[0] === 'x') return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' } as Record<string, string>)[c] ?? `\\${c}`;
  });
}

/** A small printf: %s %d %i %x %o %c %%, widths, and backslash escapes in the format. */
export function printfText(args: string[]): string {
  if (!args.length) return '';
  const [fmt, ...rest] = args;
  let out = '';
  let ai = 0;
  do {
    out += unescape(fmt).replace(/%(-?)(\d*)(?:\.(\d+))?([sdixoc%])/g, (_m, left: string, width: string, prec: string, conv: string) => {
      if (conv === '%') return '%';
      const arg = rest[ai++] ?? '';
      let v: string;
      if (conv === 's') v = prec ? arg.slice(0, Number(prec)) : arg;
      else if (conv === 'c') v = arg[0] ?? '';
      else {
        const n = Math.trunc(Number(arg)) || 0;
        v = conv === 'x' ? n.toString(16) : conv === 'o' ? n.toString(8) : String(n);
      }
      const w = Number(width) || 0;
      return left ? v.padEnd(w) : v.padStart(w);
    });
  } while (ai > 0 && ai < rest.length);
  return out;
}

/** `test` / `[`: returns the exit status. */
export function testExpr(p: Proc, args: string[]): number {
  const fs = p.fs();
  const path = (s: string) => normalizePath(s, p.cwd);
  const unary = (op: string, a: string): boolean | undefined => {
    switch (op) {
      case '-e':
        return fs.exists(path(a));
      case '-f':
        return fs.isFile(path(a));
      case '-d':
        return fs.isDir(path(a));
      case '-s':
        return (fs.read(path(a)) ?? '').length > 0;
      case '-r':
      case '-w':
      case '-x':
        return fs.exists(path(a));
      case '-z':
        return a === '';
      case '-n':
        return a !== '';
      default:
        return undefined;
    }
  };
  const binary = (a: string, op: string, b: string): boolean | undefined => {
    const na = Number(a);
    const nb = Number(b);
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '-eq':
        return na === nb;
      case '-ne':
        return na !== nb;
      case '-lt':
        return na < nb;
      case '-le':
        return na <= nb;
      case '-gt':
        return na > nb;
      case '-ge':
        return na >= nb;
      default:
        return undefined;
    }
  };
  const evalAt = (xs: string[]): boolean => {
    const oi = xs.indexOf('-o');
    if (oi > 0) return evalAt(xs.slice(0, oi)) || evalAt(xs.slice(oi + 1));
    const ai = xs.indexOf('-a');
    if (ai > 0) return evalAt(xs.slice(0, ai)) && evalAt(xs.slice(ai + 1));
    if (xs[0] === '!') return !evalAt(xs.slice(1));
    if (xs.length === 0) return false;
    if (xs.length === 1) return xs[0] !== '';
    if (xs.length === 2) return unary(xs[0], xs[1]) ?? false;
    if (xs.length === 3) return binary(xs[0], xs[1], xs[2]) ?? false;
    return false;
  };
  return evalAt(args) ? 0 : 1;
}

const BUILTINS: Record<string, Builtin> = {
  // eslint-disable-next-line require-yield
  *':'() {
    return 0;
  },
  // eslint-disable-next-line require-yield
  *true() {
    return 0;
  },
  // eslint-disable-next-line require-yield
  *false() {
    return 1;
  },
  // eslint-disable-next-line require-yield
  *echo(p, sh, argv) {
    p.out(echoText(argv.slice(1), sh.echoEscapes));
    return 0;
  },
  // eslint-disable-next-line require-yield
  *printf(p, _sh, argv) {
    p.out(printfText(argv.slice(1)));
    return 0;
  },
  // eslint-disable-next-line require-yield
  *exit(_p, sh, argv) {
    const code = argv[1] === undefined ? sh.status : Number(argv[1]) & 255;
    throw new ExitSignal(Number.isNaN(code) ? 2 : code);
  },
  // eslint-disable-next-line require-yield
  *cd(p, sh, argv) {
    const target = normalizePath(argv[1] ?? sh.vars.get('HOME') ?? '/', p.cwd);
    if (!p.fs().isDir(target)) {
      p.err(`${sh.errPrefix}: cd: can't cd to ${argv[1]}: No such file or directory\n`);
      return 2;
    }
    p.cwd = target;
    sh.vars.set('PWD', target);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *pwd(p) {
    p.out(p.cwd + '\n');
    return 0;
  },
  // eslint-disable-next-line require-yield
  *export(_p, sh, argv) {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq > 0) sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return 0;
  },
  // eslint-disable-next-line require-yield
  *unset(_p, sh, argv) {
    for (const a of argv.slice(1)) sh.vars.delete(a);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *shift(_p, sh, argv) {
    sh.args = sh.args.slice(Number(argv[1] ?? 1));
    return 0;
  },
  // eslint-disable-next-line require-yield
  *set(_p, sh, argv) {
    const i = argv.indexOf('--');
    if (i >= 0) sh.args = argv.slice(i + 1);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *trap() {
    // A trap runs only after the foreground command ends; the foreground command here is always
    // a sleep or a server, so SIGTERM still waits for the grace period, as on a real shell.
    return 0;
  },
  // eslint-disable-next-line require-yield
  *wait() {
    return 0;
  },
  // eslint-disable-next-line require-yield
  *read(p, sh, argv) {
    const line = p.stdin.split('\n')[0];
    if (!p.stdin) return 1;
    p.stdin = p.stdin.slice(line.length + 1);
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const parts = line.trim().split(/\s+/);
    names.forEach((n, i) => sh.vars.set(n, i === names.length - 1 ? parts.slice(i).join(' ') : (parts[i] ?? '')));
    return 0;
  },
  // eslint-disable-next-line require-yield
  *test(p, _sh, argv) {
    return testExpr(p, argv.slice(1));
  },
  // eslint-disable-next-line require-yield
  *'['(p, sh, argv) {
    if (argv[argv.length - 1] !== ']') {
      p.err(`${sh.errPrefix}: [: missing ]\n`);
      return 2;
    }
    return testExpr(p, argv.slice(1, -1));
  },
  // eslint-disable-next-line require-yield
  *command(p, sh, argv) {
    if (argv[1] === '-v') {
      const name = argv[2] ?? '';
      if (BUILTINS[name]) {
        p.out(name + '\n');
        return 0;
      }
      const path = p.which(name);
      if (path) {
        p.out(path + '\n');
        return 0;
      }
      return 1;
    }
    return yield* p.spawn(argv.slice(1), new Map(sh.vars), sh);
  },
  *exec(p, sh, argv) {
    if (argv.length < 2) return 0;
    // exec replaces the shell: the command becomes this process (PID 1 stays PID 1), and the
    // shell never continues after it.
    const code = yield* p.fork({ pid1: p.pid1 }).spawn(argv.slice(1), new Map(sh.vars), sh, true);
    throw new ExitSignal(code);
  },
};

/** Whether a name is a shell builtin. */
export function isBuiltin(name: string): boolean {
  return name in BUILTINS;
}
