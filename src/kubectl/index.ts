/**
 * kubectl on top of the engine: splits the command line as a shell would, finds the verb in the
 * registry, parses its flags and runs it against the simulated API server.
 */
import type { Engine } from '../engine/cluster';
import { splitShell, ShellSyntaxError } from './shell';
import { parseFlags, FlagError } from './flags';
import { GLOBAL_FLAGS } from './global';
import { VERBS } from './verbs/index';
import type { Verb } from './registry';
import { KubectlContext, Interrupted, kubeconfig } from './context';
import { formatError, KubectlError } from './errors';
import { kubectlCommandNames, renderHelp, unknownCommandMessage } from './help';

/** Options of one kubectl invocation. */
export interface KubectlOptions {
  /** Standard input (`-f -`, `edit`'s edited text, `exec -i`). */
  stdin?: string;
  /** Files that `-f NAME` can read, by name. */
  files?: Record<string, string>;
  /** Receives output as it is produced (streamed commands: `get -w`, `rollout status`, `logs -f`). */
  onOutput?: (chunk: { stream: 'stdout' | 'stderr'; text: string }) => void;
  /** Aborts a waiting command, as Ctrl-C does. */
  signal?: AbortSignal;
  /**
   * How waiting commands wait: `advance` (default) runs the simulated clock themselves until done
   * or timed out; `realtime` waits for whoever drives the clock.
   */
  wait?: 'advance' | 'realtime';
}

/** What a kubectl invocation printed and its exit code. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Global flags that take a value, for finding the verb among leading flags. */
const VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.shorthand ? [`-${f.shorthand}`] : [])]));

/** Looks a verb up by name or alias. */
export function findVerb(name: string, verbs: Verb[] = VERBS): Verb | undefined {
  return verbs.find((v) => v.name === name || v.aliases?.includes(name));
}

/** Runs one kubectl command line against an engine. */
export async function runKubectl(engine: Engine, line: string, options: KubectlOptions = {}): Promise<KubectlResult> {
  let argv: string[];
  const early = (stderr: string, exitCode = 1): KubectlResult => {
    options.onOutput?.({ stream: 'stderr', text: stderr });
    return { stdout: '', stderr, exitCode };
  };
  try {
    argv = splitShell(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return early(`error: ${e.message}\n`, 2);
    throw e;
  }
  if (argv[0] === 'kubectl') argv = argv.slice(1);
  return runArgv(engine, argv, options);
}

/** Runs kubectl with already split arguments (the scenario shell uses this). */
export async function runArgv(engine: Engine, argv: string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  // The verb is the first word that is neither a flag nor a global flag's value.
  let verbIndex = -1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    verbIndex = i;
    break;
  }
  const ctxFor = (ns: string | undefined, context?: string) => new KubectlContext(engine, options, ns, context);
  if (verbIndex < 0) {
    const ctx = ctxFor(undefined);
    const top = findVerb('__root__');
    if (top?.run) {
      const code = await top.run(ctx, [], {}, { args: [], flags: {}, changed: new Set() });
      return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: code };
    }
    ctx.out('kubectl controls the Kubernetes cluster manager.\n');
    return { stdout: ctx.stdout, stderr: '', exitCode: 0 };
  }
  const rest = [...argv.slice(0, verbIndex), ...argv.slice(verbIndex + 1)];
  let verb = findVerb(argv[verbIndex]);
  const path = [argv[verbIndex]];
  if (!verb || verb.name === '__root__') {
    const ctx = ctxFor(undefined);
    const typed = argv[verbIndex];
    // A real kubectl command Podium does not simulate gets a Podium line instead of "unknown command".
    if (kubectlCommandNames().includes(typed)) ctx.err(`podium: "kubectl ${typed}" exists in kubectl 1.32 but Podium does not simulate it.\n`);
    else ctx.err(`error: ${unknownCommandMessage(typed).replace(/\n$/, '')}\n`);
    return { stdout: '', stderr: ctx.stderr, exitCode: 1 };
  }
  // Sub-commands: the first positional word after the verb.
  let args = rest;
  while (verb.subcommands?.length) {
    const idx = args.findIndex((a) => !a.startsWith('-'));
    if (idx < 0) break;
    const sub = findVerb(args[idx], verb.subcommands);
    if (!sub) break;
    verb = sub;
    path.push(args[idx]);
    args = [...args.slice(0, idx), ...args.slice(idx + 1)];
  }
  const specs = [...verb.flags, ...GLOBAL_FLAGS.filter((g) => !verb!.flags.some((f) => f.name === g.name))];
  let ctx: KubectlContext | undefined;
  try {
    const parsed = parseFlags(args, specs, { interspersed: verb.interspersed ?? true });
    const context = (parsed.flags.context as string) || undefined;
    ctx = ctxFor(parsed.flags.namespace as string | undefined, context);
    if (parsed.flags.help) {
      ctx.out(renderHelp(verb, path));
      return { stdout: ctx.stdout, stderr: '', exitCode: 0 };
    }
    if (context && !kubeconfig(engine).contexts.some((c) => c.name === context)) throw new KubectlError(`context was not found for specified context: ${context}`);
    if (!verb.run) {
      ctx.out(renderHelp(verb, path));
      return { stdout: ctx.stdout, stderr: '', exitCode: 0 };
    }
    const code = await verb.run(ctx, parsed.args, parsed.flags, parsed);
    ctx.settle();
    return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: code };
  } catch (e) {
    ctx ??= ctxFor(undefined);
    if (e instanceof FlagError) {
      // kubectl's main runs cobra with cli.RunNoErrOutput and prints the error with CheckErr:
      // "error: ", not cobra's "Error: " (which Google Cloud SDK's kubectl dispatcher prints).
      ctx.err(`error: ${e.message}\nSee 'kubectl ${path.join(' ')} --help' for usage.\n`);
      return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: 1 };
    }
    if (e instanceof Interrupted) {
      ctx.settle();
      return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: 130 };
    }
    ctx.settle();
    const exitCode = e instanceof KubectlError ? e.exitCode : 1;
    // kubectl's fatal() adds the newline only when the message lacks one (cmd/util/helpers.go).
    const msg = formatError(e);
    ctx.err(msg.endsWith('\n') ? msg : `${msg}\n`);
    return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode };
  }
}

export { KubectlError };
