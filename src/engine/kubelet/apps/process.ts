/**
 * A container's main process, simulated: its program runs as a generator on a virtual clock that
 * starts at the container's start time. Commands run instantly; `sleep` advances the virtual
 * clock; a server program (nginx, httpd, ...) takes the process over and blocks until signalled.
 *
 * Nothing here ticks. The kubelet asks questions about time: what is the filesystem at t, what
 * did the container log until t, when is the next moment after t at which something observable
 * changes (a file, the server coming up, the process exiting). The generator is driven lazily up
 * to the time asked, and a little beyond for the look-ahead.
 *
 * The run is a pure function of (context, argv, start time, files written by `kubectl exec`), so
 * it is never put in a snapshot: after a restore it is rebuilt and replayed to the same state.
 */
import { FileSystem, normalizePath } from './fs';
import type { ContainerContext, HttpRequest, HttpResponse, LogLine, PodNetwork, TlsListener } from './types';
import { withTls } from './tls';

/** What a program hands back to the process driver when it stops running instantly. */
export type Yield = { sleep: number } | { serve: ServerApp; background?: boolean } | { block: true };

/** A running program: yields waits, returns its exit status. */
export type ProgramResult = Generator<Yield, number, void>;

/** A program: what runs for `argv[0]`. */
export type Program = (p: Proc, argv: string[]) => ProgramResult;

/** How the container's PID 1 reacts to the stop signal. */
export type StopReaction = { afterMs: number; code: number; logs?: string[]; stream?: 'stdout' | 'stderr' } | 'ignore';

/** A server application running as (or under) the container's process. */
export interface ServerApp {
  /** Program name, for ps and logs. */
  name: string;
  /** ms from the server's start until it accepts connections. */
  readyDelayMs: number;
  /** TCP (and UDP) ports it listens on; `tls` for a TLS-only port (see tls.ts). */
  ports: Array<{ port: number; protocol: 'TCP' | 'UDP'; tls?: TlsListener }>;
  /** Lines printed at start-up (offsets from the server's start). */
  startLogs?(ctx: ContainerContext, at: number): LogLine[];
  /** Serves one HTTP request; undefined when the port does not speak HTTP. */
  http?(req: HttpRequest, env: ServeEnv): HttpResponse | undefined;
  /** Access-log lines a request produces. */
  accessLog?(req: HttpRequest, res: HttpResponse, env: ServeEnv): LogLine[];
  /** gRPC health status of a service (probes with grpc). */
  grpcHealth?(service: string, env: ServeEnv): 'SERVING' | 'NOT_SERVING' | 'UNIMPLEMENTED';
  /** Offsets from the server's start at which its behaviour changes (agnhost liveness: 10 s). */
  changePoints?: number[];
  /** Reaction to a stop signal (the image's STOPSIGNAL) when it is PID 1. */
  onStop(signal: string, ctx: ContainerContext, at: number): StopReaction;
  /** A server that exits on its own: after ms, with code and lines. */
  exitAfter?: { ms: number; code: number };
}

/** What a server sees when serving. */
export interface ServeEnv {
  ctx: ContainerContext;
  fs: FileSystem;
  /** Simulated now. */
  now: number;
  /** When the server started. */
  since: number;
}

/** One filesystem change: [at, op, path, content?]. Plain data, persisted for `kubectl exec` writes. */
export type FsOp = [number, 'w' | 'a' | 'rm' | 'rmr' | 'mkdir' | 'mkdirp', string, string?];

/** Applies one FsOp to a tree. */
export function applyFsOp(fs: FileSystem, op: FsOp): void {
  const [, kind, path, content] = op;
  if (kind === 'w') fs.write(path, content ?? '');
  else if (kind === 'a') fs.write(path, content ?? '', true);
  else if (kind === 'rm') fs.remove(path);
  else if (kind === 'rmr') fs.remove(path, true);
  else if (kind === 'mkdir') fs.mkdir(path);
  else fs.mkdir(path, true);
}

