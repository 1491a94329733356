/**
 * The everyday programs of container images, as busybox (busybox, alpine) and GNU coreutils
 * (debian, ubuntu) implement them, with their own error wording: busybox says
 * `cat: can't open '/tmp/healthy': No such file or directory`, coreutils says
 * `cat: /tmp/healthy: No such file or directory`. Network clients (curl, wget, nslookup) go
 * through the container's PodNetwork.
 */
import { KERNEL_VERSION } from '../versions';
import { normalizePath } from './fs';
import { curlCaCertHelp, curlHeaderBlock, curlTlsError, SERVICE_ACCOUNT_CA } from './tls';
import type { CertIssuer, TlsHello } from './types';
import { registerPrograms, type Proc, type Program, type ProgramResult } from './process';
import { echoText, isBuiltin, parseScript, printfText, runScript, shellFlavour, ShellSyntaxError, testExpr, type Node, type ShellState } from './shell';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `date` in the C locale: `Mon Mar  3 09:00:00 UTC 2025`, or with a +FORMAT. */
export function formatDate(ms: number, format?: string): string {
  const d = new Date(ms);
  const spec: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => p2(d.getUTCHours()),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    s: () => String(Math.floor(ms / 1000)),
    N: () => String((ms % 1000) * 1_000_000).padStart(9, '0'),
    Z: () => 'UTC',
    z: () => '+0000',
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    D: () => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
    '%': () => '%',
    n: () => '\n',
    t: () => '\t',
  };
  const fmt = format ?? '%a %b %e %H:%M:%S %Z %Y';
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (spec[c] ? spec[c]() : m));
}

function isBusybox(p: Proc): boolean {
  return p.ctx.image.family === 'busybox' || p.ctx.image.family === 'alpine';
}

function base(argv0: string): string {
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

/** Splits `-abc` style flags from operands (stops at `--`). */
function flags(args: string[]): { f: Set<string>; ops: string[]; opts: Map<string, string> } {
  const f = new Set<string>();
  const ops: string[] = [];
  const opts = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) opts.set(a.slice(2, eq), a.slice(eq + 1));
      else f.add(a.slice(2));
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) for (const c of a.slice(1)) f.add(c);
    else ops.push(a);
  }
  ops.push(...args.slice(i));
  return { f, ops, opts };
}

/** Parses a sleep duration: `30`, `0.5`, `2m`, `1h`, `infinity`; NaN when invalid. */
export function parseSleep(arg: string): number {
  if (arg === 'inf' || arg === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return NaN;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Number(m[1]) * mult * 1000;
}

// eslint-disable-next-line require-yield
function* simple(fn: () => number): ProgramResult {
  return fn();
}

const shell: Program = function* (p, argv) {
  const flavour = shellFlavour(p.ctx.image.family, argv[0]);
  let script: string | undefined;
  let name = argv[0];
  let args: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c') {
      script = argv[i + 1] ?? '';
      name = argv[i + 2] ?? argv[0];
      args = argv.slice(i + 3);
      break;
    }
    if (/^-[a-z]+$/.test(a) && a.includes('c')) {
      script = argv[i + 1] ?? '';
      name = argv[i + 2] ?? argv[0];
      args = argv.slice(i + 3);
      break;
    }
    if (a.startsWith('-')) continue;
    // sh FILE [args]: run a script file.
    const content = p.fs().read(normalizePath(a, p.cwd));
    if (content === undefined) {
      p.err(`${argv[0]}: can't open '${a}': No such file or directory\n`);
      return 2;
    }
    script = content;
    name = a;
    args = argv.slice(i + 1);
    break;
  }
  if (script === undefined) {
    // No -c and no file: read commands from stdin. A container without a TTY has an empty
    // stdin, so `sh` exits at once with status 0 (the classic busybox CrashLoopBackOff).
    script = p.stdin;
    p.stdin = '';
  }
  p.setStopReaction('ignore');
  let node: Node;
  try {
    node = parseScript(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    p.err(`${flavour.errPrefix}: ${e.message}\n`);
    return 2;
  }
  const vars = new Map(p.env);
  if (!vars.has('PWD')) vars.set('PWD', p.cwd);
  const sh: ShellState = { vars, args, name, status: 0, ...flavour };
  // `sh -c 'cmd args'` with a single simple command execs it: the command becomes PID 1.
  const only = node.t === 'list' && node.items.length === 1 ? node.items[0] : undefined;
  const first = only?.t === 'cmd' ? only.words[0] : undefined;
  const literal = first && first.length === 1 && first[0].k === 'lit' ? first[0].v : undefined;
  if (only && only.t === 'cmd' && !only.redirs.length && !only.assigns.length && literal && !isBuiltin(literal)) {
    return yield* runScript(p.fork({ pid1: p.pid1 }), sh, { t: 'list', items: [{ ...only, words: [[{ k: 'lit', v: 'exec', q: true }], ...only.words] }] });
  }
  return yield* runScript(p.fork({ pid1: false }), sh, node);
};

