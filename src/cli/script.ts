/**
 * The scenario shell of `podium run SCRIPT`: the subset of bash that kubectl walk-throughs use, so
 * that the same script runs unchanged under bash against a real cluster.
 *
 * Supported: `kubectl ...` (the simulated kubectl, waiting commands advance the simulated clock),
 * here-documents (`<<EOF`, `<<'EOF'`, `<<"EOF"`, `<<-EOF`), `sleep N[smhd]` (advances the clock),
 * `echo [-n] [-e]`, `true`, `false`, `:`, `exit [N]`, `set -e|+e|-x|+x|-o errexit|-u|-o pipefail`,
 * `cmd1 || cmd2`, `cmd1 && cmd2`, comments, blank lines and `\` line continuations. Anything else
 * (pipes, `$VAR`, `$(...)`, redirections) is refused with a clear message rather than misread.
 * Exit statuses follow bash: the status of the last command, or the failing one under `set -e`.
 */
import { splitShell, quoteShell, ShellSyntaxError } from '../kubectl/shell';
import { runArgv, type KubectlResult } from '../kubectl/index';
import type { Engine } from '../engine/cluster';

/** One simple command of the script, with its here-document. */
export interface ScriptCommand {
  /** 1-based line the command starts on. */
  line: number;
  /** The text as written (continuations joined), for the transcript. */
  text: string;
  /** The here-document body given as stdin, if any. */
  stdin?: string;
  /** The here-document as typed (body and delimiter), echoed in the transcript. */
  heredocText?: string;
}

/** A parse error of the script (bash: "syntax error"). */
export class ScriptSyntaxError extends Error {
  /** Builds an error for a line. */
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls `visit` with each character outside quotes and backslash escapes, as a POSIX shell reads
 * them ('...' takes everything literally, "..." honours \\); stops when `visit` returns true.
 */
function scanUnquoted(text: string, visit: (c: string, i: number) => boolean | void): void {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (visit(c, i)) return;
  }
}

/** Finds `<<DELIM` outside quotes; returns the delimiter, its quoting and where the marker starts. */
function findHeredoc(text: string): { start: number; end: number; delim: string; quoted: boolean; stripTabs: boolean } | undefined {
  let found: { start: number; end: number; delim: string; quoted: boolean; stripTabs: boolean } | undefined;
  scanUnquoted(text, (c, i) => {
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) return true;
    if (c !== '<' || text[i + 1] !== '<' || text[i + 2] === '<') return false;
    let j = i + 2;
    const stripTabs = text[j] === '-';
    if (stripTabs) j++;
    while (text[j] === ' ' || text[j] === '\t') j++;
    const m = /^(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/.exec(text.slice(j));
    if (m) found = { start: i, end: j + m[0].length, delim: m[1] ?? m[2] ?? m[3], quoted: m[1] !== undefined || m[2] !== undefined || m[0].startsWith('\\'), stripTabs };
    return true;
  });
  return found;
}

/** Removes a trailing comment (a `#` starting a word, outside quotes). */
export function stripComment(text: string): string {
  let end = text.length;
  scanUnquoted(text, (c, i) => {
    if (c !== '#' || (i > 0 && !/\s/.test(text[i - 1]))) return false;
    end = i;
    return true;
  });
  return end === text.length ? text : text.slice(0, end).trimEnd();
}