/** A process's view of the world: streams, fs, clock, and how to start other programs. */
export interface Proc {
  readonly ctx: ContainerContext;
  cwd: string;
  stdin: string;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether this process is the container's PID 1 (signals reach it). */
  pid1: boolean;
  /** Its environment. */
  env: Map<string, string>;
  /** `container`: sleeps take simulated time; `exec`: a kubectl exec, sleeps return at once. */
  readonly mode: 'container' | 'exec';
  /** Virtual now. */
  now(): number;
  /** The filesystem as this process sees it now. */
  fs(): FileSystem;
  /** Writes a file (recording the change); false when the directory is missing. */
  writeFile(path: string, content: string, append: boolean): boolean;
  /** Removes a path (recording the change); false when absent. */
  removePath(path: string, recursive: boolean): boolean;
  /** Creates a directory (recording the change). */
  makeDir(path: string, parents: boolean): boolean;
  /** A child process sharing the run, with some streams replaced. */
  fork(opts: { out?: (s: string) => void; err?: (s: string) => void; stdin?: string; pid1?: boolean }): Proc;
  /** Runs argv as a program found in the image (the shell's command execution). */
  spawn(argv: string[], env: Map<string, string>, sh?: { errPrefix: string; notFoundWord: string }, exec?: boolean): ProgramResult;
  /** The path of a program in the image, if present. */
  which(name: string): string | undefined;
  /** Declares how PID 1 now reacts to signals. */
  setStopReaction(r: StopReaction | ServerApp): void;
  /** The network, for curl/wget/nslookup. */
  readonly net: PodNetwork | undefined;
}

/** The programs table, filled by programs.ts and servers.ts (by base name). */
export const PROGRAMS: Record<string, Program> = {};

/** Registers programs by base name. */
export function registerPrograms(table: Record<string, Program>): void {
  Object.assign(PROGRAMS, table);
}

const STD_DIRS = ['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** Finds a program in the image: by absolute path or through the standard bin directories. */
export function findProgram(ctx: ContainerContext, name: string): string | undefined {
  if (!name) return undefined;
  if (name.includes('/')) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const known = ctx.programs.get(base);
    if (!known) return undefined;
    const dir = normalizePath(name.slice(0, name.lastIndexOf('/')) || '/');
    const knownDir = known.slice(0, known.lastIndexOf('/')) || '/';
    // Merged /usr (Debian 12, Ubuntu) and busybox's symlinks make /bin/x and /usr/bin/x the same.
    if (dir === knownDir || (STD_DIRS.includes(dir) && STD_DIRS.includes(knownDir) && ctx.image.family !== 'scratch' && ctx.image.family !== 'distroless'))
      return normalizePath(name);
    return undefined;
  }
  return ctx.programs.get(name);
}

/** The error containerd reports when a process cannot be started. */
export function execNotFoundMessage(name: string): string {
  return name.includes('/')
    ? `exec: "${name}": stat ${name}: no such file or directory`
    : `exec: "${name}": executable file not found in $PATH`;
}

/** Raised when the container's own command cannot start (StartError). */
export class StartError extends Error {}

interface Timed {
  at: number;
}

/** Settings of a ProcessRun beyond its context. */
export interface RunOptions {
  /** kubectl exec writes, replayed at their times. */
  fsOps?: FsOp[];
  net?: PodNetwork;
}

/**
 * The container's main process over simulated time. Construct, then query; every query drives
 * the program as far as needed. Times are absolute ms.
 */
export class ProcessRun {
  /** Virtual time the program has reached. */
  private vt: number;
  private gen: ProgramResult | undefined;
  /** When the sleeping program resumes; undefined when finished or blocked. */
  private resumeAt: number | undefined;
  /** The process exit, once known. */
  exit?: { at: number; code: number };
  /** The server the process became, if any. */
  server?: { app: ServerApp; at: number; pid1: boolean };
  /** Lines written (script output and server start-up lines). */
  private logLines: LogLine[] = [];
  private partial = { stdout: '', stderr: '' };
  /** The filesystem at vt. */
  private live: FileSystem;
  /** Base tree at baseAt, plus later changes (script and exec), for fsAt(t). */
  private base: FileSystem;
  private baseAt: number;
  private fsLog: FsOp[] = [];
  private execOps: FsOp[];
  private execIdx = 0;
  /** Times at which observable state changes (fs, server, exit). */
  private changes: number[] = [];
  private stopReactions: Array<Timed & { r: StopReaction | ServerApp }> = [];
  private fsCache?: { at: number; fs: FileSystem; n: number };
  /** True when a kubectl exec wrote in the past of what the program already ran (rebuild needed). */
  stale = false;
  /** Set when argv[0] does not exist: the container cannot start. */
  startError?: string;

