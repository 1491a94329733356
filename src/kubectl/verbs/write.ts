/**
 * The write-side verbs (manifests, patches, workloads, nodes), for the registry in index.ts and for
 * tests that run them without the rest of the registry.
 */
import type { Verb } from '../registry';
import { annotateVerb } from './annotate';
import { applyVerb } from './apply';
import { cordonVerb } from './cordon';
import { createVerb } from './create';
import { deleteVerb } from './delete';
import { drainVerb } from './drain';
import { editVerb } from './edit';
import { execVerb } from './exec';
import { labelVerb } from './label';
import { logsVerb } from './logs';
import { patchVerb } from './patch';
import { replaceVerb } from './replace';
import { rolloutVerb } from './rollout';
import { runVerb } from './run';
import { scaleVerb } from './scale';
import { setVerb } from './set';
import { uncordonVerb } from './uncordon';
import { waitVerb } from './wait';

/** Every write-side verb, by the group `kubectl --help` lists it in. */
export const WRITE_VERBS_BY_GROUP = {
  beginner: [createVerb, runVerb, setVerb],
  intermediate: [editVerb, deleteVerb],
  deploy: [rolloutVerb, scaleVerb],
  cluster: [cordonVerb, uncordonVerb, drainVerb],
  debugging: [logsVerb, execVerb],
  advanced: [applyVerb, patchVerb, replaceVerb, waitVerb],
  settings: [labelVerb, annotateVerb],
};

/** Every write-side verb. */
export const WRITE_VERBS: Verb[] = Object.values(WRITE_VERBS_BY_GROUP).flat();