const sleep: Program = function* (p, argv) {
  p.setStopReaction('ignore');
  const args = argv.slice(1);
  if (!args.length) {
    p.err(isBusybox(p) ? 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n' : "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = parseSleep(a);
    if (Number.isNaN(ms)) {
      p.err(isBusybox(p) ? `sleep: invalid number '${a}'\n` : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += ms;
  }
  if (!Number.isFinite(total)) {
    yield { block: true };
    return 0;
  }
  if (p.mode === 'container' && total > 0) yield { sleep: total };
  return 0;
};

const cat: Program = (p, argv) =>
  simple(() => {
    const { ops } = flags(argv.slice(1));
    if (!ops.length) {
      p.out(p.stdin);
      return 0;
    }
    let st = 0;
    for (const f of ops) {
      if (f === '-') {
        p.out(p.stdin);
        continue;
      }
      const path = normalizePath(f, p.cwd);
      const fs = p.fs();
      const c = fs.read(path);
      if (c !== undefined) p.out(c);
      else if (fs.isDir(path)) {
        p.err(isBusybox(p) ? 'cat: read error: Is a directory\n' : `cat: ${f}: Is a directory\n`);
        st = 1;
      } else {
        p.err(isBusybox(p) ? `cat: can't open '${f}': No such file or directory\n` : `cat: ${f}: No such file or directory\n`);
        st = 1;
      }
    }
    return st;
  });

const touch: Program = (p, argv) =>
  simple(() => {
    let st = 0;
    for (const f of flags(argv.slice(1)).ops) {
      const path = normalizePath(f, p.cwd);
      if (p.fs().exists(path)) continue;
      if (!p.writeFile(path, '', true)) {
        p.err(isBusybox(p) ? `touch: ${f}: No such file or directory\n` : `touch: cannot touch '${f}': No such file or directory\n`);
        st = 1;
      }
    }
    return st;
  });

const rm: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const force = f.has('f');
    const rec = f.has('r') || f.has('R') || f.has('recursive');
    let st = 0;
    if (!ops.length && !force) {
      p.err(isBusybox(p) ? 'BusyBox v1.37.0 multi-call binary.\n\nUsage: rm [-irf] FILE...\n' : "rm: missing operand\nTry 'rm --help' for more information.\n");
      return 1;
    }
    for (const o of ops) {
      const path = normalizePath(o, p.cwd);
      const fs = p.fs();
      if (!fs.exists(path)) {
        if (!force) {
          p.err(isBusybox(p) ? `rm: can't remove '${o}': No such file or directory\n` : `rm: cannot remove '${o}': No such file or directory\n`);
          st = 1;
        }
        continue;
      }
      if (fs.isDir(path) && !rec) {
        p.err(isBusybox(p) ? `rm: '${o}' is a directory\n` : `rm: cannot remove '${o}': Is a directory\n`);
        st = 1;
        continue;
      }
      p.removePath(path, rec);
    }
    return st;
  });

const mkdir: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    let st = 0;
    for (const o of ops) {
      const path = normalizePath(o, p.cwd);
      if (p.makeDir(path, f.has('p'))) continue;
      const why = p.fs().exists(path) ? 'File exists' : 'No such file or directory';
      p.err(isBusybox(p) ? `mkdir: can't create directory '${o}': ${why}\n` : `mkdir: cannot create directory '${o}': ${why}\n`);
      st = 1;
    }
    return st;
  });

const rmdir: Program = (p, argv) =>
  simple(() => {
    let st = 0;
    for (const o of flags(argv.slice(1)).ops) {
      const path = normalizePath(o, p.cwd);
      if (!p.fs().isDir(path) || (p.fs().list(path)?.length ?? 0) > 0 || !p.removePath(path, false)) {
        p.err(`rmdir: '${o}': ${p.fs().isDir(path) ? 'Directory not empty' : 'No such file or directory'}\n`);
        st = 1;
      }
    }
    return st;
  });