  /** Starts `argv` in `ctx` at `startedAt` over the image's initial files. */
  constructor(
    readonly ctx: ContainerContext,
    readonly argv: string[],
    readonly startedAt: number,
    initialFs: FileSystem,
    opts: RunOptions = {},
  ) {
    this.vt = startedAt;
    this.live = initialFs.clone();
    this.base = initialFs.clone();
    this.baseAt = startedAt - 1;
    this.net = opts.net;
    this.execOps = [...(opts.fsOps ?? [])].sort((a, b) => a[0] - b[0]);
    for (const op of this.execOps) {
      this.fsLog.push(op);
      this.changes.push(op[0]);
    }
    this.fsLog.sort((a, b) => a[0] - b[0]);
    const path = findProgram(ctx, argv[0] ?? '');
    if (!path) {
      this.startError = execNotFoundMessage(argv[0] ?? '');
      this.exit = { at: startedAt, code: 128 };
      return;
    }
    const root = this.proc({ pid1: true });
    this.gen = root.spawn(argv, new Map(ctx.env), undefined, true);
    this.resumeAt = startedAt;
  }

  private readonly net: PodNetwork | undefined;

  // -------------------------------------------------------------------------------------------
  // Driving

  /** Runs the program up to (and including) time t. */
  advance(t: number): void {
    let steps = 0;
    while (this.gen && this.resumeAt !== undefined && this.resumeAt <= t) {
      this.step();
      if (++steps > 1_000_000) throw new Error('process run did not settle');
    }
  }

  private step(): void {
    this.vt = this.resumeAt!;
    this.applyExecOpsUntil(this.vt);
    let r: IteratorResult<Yield, number>;
    try {
      r = this.gen!.next();
    } catch (e) {
      // A bug in a simulated program must not take the engine down: the process dies.
      this.write('stderr', `podium: simulated program failed: ${(e as Error).message}\n`);
      r = { done: true, value: 139 };
    }
    if (r.done) {
      this.finish(r.value);
      return;
    }
    const y = r.value;
    if ('sleep' in y) this.resumeAt = this.vt + Math.max(0, y.sleep);
    else if ('serve' in y) {
      // A daemonising server (`nginx` without `daemon off;`) keeps running in the background
      // while the program goes on; a foreground one takes the process over.
      this.resumeAt = y.background ? this.vt : undefined;
      this.startServer(y.serve);
    } else this.resumeAt = undefined;
    // A program that waits forever (a foreground server, an endless block) never runs again:
    // its generator, and the process objects and environments its frames hold, can go. A run
    // that serves for hours then costs little to keep (the kubelet keeps thousands).
    if (this.resumeAt === undefined) this.gen = undefined;
  }

  private finish(code: number): void {
    for (const s of ['stdout', 'stderr'] as const) if (this.partial[s]) this.pushLine(s, this.partial[s]);
    this.partial = { stdout: '', stderr: '' };
    this.exit = { at: this.vt, code: code & 255 };
    this.changes.push(this.vt);
    this.gen = undefined;
    this.resumeAt = undefined;
  }

  private startServer(app: ServerApp): void {
    const last = this.stopReactions[this.stopReactions.length - 1];
    this.server = { app, at: this.vt, pid1: last?.r === app };
    this.changes.push(this.vt, this.vt + app.readyDelayMs);
    for (const cp of app.changePoints ?? []) this.changes.push(this.vt + cp);
    // Start-up lines are produced when logs are read (most containers' logs never are).
    if (app.startLogs) this.pendingLogs.push({ at: this.vt, app });
    if (app.exitAfter && this.resumeAt === undefined) {
      // Record the exit as the end of the program.
      this.exit = { at: this.vt + app.exitAfter.ms, code: app.exitAfter.code };
      this.changes.push(this.exit.at);
      this.gen = undefined;
    }
  }

  private applyExecOpsUntil(t: number): void {
    while (this.execIdx < this.execOps.length && this.execOps[this.execIdx][0] <= t) applyFsOp(this.live, this.execOps[this.execIdx++]);
  }

