/**
 * `--help` output in kubectl's layout (kubectl pkg/util/templates: the long description, Examples,
 * Available Commands, Options with `--flag=default:` lines, Usage, the `kubectl options` footer).
 *
 * For the commands Podium implements, the text real kubectl v1.32 prints was recorded
 * (helptext/record.mjs) and is printed verbatim; other verbs get the same layout built from their
 * Verb definition.
 */
import type { Verb } from './registry';
import type { FlagSpec } from './flags';
import { KubectlError } from './errors';
import helpTexts from './helptext/help.json';

const RECORDED = helpTexts as Record<string, string>;

/** The recorded `kubectl ... --help` text of a command path (`get`, `config view`, `__root__`). */
export function recordedHelp(path: string[]): string | undefined {
  const key = path.length ? path.join(' ') : '__root__';
  return RECORDED[key];
}

/**
 * The flags a recorded help text lists, as FlagSpecs (type inferred from how pflag prints the
 * default): lets commands Podium does not simulate accept real kubectl's flags and then explain
 * themselves, instead of failing on an unknown flag.
 */
export function flagsOfRecordedHelp(path: string[]): FlagSpec[] {
  const text = recordedHelp(path) ?? '';
  const options = text.split('\nOptions:\n')[1]?.split('\nUsage:\n')[0] ?? '';
  const flags: FlagSpec[] = [];
  for (const m of options.matchAll(/^ {4}(?:-(\S), )?--([a-z0-9-]+)=(.*):\n\t(.*)\n/gm)) {
    const [, shorthand, name, def, usage] = m;
    const f: FlagSpec = { name, type: 'string', usage, ...(shorthand ? { shorthand } : {}) };
    if (def === 'true' || def === 'false') Object.assign(f, { type: 'bool', default: def === 'true' });
    else if (/^-?\d+$/.test(def)) Object.assign(f, { type: 'int', default: Number(def) });
    else if (/^\d+(ns|us|ms|s|m|h)/.test(def)) Object.assign(f, { type: 'duration', default: def });
    else if (def.startsWith('[')) Object.assign(f, { type: 'stringArray', default: def === '[]' ? [] : def.slice(1, -1).split(',') });
    else Object.assign(f, { default: def.replace(/^'|'$/g, '') });
    flags.push(f);
  }
  return flags;
}

/** How pflag shows a flag's default in help: `=false`, `=''`, `='yaml'`, `=[]`, `=500`, `=0s`. */
export function flagDefaultText(f: FlagSpec): string {
  const d = f.default;
  switch (f.type) {
    case 'bool':
      return `=${d === true ? 'true' : 'false'}`;
    case 'int':
      return `=${d ?? 0}`;
    case 'duration':
      return `=${d ?? '0s'}`;
    case 'stringArray':
    case 'stringSlice':
      return `=[${Array.isArray(d) ? d.join(',') : ''}]`;
    default:
      return `='${d ?? ''}'`;
  }
}

/** The Options block of a flag list, sorted by name as pflag sorts it. */
export function renderFlags(flags: FlagSpec[]): string {
  const visible = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return visible.map((f) => `    ${f.shorthand ? `-${f.shorthand}, ` : ''}--${f.name}${flagDefaultText(f)}:\n\t${f.usage}\n`).join('\n');
}

/** The help text of a verb (`path` is e.g. ['rollout', 'status']). */
export function renderHelp(verb: Verb, path: string[]): string {
  const recorded = recordedHelp(path);
  if (recorded !== undefined) return recorded;
  const parts: string[] = [];
  parts.push(`${(verb.long ?? verb.short).trimEnd()}\n`);
  if (verb.examples) parts.push(`Examples:\n${verb.examples.trimEnd()}\n`);
  if (verb.subcommands?.length) {
    // cobra pads names to max(11, longest name); kubectl's templater adds two (`history` -> 13).
    const pad = Math.max(11, ...verb.subcommands.map((s) => s.name.length)) + 2;
    const subs = [...verb.subcommands].sort((a, b) => (a.name < b.name ? -1 : 1));
    parts.push(`Available Commands:\n${subs.map((s) => `  ${s.name.padEnd(pad)} ${s.short}\n`).join('')}`);
  }
  if (verb.flags.some((f) => !f.hidden)) parts.push(`Options:\n${renderFlags(verb.flags)}`);
  let tail = `Usage:\n  ${verb.usage}\n\n`;
  if (verb.subcommands?.length) tail += `Use "kubectl ${path.join(' ')} <command> --help" for more information about a given command.\n`;
  tail += `Use "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  parts.push(tail);
  return parts.join('\n');
}

/** Every command `kubectl --help` lists, in its order (kubectl disables cobra's sorting). */
export function kubectlCommandNames(): string[] {
  const root = RECORDED['__root__'] ?? '';
  return [...root.matchAll(/^  ([a-z][a-z-]*) {2,}\S/gm)].map((m) => m[1]);
}

/** Levenshtein distance, as cobra's ld() computes it (case-insensitive). */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let j = 1; j <= t.length; j++)
    for (let i = 1; i <= s.length; i++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
  return d[s.length][t.length];
}

/**
 * cobra's "unknown command" error with its suggestions (SuggestionsFor: edit distance at most 2,
 * or a name the typed word is a prefix of), over kubectl's commands in help order.
 */
export function unknownCommandMessage(typed: string): string {
  const suggestions = kubectlCommandNames().filter((n) => editDistance(typed, n) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()));
  let msg = `unknown command "${typed}" for "kubectl"`;
  if (suggestions.length) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
  return msg;
}

/**
 * cmdutil.DefaultSubCommandRun: a parent command (`kubectl rollout`, `kubectl set`, ...) run
 * without a sub-command prints its help to `stream` (stdout for rollout, stderr for the others,
 * as each passes its own) and exits 1; words that name no sub-command are an "unknown command",
 * all of them quoted together (`unknown command "foo deploy/web"`).
 */
export function defaultSubCommandRun(ctx: { out(s: string): void; err(s: string): void }, path: string, args: string[], stream: 'out' | 'err', help: () => string): number {
  if (args.length) throw new KubectlError(`unknown command ${JSON.stringify(args.join(' '))}\nSee 'kubectl ${path} -h' for help and examples`);
  if (stream === 'out') ctx.out(help());
  else ctx.err(help());
  return 1;
}