const ls: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const targets = ops.length ? ops : ['.'];
    let st = 0;
    const all = f.has('a');
    const long = f.has('l');
    const lines: string[] = [];
    const fmt = (name: string, path: string) => {
      if (!long) return name;
      const fs = p.fs();
      const dir = fs.isDir(path);
      const size = dir ? 4096 : (fs.read(path) ?? '').length;
      return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root      ${String(size).padStart(8)} ${formatDate(p.now(), '%b %e %H:%M')} ${name}`;
    };
    targets.forEach((t, idx) => {
      const path = normalizePath(t, p.cwd);
      const fs = p.fs();
      if (fs.isFile(path)) {
        lines.push(fmt(t, path));
        return;
      }
      const names = fs.list(path);
      if (!names) {
        p.err(isBusybox(p) ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`);
        st = isBusybox(p) ? 1 : 2;
        return;
      }
      if (targets.length > 1) lines.push(`${idx ? '\n' : ''}${t}:`);
      const shown = (all ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.'))).map((n) => fmt(n, `${path === '/' ? '' : path}/${n}`));
      if (long) lines.push(`total ${shown.length * 4}`);
      lines.push(...(long || p.mode === 'exec' ? shown : shown));
    });
    if (lines.length) p.out(lines.join('\n') + '\n');
    return st;
  });

const echo: Program = (p, argv) =>
  simple(() => {
    p.out(echoText(argv.slice(1), isBusybox(p)));
    return 0;
  });

const printf: Program = (p, argv) =>
  simple(() => {
    p.out(printfText(argv.slice(1)));
    return 0;
  });

function* envProgram(p: Proc, argv: string[]): ProgramResult {
  let i = 1;
  const env = new Map(p.env);
  if (argv[i] === '-i') {
    env.clear();
    i++;
  }
  for (; i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]); i++) {
    const eq = argv[i].indexOf('=');
    env.set(argv[i].slice(0, eq), argv[i].slice(eq + 1));
  }
  if (i < argv.length) return yield* p.spawn(argv.slice(i), env, { errPrefix: 'env', notFoundWord: 'No such file or directory' });
  p.out([...env].map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
}

const printenv: Program = (p, argv) =>
  simple(() => {
    const names = argv.slice(1);
    if (!names.length) {
      p.out([...p.env].map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    }
    let st = 0;
    for (const n of names) {
      const v = p.env.get(n);
      if (v === undefined) st = 1;
      else p.out(v + '\n');
    }
    return st;
  });

const hostname: Program = (p, argv) =>
  simple(() => {
    if (argv[1] === '-i') p.out(p.ctx.podIP + '\n');
    else p.out(p.ctx.hostname + '\n');
    return 0;
  });

const date: Program = (p, argv) =>
  simple(() => {
    const fmt = argv.slice(1).find((a) => a.startsWith('+'));
    if (argv.includes('-Iseconds') || argv.includes('--iso-8601=seconds')) p.out(formatDate(p.now(), '%FT%T+00:00') + '\n');
    else p.out(formatDate(p.now(), fmt?.slice(1)) + '\n');
    return 0;
  });

const uname: Program = (p, argv) =>
  simple(() => {
    const f = flags(argv.slice(1)).f;
    if (f.has('a')) p.out(`Linux ${p.ctx.hostname} ${KERNEL_VERSION} #53-Ubuntu SMP PREEMPT_DYNAMIC Sat Jan 11 00:06:25 UTC 2025 x86_64 GNU/Linux\n`);
    else if (f.has('r')) p.out(KERNEL_VERSION + '\n');
    else if (f.has('m')) p.out('x86_64\n');
    else if (f.has('n')) p.out(p.ctx.hostname + '\n');
    else p.out('Linux\n');
    return 0;
  });

function lines(text: string): string[] {
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

function inputOf(p: Proc, files: string[], prog: string): { text: string; st: number } {
  if (!files.length) return { text: p.stdin, st: 0 };
  let text = '';
  let st = 0;
  for (const f of files) {
    const c = p.fs().read(normalizePath(f, p.cwd));
    if (c === undefined) {
      p.err(isBusybox(p) ? `${prog}: ${f}: No such file or directory\n` : `${prog}: ${f}: No such file or directory\n`);
      st = 1;
    } else text += c;
  }
  return { text, st };
}

function countArg(args: string[], dflt: number): { n: number; rest: string[] } {
  let n = dflt;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '-c') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a === '-f' || a === '-F') continue;
    else rest.push(a);
  }
  return { n, rest };
}

