/**
 * The help texts and flags of the network verbs (`expose`, `create service ...`), recorded from
 * kubectl v1.32 (network-help.record.mjs -> network-help.json), turned into Verb definitions the
 * way write-help.ts does it for the other writing verbs.
 */
import helpData from './network-help.json';
import type { FlagSpec, FlagType } from '../flags';
import type { Verb, VerbGroup } from '../registry';

interface RecordedHelp {
  short: string;
  long: string;
  examples?: string;
  usage: string;
  flags: Array<[string, string, FlagType, string | number | boolean | string[], string]>;
  /** The whole recorded text (for the help tests). */
  text: string;
}

const HELP = (helpData as unknown as { verbs: Record<string, RecordedHelp> }).verbs;

/** NoOptDefVal of flags that take an optional value. */
const NO_OPT: Record<string, string> = { 'dry-run': 'unchanged', validate: 'strict' };

/** The recorded `--help` text of a network verb (`expose`, `create service clusterip`). */
export function recordedNetworkHelp(key: string): string | undefined {
  return HELP[key]?.text;
}

/** Builds a Verb from the help kubectl 1.32 prints for `kubectl KEY`. */
export function networkVerb(
  key: string,
  o: { name: string; aliases?: string[]; group?: VerbGroup; unsupported?: string[]; subcommands?: Verb[]; run?: Verb['run'] },
): Verb {
  const h = HELP[key];
  if (!h) throw new Error(`no recorded help for kubectl ${key}`);
  const flags: FlagSpec[] = h.flags.map(([name, shorthand, type, def, usage]) => ({
    name,
    ...(shorthand ? { shorthand } : {}),
    type,
    default: def,
    usage,
    ...(NO_OPT[name] !== undefined ? { noOptDefault: NO_OPT[name] } : {}),
    ...(o.unsupported?.includes(name) ? { unsupported: true } : {}),
  }));
  return {
    name: o.name,
    aliases: o.aliases,
    group: o.group,
    short: h.short,
    long: h.long,
    examples: h.examples,
    usage: h.usage,
    flags,
    subcommands: o.subcommands,
    run: o.run,
  };
}