/** Splits a script into commands: continuations joined, comments dropped, here-documents attached. */
export function parseScript(source: string): ScriptCommand[] {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const out: ScriptCommand[] = [];
  let i = 0;
  if (lines[0]?.startsWith('#!')) i = 1;
  while (i < lines.length) {
    const startLine = i + 1;
    let text = lines[i++];
    // Line continuations: a backslash at the very end joins the next line.
    while (/(^|[^\\])(\\\\)*\\$/.test(text) && i < lines.length) text = text.slice(0, -1) + lines[i++];
    const code = stripComment(text).trim();
    if (!code) continue;
    const cmd: ScriptCommand = { line: startLine, text: code };
    const hd = findHeredoc(code);
    if (hd) {
      const body: string[] = [];
      let closed = false;
      while (i < lines.length) {
        const raw = lines[i++];
        const l = hd.stripTabs ? raw.replace(/^\t+/, '') : raw;
        if (l === hd.delim) {
          closed = true;
          break;
        }
        body.push(l);
      }
      if (!closed) throw new ScriptSyntaxError(startLine, `here-document at line ${startLine} delimited by end-of-file (wanted \`${hd.delim}')`);
      let stdin = body.length ? `${body.join('\n')}\n` : '';
      // Unquoted delimiters allow \$, \` and \\ escapes (expansions themselves are not supported).
      if (!hd.quoted) {
        if (/\$[A-Za-z_{(]|`/.test(stdin.replace(/\\[$`\\]/g, '')))
          throw new ScriptSyntaxError(startLine, 'podium: variables and command substitutions in here-documents are not supported; quote the delimiter (<<\'EOF\') to keep the text as is');
        stdin = stdin.replace(/\\([$`\\])/g, '$1');
      }
      cmd.stdin = stdin;
      cmd.heredocText = `${body.join('\n')}${body.length ? '\n' : ''}${hd.delim}`;
      cmd.text = code;
      (cmd as ScriptCommand & { heredocSpan?: [number, number] }).heredocSpan = [hd.start, hd.end];
    }
    out.push(cmd);
  }
  return out;
}

/** A command the shell knows besides kubectl and its builtins (the network part adds curl etc.). */
export type ShellCommand = (argv: string[], io: { stdin?: string; engine: Engine }) => Promise<KubectlResult> | KubectlResult;

/** Options of runScript. */
export interface RunScriptOptions {
  engine: Engine;
  /** Reads a file named in `-f FILE` (relative to the working directory, as bash would). */
  readFile?: (path: string) => string | undefined;
  /** The script's name in bash-style messages (`script.sh: line 3: foo: command not found`). */
  scriptName?: string;
  /** Extra commands (curl, wget, nslookup from the network part). */
  commands?: Record<string, ShellCommand>;
  /** Receives the transcript as it is produced. */
  onOutput?: (chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
}

/** The transcript of a run and how the script exited. */
export interface ScriptResult {
  /** Everything printed, in order: `$ command` lines and the commands' output. */
  transcript: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Flags of kubectl whose value names a local file. */
const FILE_FLAGS = new Set(['-f', '--filename', '--patch-file', '--from-file']);

/** The local files a kubectl command line names (so they can be handed to the simulated kubectl). */
export function filesNamed(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    let value: string | undefined;
    if (FILE_FLAGS.has(name)) value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
    else if (/^-f./.test(a)) value = a.slice(2);
    if (value === undefined) continue;
    for (const v of value.split(',')) {
      const path = name === '--from-file' && v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      if (path && path !== '-') out.push(path);
    }
  }
  return out;
}

/** Splits `a || b && c` into commands and operators, outside quotes. */
function splitLogical(text: string): Array<{ text: string; op?: '||' | '&&' }> {
  const parts: Array<{ text: string; op?: '||' | '&&' }> = [];
  let start = 0;
  scanUnquoted(text, (c, i) => {
    // The second character of an operator just taken is not the start of another.
    if (i < start || (c !== '|' && c !== '&') || text[i + 1] !== c) return false;
    parts.push({ text: text.slice(start, i).trim(), op: `${c}${c}` as '||' | '&&' });
    start = i + 2;
    return false;
  });
  parts.push({ text: text.slice(start).trim() });
  return parts;
}

/** Checks for shell syntax Podium's shell does not interpret (so it is never silently misread). */
function unsupported(text: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '$' || c === '`') return 'variables and command substitutions';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '$' || c === '`') return 'variables and command substitutions';
    else if (c === '|') return 'pipelines';
    else if (c === ';') return 'several commands on one line (;)';
    else if (c === '>' || (c === '<' && text[i + 1] !== '<')) return 'redirections';
    else if (c === '&') return 'background jobs (&)';
  }
  return undefined;
}

/** Parses `sleep` durations: `5`, `1.5`, `2s`, `3m`, `1h`, `1d`. */
export function sleepMs(arg: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  return Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's'];
}

/** Interprets echo's -e escapes. */
function echoEscapes(s: string): string {
  return s.replace(/\\(n|t|\\|a|b|e|r|v)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', a: '\x07', b: '\b', e: '\x1b', r: '\r', v: '\v' })[c]!);
}

/** Runs a script against an engine and returns its transcript and exit status. */
export async function runScript(source: string, o: RunScriptOptions): Promise<ScriptResult> {
  const name = o.scriptName ?? 'script';
  let transcript = '';
  let stdout = '';
  let stderr = '';
  const emit = (stream: 'stdout' | 'stderr', text: string) => {
    if (!text) return;
    transcript += text;
    if (stream === 'stdout') stdout += text;
    else stderr += text;
    o.onOutput?.({ stream, text });
  };
  let commands: ScriptCommand[];
  try {
    commands = parseScript(source);
  } catch (e) {
    if (e instanceof ScriptSyntaxError) {
      emit('stderr', `${name}: line ${e.line}: ${e.message}\n`);
      return { transcript, stdout, stderr, exitCode: 2 };
    }
    throw e;
  }
  let errexit = false;
  let xtrace = false;
  let status = 0;

  const runSimple = async (cmd: ScriptCommand, text: string, stdin: string | undefined): Promise<number | { exit: number }> => {
    const bad = unsupported(text);
    if (bad) {
      emit('stderr', `${name}: line ${cmd.line}: podium: ${bad} are not supported by podium run\n`);
      return 2;
    }
    let argv: string[];
    try {
      argv = splitShell(text);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        emit('stderr', `${name}: line ${cmd.line}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    if (!argv.length) return 0;
    if (xtrace) emit('stderr', `+ ${argv.map(quoteShell).join(' ')}\n`);
    const [prog, ...args] = argv;
    switch (prog) {
      case 'kubectl': {
        const files: Record<string, string> = {};
        for (const f of filesNamed(args)) {
          const t = o.readFile?.(f);
          if (t !== undefined) files[f] = t;
        }
        const r = await runArgv(o.engine, args, { wait: 'advance', stdin, files, onOutput: (c) => emit(c.stream, c.text) });
        return r.exitCode;
      }
      case 'sleep': {
        if (args.length !== 1 || sleepMs(args[0]) === undefined) {
          emit('stderr', `sleep: invalid time interval '${args.join(' ')}'\nTry 'sleep --help' for more information.\n`);
          return 1;
        }
        o.engine.runtime.advance(sleepMs(args[0])!);
        return 0;
      }
      case 'echo': {
        let newline = true;
        let escapes = false;
        let i = 0;
        while (i < args.length && /^-[neE]+$/.test(args[i])) {
          if (args[i].includes('n')) newline = false;
          if (args[i].includes('e')) escapes = true;
          if (args[i].includes('E')) escapes = false;
          i++;
        }
        const words = args.slice(i).join(' ');
        emit('stdout', (escapes ? echoEscapes(words) : words) + (newline ? '\n' : ''));
        return 0;
      }
      case 'true':
      case ':':
        return 0;
      case 'false':
        return 1;
      case 'exit': {
        const code = args.length ? Number(args[0]) : status;
        if (!Number.isInteger(code)) {
          emit('stderr', `${name}: line ${cmd.line}: exit: ${args[0]}: numeric argument required\n`);
          return { exit: 2 };
        }
        return { exit: ((code % 256) + 256) % 256 };
      }
      case 'set': {
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          if (a === '-o' || a === '+o') {
            const opt = args[++i];
            if (opt === 'errexit') errexit = a === '-o';
            else if (opt === 'xtrace') xtrace = a === '-o';
            else if (opt !== 'pipefail' && opt !== 'nounset') {
              emit('stderr', `${name}: line ${cmd.line}: set: ${opt}: invalid option name\n`);
              return 2;
            }
            continue;
          }
          if (!/^[-+][euxo]+$/.test(a)) {
            emit('stderr', `${name}: line ${cmd.line}: podium: set ${a} is not supported by podium run\n`);
            return 2;
          }
          const on = a[0] === '-';
          for (const f of a.slice(1)) {
            if (f === 'e') errexit = on;
            if (f === 'x') xtrace = on;
            if (f === 'o') {
              const opt = args[++i];
              if (opt === 'errexit') errexit = on;
              if (opt === 'xtrace') xtrace = on;
            }
          }
        }
        return 0;
      }
      default: {
        const extra = o.commands?.[prog];
        if (extra) {
          const r = await extra(args, { stdin, engine: o.engine });
          emit('stdout', r.stdout);
          emit('stderr', r.stderr);
          return r.exitCode;
        }
        emit('stderr', `${name}: line ${cmd.line}: ${prog}: command not found\n`);
        return 127;
      }
    }
  };

  for (const cmd of commands) {
    emit('stdout', `$ ${cmd.text}\n`);
    if (cmd.heredocText !== undefined) emit('stdout', `${cmd.heredocText}\n`);
    let text = cmd.text;
    const span = (cmd as ScriptCommand & { heredocSpan?: [number, number] }).heredocSpan;
    if (span) text = `${text.slice(0, span[0])}${text.slice(span[1])}`.trim();
    const chain = splitLogical(text);
    let last = 0;
    let lastIdx = -1;
    for (let k = 0; k < chain.length; k++) {
      const part = chain[k];
      if (k > 0) {
        const op = chain[k - 1].op;
        if ((op === '||' && last === 0) || (op === '&&' && last !== 0)) continue;
      }
      if (!part.text) {
        emit('stderr', `${name}: line ${cmd.line}: syntax error near unexpected token \`${part.op ?? 'newline'}'\n`);
        return { transcript, stdout, stderr, exitCode: 2 };
      }
      const r = await runSimple(cmd, part.text, cmd.stdin);
      if (typeof r === 'object') return { transcript, stdout, stderr, exitCode: r.exit };
      last = r;
      lastIdx = k;
    }
    status = last;
    // set -e ignores a failure inside an && / || list unless it is the list's last command (bash).
    if (errexit && status !== 0 && lastIdx === chain.length - 1) return { transcript, stdout, stderr, exitCode: status };
  }
  return { transcript, stdout, stderr, exitCode: status };
}