const head: Program = (p, argv) =>
  simple(() => {
    const { n, rest } = countArg(argv.slice(1), 10);
    const { text, st } = inputOf(p, rest, 'head');
    const ls = lines(text).slice(0, n);
    if (ls.length) p.out(ls.join('\n') + '\n');
    return st;
  });

const tail: Program = function* (p, argv) {
  const follow = argv.includes('-f') || argv.includes('-F');
  const { n, rest } = countArg(argv.slice(1), 10);
  if (follow && rest.includes('/dev/null')) {
    p.setStopReaction('ignore');
    yield { block: true };
    return 0;
  }
  const { text, st } = inputOf(p, rest, 'tail');
  const ls = lines(text);
  const out = n > 0 ? ls.slice(-n) : [];
  if (out.length) p.out(out.join('\n') + '\n');
  if (follow && p.mode === 'container') {
    p.setStopReaction('ignore');
    yield { block: true };
  }
  return st;
};

const grep: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const [pattern, ...files] = ops;
    if (pattern === undefined) {
      p.err('Usage: grep [OPTIONS] PATTERN [FILE]...\n');
      return 2;
    }
    const { text, st } = inputOf(p, files, 'grep');
    let re: RegExp;
    try {
      re = new RegExp(f.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern, f.has('i') ? 'i' : '');
    } catch {
      re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    const hits = lines(text).filter((l) => re.test(l) !== f.has('v'));
    if (f.has('c')) p.out(`${hits.length}\n`);
    else if (!f.has('q') && hits.length) p.out(hits.join('\n') + '\n');
    return st || (hits.length ? 0 : 1);
  });

const wc: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const { text, st } = inputOf(p, ops, 'wc');
    const l = (text.match(/\n/g) ?? []).length;
    const w = text.split(/\s+/).filter(Boolean).length;
    const c = new TextEncoder().encode(text).length;
    const name = ops.length === 1 ? ` ${ops[0]}` : '';
    if (f.has('l')) p.out(`${isBusybox(p) ? l : l}${name}\n`);
    else if (f.has('w')) p.out(`${w}${name}\n`);
    else if (f.has('c')) p.out(`${c}${name}\n`);
    else p.out(`${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}${name}\n`);
    return st;
  });

const sort: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const { text, st } = inputOf(p, ops, 'sort');
    let ls = lines(text);
    ls = f.has('n') ? ls.sort((a, b) => parseFloat(a) - parseFloat(b)) : ls.sort();
    if (f.has('r')) ls.reverse();
    if (f.has('u')) ls = ls.filter((x, i) => i === 0 || x !== ls[i - 1]);
    if (ls.length) p.out(ls.join('\n') + '\n');
    return st;
  });

const uniq: Program = (p, argv) =>
  simple(() => {
    const { f, ops } = flags(argv.slice(1));
    const { text, st } = inputOf(p, ops, 'uniq');
    const out: Array<[string, number]> = [];
    for (const l of lines(text)) {
      const last = out[out.length - 1];
      if (last && last[0] === l) last[1]++;
      else out.push([l, 1]);
    }
    if (out.length) p.out(out.map(([l, n]) => (f.has('c') ? `${String(n).padStart(7)} ${l}` : l)).join('\n') + '\n');
    return st;
  });

const seq: Program = (p, argv) =>
  simple(() => {
    const nums = argv.slice(1).map(Number);
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    const out: string[] = [];
    for (let x = first; step > 0 ? x <= last : x >= last; x += step) {
      out.push(String(x));
      if (out.length > 100000) break;
    }
    if (out.length) p.out(out.join('\n') + '\n');
    return 0;
  });

const test: Program = (p, argv) =>
  simple(() => {
    const args = argv.slice(1);
    if (base(argv[0]) === '[') {
      if (args[args.length - 1] !== ']') {
        p.err('[: missing ]\n');
        return 2;
      }
      args.pop();
    }
    return testExpr(p, args);
  });