  /** Records a `kubectl exec` write made at `op[0]`; marks the run stale when it ran past it. */
  addExecOp(op: FsOp): void {
    if (this.vt > op[0] && this.gen) this.stale = true;
    this.execOps.push(op);
    this.fsLog.push(op);
    this.changes.push(op[0]);
    this.fsCache = undefined;
    if (!this.gen || this.vt <= op[0]) {
      // Not yet reached by the program: applied when it gets there (or now, when it has ended).
      if (!this.gen) {
        applyFsOp(this.live, op);
        this.execIdx = this.execOps.length;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  /** The filesystem at time t (t must not be earlier than previous fsAt queries' floor). */
  fsAt(t: number): FileSystem {
    this.advance(t);
    if (this.fsCache && this.fsCache.at === t && this.fsCache.n === this.fsLog.length) return this.fsCache.fs;
    // Fold old changes into the base so the log stays short for long-running writers.
    if (this.fsLog.length > 256) {
      const keep: FsOp[] = [];
      for (const op of this.fsLog) {
        if (op[0] <= t) applyFsOp(this.base, op);
        else keep.push(op);
      }
      this.baseAt = t;
      this.fsLog = keep;
    }
    const fs = this.base.clone();
    for (const op of this.fsLog) if (op[0] > this.baseAt && op[0] <= t) applyFsOp(fs, op);
    this.fsCache = { at: t, fs, n: this.fsLog.length };
    return fs;
  }

  /** Lines logged up to time t (sorted by time). */
  logsUntil(t: number): LogLine[] {
    this.advance(t);
    if (this.pendingLogs.length) {
      for (const p of this.pendingLogs) this.logLines.push(...(p.app.startLogs?.(this.ctx, p.at) ?? []));
      this.pendingLogs = [];
      this.logLines.sort((a, b) => a.at - b.at);
    }
    return this.logLines.filter((l) => l.at <= t);
  }

  private pendingLogs: Array<{ at: number; app: ServerApp }> = [];

  /** The server listening at time t, if it accepts connections then (behind its TLS listener). */
  serverAt(t: number): { app: ServerApp; since: number } | undefined {
    this.advance(t);
    const s = this.server;
    if (!s || t < s.at + s.app.readyDelayMs) return undefined;
    if (this.exit && this.exit.at <= t) return undefined;
    return { app: withTls(s.app), since: s.at };
  }

  /** Whether the process has exited by t. */
  exitedBy(t: number): { at: number; code: number } | undefined {
    this.advance(t);
    return this.exit && this.exit.at <= t ? this.exit : undefined;
  }

  /**
   * The first time after t at which something observable may change (a file, the server, an
   * exit). Looks ahead up to `horizonMs`; when the program is still running quietly at the
   * horizon, returns the horizon so the caller checks again then.
   */
  nextChangeAfter(t: number, horizonMs = 6 * 3600_000): number | undefined {
    this.advance(t);
    const limit = t + horizonMs;
    let steps = 0;
    for (;;) {
      let best: number | undefined;
      for (const c of this.changes) if (c > t && (best === undefined || c < best)) best = c;
      if (best !== undefined && (this.resumeAt === undefined || best <= this.resumeAt)) return best;
      if (!this.gen || this.resumeAt === undefined) return best;
      if (this.resumeAt > limit || ++steps > 20_000) return Math.max(this.resumeAt, t + 1);
      this.step();
    }
  }

  /** How PID 1 reacts to a stop signal sent at t. */
  stopReaction(t: number, signal: string): StopReaction | 'exited' {
    this.advance(t);
    if (this.exit && this.exit.at <= t) return 'exited';
    let r: StopReaction | ServerApp = 'ignore';
    for (const s of this.stopReactions) if (s.at <= t) r = s.r;
    if (r === 'ignore') return 'ignore';
    if ('onStop' in r) return r.onStop(signal, this.ctx, t);
    return r;
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private write(stream: 'stdout' | 'stderr', s: string): void {
    const text = this.partial[stream] + s;
    const lines = text.split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const l of lines) this.pushLine(stream, l);
  }

  private pushLine(stream: 'stdout' | 'stderr', text: string): void {
    this.logLines.push({ at: this.vt, stream, text });
    // The kubelet rotates container logs at 10 MiB; keep the newest lines.
    if (this.logLines.length > 50_000) this.logLines.splice(0, 10_000);
  }

  private recordFs(op: FsOp): void {
    applyFsOp(this.live, op);
    this.fsLog.push(op);
    this.changes.push(op[0]);
    this.fsCache = undefined;
  }

  private proc(opts: { pid1: boolean }): Proc {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const run = this;
    return makeProc({
      ctx: this.ctx,
      mode: 'container',
      pid1: opts.pid1,
      cwd: this.ctx.workingDir,
      env: new Map(this.ctx.env),
      out: (s) => run.write('stdout', s),
      err: (s) => run.write('stderr', s),
      now: () => run.vt,
      fs: () => run.live,
      record: (op) => run.recordFs(op),
      setStop: (r, p1) => {
        if (p1) run.stopReactions.push({ at: run.vt, r });
      },
      net: this.net,
    });
  }
}

interface ProcBase {
  ctx: ContainerContext;
  mode: 'container' | 'exec';
  pid1: boolean;
  cwd: string;
  env: Map<string, string>;
  stdin?: string;
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => number;
  fs: () => FileSystem;
  record: (op: FsOp) => void;
  setStop: (r: StopReaction | ServerApp, pid1: boolean) => void;
  net: PodNetwork | undefined;
}

/** Builds a Proc over a run's plumbing. */
export function makeProc(b: ProcBase): Proc {
  const p: Proc = {
    ctx: b.ctx,
    cwd: b.cwd,
    stdin: b.stdin ?? '',
    out: b.out,
    err: b.err,
    pid1: b.pid1,
    env: b.env,
    mode: b.mode,
    net: b.net,
    now: b.now,
    fs: b.fs,
    writeFile(path, content, append) {
      const abs = normalizePath(path, p.cwd);
      const fs = b.fs();
      const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
      if (!fs.isDir(dir) || fs.isDir(abs)) return false;
      b.record([b.now(), append ? 'a' : 'w', abs, content]);
      return true;
    },
    removePath(path, recursive) {
      const abs = normalizePath(path, p.cwd);
      const fs = b.fs();
      if (!fs.exists(abs)) return false;
      if (!recursive && fs.isDir(abs) && (fs.list(abs)?.length ?? 0) > 0) return false;
      b.record([b.now(), recursive ? 'rmr' : 'rm', abs]);
      return true;
    },
    makeDir(path, parents) {
      const abs = normalizePath(path, p.cwd);
      const fs = b.fs();
      if (fs.exists(abs)) return parents && fs.isDir(abs);
      if (!parents && !fs.isDir(abs.slice(0, abs.lastIndexOf('/')) || '/')) return false;
      b.record([b.now(), parents ? 'mkdirp' : 'mkdir', abs]);
      return true;
    },
    fork(opts) {
      const child = makeProc({
        ...b,
        cwd: p.cwd,
        env: p.env,
        stdin: opts.stdin ?? p.stdin,
        out: opts.out ?? p.out,
        err: opts.err ?? p.err,
        pid1: opts.pid1 ?? p.pid1,
      });
      return child;
    },
    which(name) {
      return findProgram(b.ctx, name);
    },
    setStopReaction(r) {
      b.setStop(r, p.pid1);
    },
    *spawn(argv, env, sh, exec) {
      const name = argv[0];
      const path = findProgram(b.ctx, name);
      if (!path) {
        if (sh) {
          if (name.includes('/')) p.err(`${sh.errPrefix}: ${name}: not found\n`);
          else p.err(`${sh.errPrefix}: ${name}: ${sh.notFoundWord}\n`);
          return 127;
        }
        throw new StartError(execNotFoundMessage(name));
      }
      const base = path.slice(path.lastIndexOf('/') + 1);
      const impl = PROGRAMS[base] ?? PROGRAMS['*'];
      const child = makeProc({ ...b, cwd: p.cwd, env, stdin: p.stdin, out: p.out, err: p.err, pid1: exec ? p.pid1 : false });
      return yield* impl(child, [name, ...argv.slice(1)]);
    },
  };
  return p;
}

/** What a `kubectl exec` (or an exec probe) printed, returned, and changed. */
export interface ExecOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Files it changed (to record in the container). */
  ops: FsOp[];
  /** Set when argv[0] does not exist: the runtime refused to start it. */
  notFound?: string;
}

/**
 * Runs a command in a running container, instantly (sleeps return at once), over the container's
 * filesystem at `now`. A command that would run for ever is cut off after many steps.
 */
export function runExec(ctx: ContainerContext, argv: string[], fs: FileSystem, now: number, stdin = '', net?: PodNetwork): ExecOutcome {
  const path = findProgram(ctx, argv[0] ?? '');
  if (!path) return { stdout: '', stderr: '', exitCode: 126, ops: [], notFound: execNotFoundMessage(argv[0] ?? '') };
  let stdout = '';
  let stderr = '';
  const ops: FsOp[] = [];
  const live = fs.clone();
  const proc = makeProc({
    ctx,
    mode: 'exec',
    pid1: false,
    cwd: ctx.workingDir,
    env: new Map(ctx.env),
    stdin,
    out: (s) => (stdout += s),
    err: (s) => (stderr += s),
    now: () => now,
    fs: () => live,
    record: (op) => {
      applyFsOp(live, op);
      ops.push(op);
    },
    setStop: () => {},
    net,
  });
  const gen = proc.spawn(argv, new Map(ctx.env), undefined, false);
  let code = 0;
  for (let steps = 0; ; steps++) {
    const r = gen.next();
    if (r.done) {
      code = r.value;
      break;
    }
    if ('serve' in r.value && r.value.background) continue;
    if ('serve' in r.value || 'block' in r.value || steps > 100_000) {
      // A command that blocks (a server, `sleep infinity`, an endless loop) would stream until
      // interrupted; the simulation returns what it printed so far.
      code = 0;
      break;
    }
  }
  return { stdout, stderr, exitCode: code & 255, ops };
}
