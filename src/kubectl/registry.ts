/**
 * The verb registry, in the manner of Excalidraw's action registry: each kubectl verb is one file
 * that exports a Verb (its flags, help and run function); adding a verb touches that file and the
 * list in verbs/index.ts.
 */
import type { FlagSpec, FlagValues, Parsed } from './flags';
import type { KubectlContext } from './context';

/** The groups `kubectl --help` lists commands under. */
export type VerbGroup =
  | 'Basic Commands (Beginner)'
  | 'Basic Commands (Intermediate)'
  | 'Deploy Commands'
  | 'Cluster Management Commands'
  | 'Troubleshooting and Debugging Commands'
  | 'Advanced Commands'
  | 'Settings Commands'
  | 'Other Commands';

/** One kubectl command (or sub-command). */
export interface Verb {
  /** `get`, or `status` for `rollout status`. */
  name: string;
  aliases?: string[];
  group?: VerbGroup;
  /** One line, for the parent's command list. */
  short: string;
  /** The long description of `--help`. */
  long?: string;
  /** The examples block of `--help` (already indented as kubectl indents it). */
  examples?: string;
  /** The usage line after `Usage:` (`kubectl get [(-o|--output=)json|yaml|...] ...`). */
  usage: string;
  /** The verb's own flags (global flags are added by the dispatcher). */
  flags: FlagSpec[];
  /** Sub-commands (`rollout status`, `create deployment`, `config view`, `set image`). */
  subcommands?: Verb[];
  /** False when flags end at the first positional argument (`exec POD -- cmd`). Default true. */
  interspersed?: boolean;
  /** Runs the command; returns the exit code. Throwing an error prints it (see errors.ts). */
  run?(ctx: KubectlContext, args: string[], flags: FlagValues, parsed: Parsed): Promise<number> | number;
}