const pwd: Program = (p) => simple(() => (p.out(p.cwd + '\n'), 0));
const tru: Program = () => simple(() => 0);
const fals: Program = () => simple(() => 1);
const whoami: Program = (p) => simple(() => (p.out('root\n'), 0));
const id: Program = (p) =>
  simple(() => {
    p.out(isBusybox(p) ? 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n' : 'uid=0(root) gid=0(root) groups=0(root)\n');
    return 0;
  });
const basename: Program = (p, argv) =>
  simple(() => {
    const s = (argv[1] ?? '').replace(/\/+$/, '');
    let b = s.slice(s.lastIndexOf('/') + 1);
    if (argv[2] && b.endsWith(argv[2])) b = b.slice(0, -argv[2].length);
    p.out(b + '\n');
    return 0;
  });
const dirname: Program = (p, argv) =>
  simple(() => {
    const s = (argv[1] ?? '').replace(/\/+$/, '');
    const i = s.lastIndexOf('/');
    p.out((i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i)) + '\n');
    return 0;
  });
const which: Program = (p, argv) =>
  simple(() => {
    let st = 0;
    for (const n of argv.slice(1)) {
      const path = p.which(n);
      if (path) p.out(path + '\n');
      else st = 1;
    }
    return st;
  });
const yes: Program = function* (p, argv) {
  if (p.mode === 'exec') {
    p.out(`${argv[1] ?? 'y'}\n`.repeat(1000));
    return 0;
  }
  yield { block: true };
  return 0;
};

const ps: Program = (p) =>
  simple(() => {
    // busybox ps: PID 1 is the container's command; exec'd commands get higher PIDs.
    p.out(`PID   USER     TIME  COMMAND\n    1 root      0:00 ${p.ctx.command.join(' ')}\n    7 root      0:00 ps\n`);
    return 0;
  });

const free: Program = (p) =>
  simple(() => {
    p.out('              total        used        free      shared  buff/cache   available\nMem:        8148008     1948212     3456780       12345     2743016     6012345\nSwap:             0           0           0\n');
    return 0;
  });

const nproc: Program = (p) => simple(() => (p.out(`${p.ctx.nodeCpus}\n`), 0));

// ---------------------------------------------------------------------------------------------
// Network clients

