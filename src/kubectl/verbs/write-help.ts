/**
 * The help texts and flags of the write-side verbs, recorded from `kubectl v1.32 VERB --help`
 * (write-help.json), turned into Verb definitions: each verb file names its recorded help, the
 * flags Podium does not implement (a clear error when used) and the flags whose type the help
 * text alone does not tell (string arrays, NoOptDefVal).
 */
import helpData from './write-help.json';
import type { FlagSpec, FlagType } from '../flags';
import type { Verb, VerbGroup } from '../registry';

/** One verb's recorded `--help`: texts, and flags as [name, shorthand, type, default, usage]. */
export interface RecordedHelp {
  short: string;
  long: string;
  examples?: string;
  usage: string;
  flags: Array<[string, string, FlagType, string | number | boolean | string[], string]>;
  /** The whole recorded text, where the recording kept it (the network verbs' help tests). */
  text?: string;
}

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

/** Builds Verbs and flag specs from one recording of kubectl 1.32's help texts. */
export function recordedHelpBook(verbs: Record<string, RecordedHelp>) {
  const must = (key: string): RecordedHelp => {
    const h = verbs[key];
    if (!h) throw new Error(`no recorded help for kubectl ${key}`);
    return h;
  };
  const flags = (key: string, o: Pick<HelpVerbOptions, 'unsupported' | 'types'> = {}): FlagSpec[] =>
    must(key).flags.map(([name, shorthand, type, def, usage]) => ({
      name,
      ...(shorthand ? { shorthand } : {}),
      type: o.types?.[name] ?? type,
      default: def,
      usage,
      ...(NO_OPT[name] !== undefined ? { noOptDefault: NO_OPT[name] } : {}),
      ...(o.unsupported?.includes(name) ? { unsupported: true } : {}),
    }));
  const verb = (key: string, o: HelpVerbOptions): Verb => {
    const h = must(key);
    return {
      name: o.name,
      aliases: o.aliases,
      group: o.group,
      short: h.short,
      long: h.long,
      examples: h.examples,
      usage: h.usage,
      flags: flags(key, o),
      subcommands: o.subcommands,
      interspersed: o.interspersed,
      run: o.run,
    };
  };
  return { flags, verb, text: (key: string): string | undefined => verbs[key]?.text };
}

const book = recordedHelpBook((helpData as unknown as { verbs: Record<string, RecordedHelp> }).verbs);

/** The recorded flags of a verb (with Podium's adjustments). */
export const recordedFlags = book.flags;

/** Builds a Verb from the help kubectl 1.32 prints for `kubectl KEY`. */
export const recordedVerb = book.verb;
