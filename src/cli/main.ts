/**
 * The `podium` command line (bin/podium.mjs): `podium run SCRIPT [--seed N] [--nodes N]` runs a
 * scenario script (see script.ts) against a fresh simulated cluster and prints its transcript;
 * the process exits with the script's status, as bash would.
 */
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Engine } from '../engine/cluster';
import { runScript, type RunScriptOptions, type ScriptResult } from './script';
import { NETWORK_COMMANDS } from './network';

/** The usage text. */
export const USAGE = `Usage: podium run SCRIPT [--seed N] [--nodes N]

Runs a scenario script (a bash subset: kubectl lines, here-documents, sleep, echo, set -e,
|| true) against a fresh simulated Kubernetes v1.32 cluster and prints the transcript.

Options:
  --seed N    seed of the simulated cluster (default 42)
  --nodes N   number of nodes (default 3: podium-control-plane, podium-worker, podium-worker2)
`;

/** Runs a script text on a new cluster: the in-process entry the tests use. */
export async function runScenario(
  source: string,
  opts: { seed?: number; nodes?: number; scriptName?: string; files?: Record<string, string>; onOutput?: RunScriptOptions['onOutput']; commands?: RunScriptOptions['commands'] } = {},
): Promise<ScriptResult> {
  const engine = Engine.create({ seed: opts.seed, nodes: opts.nodes });
  return runScript(source, {
    engine,
    scriptName: opts.scriptName,
    onOutput: opts.onOutput,
    commands: { ...NETWORK_COMMANDS, ...opts.commands },
    readFile: (path) => {
      if (opts.files) return opts.files[path];
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    },
  });
}

function intFlag(name: string, value: string | undefined): number {
  if (value === undefined || !/^-?\d+$/.test(value)) throw new Error(`podium: ${name} needs an integer, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return Number(value);
}

/** The CLI entry: returns the process exit code. */
export async function main(argv: string[], io: { out?: (s: string) => void; err?: (s: string) => void } = {}): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s: string) => void process.stderr.write(s));
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    out(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd !== 'run') {
    err(`podium: unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
    return 2;
  }
  let script: string | undefined;
  let seed: number | undefined;
  let nodes: number | undefined;
  try {
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      const eq = a.indexOf('=');
      const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
      const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
      if (flag === '--seed') seed = intFlag('--seed', inline ?? rest[++i]);
      else if (flag === '--nodes') nodes = intFlag('--nodes', inline ?? rest[++i]);
      else if (a === '--help' || a === '-h') {
        out(USAGE);
        return 0;
      } else if (a.startsWith('-') && a !== '-') throw new Error(`podium: unknown flag ${a}\n${USAGE}`);
      else if (script === undefined) script = a;
      else throw new Error(`podium: only one SCRIPT may be given\n${USAGE}`);
    }
    if (script === undefined) throw new Error(`podium: run needs a SCRIPT\n${USAGE}`);
  } catch (e) {
    err(`${(e as Error).message.trimEnd()}\n`);
    return 2;
  }
  let source: string;
  try {
    source = script === '-' ? readFileSync(0, 'utf8') : readFileSync(script, 'utf8');
  } catch {
    err(`podium: ${script}: No such file or directory\n`);
    return 127;
  }
  let result: ScriptResult;
  try {
    result = await runScenario(source, {
      seed,
      nodes,
      scriptName: script === '-' ? 'bash' : basename(script),
      onOutput: (c) => (c.stream === 'stdout' ? out(c.text) : err(c.text)),
    });
  } catch (e) {
    err(`podium: ${(e as Error).message}\n`);
    return 1;
  }
  return result.exitCode;
}