function parseUrl(raw: string): { scheme: string; host: string; port: number; path: string; query?: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)(?:\?([^#]*))?/.exec(raw);
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/', query: m[5] };
}

const curl: Program = (p, argv) =>
  simple(() => {
    const args = argv.slice(1);
    let url: string | undefined;
    let method = 'GET';
    let silent = false;
    let showErr = false;
    let include = false;
    let headOnly = false;
    let fail = false;
    let output: string | undefined;
    let data: string | undefined;
    let writeOut: string | undefined;
    let insecure = false;
    let cacert: string | undefined;
    let cert = false;
    const headers: Record<string, string> = {};
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-X' || a === '--request') method = args[++i];
      else if (a === '--cacert') cacert = args[++i];
      else if (a === '--cert' || a === '-E') cert = !!args[++i];
      else if (a === '--key' || a === '--capath') i++;
      else if (a === '-H' || a === '--header') {
        const h = args[++i] ?? '';
        const c = h.indexOf(':');
        if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
      } else if (a === '-d' || a === '--data' || a === '--data-raw') {
        data = args[++i];
        if (method === 'GET') method = 'POST';
      } else if (a === '-o' || a === '--output') output = args[++i];
      else if (a === '-w' || a === '--write-out') writeOut = args[++i];
      else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') i++;
      else if (a.startsWith('--')) {
        if (a === '--silent') silent = true;
        else if (a === '--show-error') showErr = true;
        else if (a === '--include') include = true;
        else if (a === '--head') headOnly = true;
        else if (a === '--fail') fail = true;
        else if (a === '--insecure') insecure = true;
      } else if (a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          if (c === 'k') insecure = true;
          else if (c === 's') silent = true;
          else if (c === 'S') showErr = true;
          else if (c === 'i') include = true;
          else if (c === 'I') headOnly = true;
          else if (c === 'f') fail = true;
        }
      } else url = a;
    }
    if (!url) {
      p.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    const u = parseUrl(url);
    const quietErr = silent && !showErr;
    // curl writes -w after every transfer, failed ones too, with http_code 000 when no response came.
    const done = (code: number, status = 0): number => {
      if (writeOut) p.out(writeOut.replace(/%\{http_code\}/g, String(status).padStart(3, '0')).replace(/\\n/g, '\n'));
      return code;
    };
    if (!u) {
      if (!quietErr) p.err(`curl: (3) URL using bad/illegal format or missing URL\n`);
      return done(3);
    }
    let tls: TlsHello | undefined;
    if (u.scheme === 'https') {
      let trusted: CertIssuer[] = [];
      if (cacert !== undefined) {
        const pem = p.fs().read(normalizePath(cacert, p.cwd));
        if (pem === undefined && !insecure) {
          if (!quietErr) p.err(`curl: (77) error setting certificate file: ${cacert}\n`);
          return done(77);
        }
        const ca = p.fs().read(SERVICE_ACCOUNT_CA);
        if (pem !== undefined && ca && pem.includes(ca.trim())) trusted = ['cluster-ca'];
      }
      tls = { insecure, trusted, serverName: u.host, alpn: true, clientCert: cert };
    }
    if (!p.net) {
      if (!quietErr) p.err(`curl: (6) Could not resolve host: ${u.host}\n`);
      return done(6);
    }
    const res = p.net.http(p.ctx, u.host, u.port, {
      method: headOnly ? 'HEAD' : method,
      path: u.path,
      query: u.query,
      headers: { 'User-Agent': 'curl/8.12.1', Accept: '*/*', ...headers },
      body: data,
      scheme: tls ? 'https' : 'http',
      ...(tls ? { tls } : {}),
    });
    if (!res.ok) {
      if (res.error === 'resolve') {
        if (!quietErr) p.err(`curl: (6) Could not resolve host: ${u.host}\n`);
        return done(6);
      }
      if (res.error === 'timeout') {
        if (!quietErr) p.err(`curl: (28) Failed to connect to ${u.host} port ${u.port} after 130000 ms: Couldn't connect to server\n`);
        return done(28);
      }
      if (!quietErr) p.err(`curl: (7) Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server\n`);
      return done(7);
    }
    const r = res.response;
    if (r.tlsFailure) {
      const e = curlTlsError(r.tlsFailure, '8.12.1');
      if (!quietErr) p.err(`curl: (${e.code}) ${e.msg}\n${e.help ? curlCaCertHelp('8.12.1') : ''}`);
      return done(e.code);
    }
    if (fail && r.status >= 400) {
      if (!quietErr) p.err(`curl: (22) The requested URL returned error: ${r.status}\n`);
      return done(22, r.status);
    }
    let text = '';
    if (include || headOnly) text += curlHeaderBlock(r);
    if (!headOnly) text += r.body;
    if (output && output !== '-' && output !== '/dev/stdout') {
      if (output !== '/dev/null') p.writeFile(output, text, false);
    } else p.out(text);
    return done(0, r.status);
  });

const wget: Program = (p, argv) =>
  simple(() => {
    const args = argv.slice(1);
    let quiet = false;
    let output: string | undefined;
    let spider = false;
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-O') output = args[++i];
      else if (a.startsWith('-O') && a.length > 2) output = a.slice(2);
      else if (a === '-q' || a === '--quiet') quiet = true;
      else if (a === '-qO-' || a === '-qO') {
        quiet = true;
        output = a === '-qO-' ? '-' : args[++i];
      } else if (a === '--spider') spider = true;
      else if (a === '-T' || a === '--timeout') i++;
      else if (/^-[a-zA-Z]+$/.test(a)) {
        if (a.includes('q')) quiet = true;
        if (a.endsWith('O')) output = args[++i];
      } else url = a;
    }
    if (!url) {
      p.err('BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n');
      return 1;
    }
    const u = parseUrl(url);
    if (!u) {
      p.err(`wget: bad address '${url}'\n`);
      return 1;
    }
    if (!p.net) {
      p.err(`wget: bad address '${u.host}'\n`);
      return 1;
    }
    const https = u.scheme === 'https';
    const res = p.net.http(p.ctx, u.host, u.port, { method: 'GET', path: u.path, query: u.query, headers: { 'User-Agent': 'Wget' }, scheme: https ? 'https' : 'http', ...(https ? { tls: { insecure: true, trusted: [], serverName: u.host, alpn: false, clientCert: false } } : {}) });
    const hostPort = `${u.host}${u.port === (https ? 443 : 80) ? '' : `:${u.port}`}`;
    if (!res.ok) {
      if (res.error === 'resolve') {
        p.err(`wget: bad address '${hostPort}'\n`);
        return 1;
      }
      if (!quiet) p.err(`Connecting to ${hostPort} (${res.ip ?? u.host}:${u.port})\n`);
      p.err(res.error === 'timeout' ? `wget: download timed out\n` : `wget: can't connect to remote host (${res.ip ?? u.host}): Connection refused\n`);
      return 1;
    }
    if (!quiet) p.err(`Connecting to ${hostPort} (${res.ip}:${res.port})\n`);
    const r = res.response;
    if (https) p.err('wget: note: TLS certificate validation not implemented\n');
    if (r.tlsFailure) {
      p.err(`wget: TLS error from peer ${r.tlsFailure.kind === 'client-cert-required' ? '(alert code 42): 42' : '(alert code 80): internal error'}\nwget: error getting response: Connection reset by peer\n`);
      return 1;
    }
    if (r.status >= 400) {
      p.err(`wget: server returned error: HTTP/${r.httpVersion === '1.0' ? '1.0' : '1.1'} ${r.status} ${r.statusText}\n`);
      return 1;
    }
    if (spider) {
      if (!quiet) p.err('remote file exists\n');
      return 0;
    }
    const file = output ?? (u.path.replace(/\/$/, '').split('/').pop() || 'index.html');
    if (file === '-') p.out(r.body);
    else {
      if (!quiet) p.err(`saving to '${file}'\n`);
      p.writeFile(file, r.body, false);
      if (!quiet) p.err(`${file.padEnd(20).slice(0, 20)} 100% |********************************|   ${String(r.body.length).padStart(3)}  0:00:00 ETA\n'${file}' saved\n`);
    }
    return 0;
  });

