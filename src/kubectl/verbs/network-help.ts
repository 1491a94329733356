/**
 * The help texts and flags of the network verbs (`expose`, `create service ...`), recorded from
 * kubectl v1.32 (network-help.record.mjs -> network-help.json), turned into Verb definitions the
 * way write-help.ts does it for the other writing verbs.
 */
import helpData from './network-help.json';
import type { Verb, VerbGroup } from '../registry';
import { recordedHelpBook, type RecordedHelp } from './write-help';

const book = recordedHelpBook((helpData as unknown as { verbs: Record<string, RecordedHelp> }).verbs);

/** The recorded `--help` text of a network verb (`expose`, `create service clusterip`). */
export function recordedNetworkHelp(key: string): string | undefined {
  return book.text(key);
}

/** Builds a Verb from the help kubectl 1.32 prints for `kubectl KEY`. */
export function networkVerb(
  key: string,
  o: { name: string; aliases?: string[]; group?: VerbGroup; unsupported?: string[]; subcommands?: Verb[]; run?: Verb['run'] },
): Verb {
  return book.verb(key, o);
}
