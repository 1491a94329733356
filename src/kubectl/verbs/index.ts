/** Every kubectl verb Podium implements, in the order `kubectl --help` lists them. */
import type { Verb } from '../registry';

/** The registry. */
export const VERBS: Verb[] = [];