const nslookup: Program = (p, argv) =>
  simple(() => {
    const name = argv.slice(1).find((a) => !a.startsWith('-'));
    if (!name) {
      p.err('BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n');
      return 1;
    }
    const server = p.net?.dnsServer(p.ctx) ?? '10.96.0.10';
    const ans = p.net ? p.net.resolve(p.ctx, name) : ({ ok: false, error: 'timeout' } as const);
    const oldStyle = p.ctx.image.repository.endsWith('/busybox') && p.ctx.imageTag.startsWith('1.28');
    if (!ans.ok && ans.error === 'timeout') {
      p.out(';; connection timed out; no servers could be reached\n\n');
      return 1;
    }
    if (oldStyle) {
      // busybox 1.28 (the docs' DNS debugging image) prints the older format.
      let out = `Server:    ${server}\nAddress 1: ${server} kube-dns.kube-system.svc.cluster.local\n\n`;
      if (!ans.ok) {
        p.out(out);
        p.err(`nslookup: can't resolve '${name}'\n`);
        return 1;
      }
      out += `Name:      ${name}\n` + ans.addresses.map((a, i) => `Address ${i + 1}: ${a}${ans.name ? ` ${ans.name}` : ''}`).join('\n') + '\n';
      p.out(out);
      return 0;
    }
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    if (!ans.ok) {
      out += `** server can't find ${name}: NXDOMAIN\n\n`;
      p.out(out);
      return 1;
    }
    out += ans.addresses.map((a) => `Name:\t${ans.name}\nAddress: ${a}\n`).join('') + '\n';
    p.out(out);
    return 0;
  });

const notSimulated: Program = (p, argv) =>
  simple(() => {
    p.err(`podium: ${base(argv[0])} is in this image but Podium does not simulate it\n`);
    return 0;
  });

registerPrograms({
  sh: shell,
  ash: shell,
  dash: shell,
  bash: shell,
  sleep,
  usleep: (p, argv) => sleep(p, [argv[0], String(Number(argv[1] ?? 0) / 1e6)]),
  cat,
  touch,
  rm,
  mkdir,
  rmdir,
  ls,
  echo,
  printf,
  env: envProgram,
  printenv,
  hostname,
  date,
  uname,
  head,
  tail,
  grep,
  wc,
  sort,
  uniq,
  seq,
  test,
  '[': test,
  pwd,
  true: tru,
  false: fals,
  whoami,
  id,
  basename,
  dirname,
  which,
  yes,
  ps,
  free,
  nproc,
  curl,
  wget,
  nslookup,
  '*': notSimulated,
});
