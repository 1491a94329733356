/**
 * The help texts and flags of the write-side verbs, recorded from `kubectl v1.32 VERB --help`
 * (write-help.json), turned into Verb definitions: each verb file names its recorded help, the
 * flags Podium does not implement (a clear error when used) and the flags whose type the help
 * text alone does not tell (string arrays, NoOptDefVal).
 */
import helpData from './write-help.json';
import type { FlagSpec, FlagType } from '../flags';
import type { Verb, VerbGroup } from '../registry';

interface RecordedHelp {
  short: string;
  long: string;
  examples?: string;
  usage: string;
  flags: Array<[string, string, FlagType, string | number | boolean | string[], string]>;
}

const HELP = (helpData as unknown as { verbs: Record<string, RecordedHelp> }).verbs;

/** NoOptDefVal of flags that take an optional value (`--dry-run` alone means `--dry-run=unchanged`). */
const NO_OPT: Record<string, string> = { 'dry-run': 'unchanged', validate: 'strict', cascade: 'background', 'local-ssd-unused': '' };

/** How a verb adapts its recorded help. */
export interface HelpVerbOptions {
  name: string;
  aliases?: string[];
  group?: VerbGroup;
  /** Flags of real kubectl that Podium does not implement. */
  unsupported?: string[];
  /** Types the help text cannot tell (`stringArray` for repeatable flags that keep commas). */
  types?: Record<string, FlagType>;
  subcommands?: Verb[];
  interspersed?: boolean;
  run?: Verb['run'];
}

/** The recorded flags of a verb (with Podium's adjustments). */
export function recordedFlags(key: string, o: Pick<HelpVerbOptions, 'unsupported' | 'types'> = {}): FlagSpec[] {
  const h = HELP[key];
  if (!h) throw new Error(`no recorded help for kubectl ${key}`);
  return h.flags.map(([name, shorthand, type, def, usage]) => ({
    name,
    ...(shorthand ? { shorthand } : {}),
    type: o.types?.[name] ?? type,
    default: def,
    usage,
    ...(NO_OPT[name] !== undefined ? { noOptDefault: NO_OPT[name] } : {}),
    ...(o.unsupported?.includes(name) ? { unsupported: true } : {}),
  }));
}

/** Builds a Verb from the help kubectl 1.32 prints for `kubectl KEY`. */
export function recordedVerb(key: string, o: HelpVerbOptions): Verb {
  const h = HELP[key];
  if (!h) throw new Error(`no recorded help for kubectl ${key}`);
  return {
    name: o.name,
    aliases: o.aliases,
    group: o.group,
    short: h.short,
    long: h.long,
    examples: h.examples,
    usage: h.usage,
    flags: recordedFlags(key, o),
    subcommands: o.subcommands,
    interspersed: o.interspersed,
    run: o.run,
  };
}
