/**
 * Every kubectl verb Podium implements, in the order `kubectl --help` lists them. The read side
 * (get, describe, explain, api-resources, ...) and the write side (create, apply, delete, ...)
 * add their verbs in the marked places; `__root__` (plain `kubectl`), `options` and `help` are
 * not listed by `kubectl --help`.
 */
import type { Verb } from '../registry';
import { getVerb } from './get';
import { describeVerb } from './describe';
import { explainVerb } from './explain';
import { apiResourcesVerb } from './api-resources';
import { apiVersionsVerb } from './api-versions';
import { versionVerb } from './version';
import { clusterInfoVerb } from './cluster-info';
import { configVerb } from './config';
import { optionsVerb, rootVerb, helpVerb } from './options';
// The write side (manifests, patches, workloads, nodes).
import { createVerb } from './create';
import { runVerb } from './run';
import { setVerb } from './set';
import { editVerb } from './edit';
import { deleteVerb } from './delete';
import { rolloutVerb } from './rollout';
import { scaleVerb } from './scale';
import { cordonVerb } from './cordon';
import { uncordonVerb } from './uncordon';
import { drainVerb } from './drain';
import { logsVerb } from './logs';
import { execVerb } from './exec';
import { applyVerb } from './apply';
import { patchVerb } from './patch';
import { replaceVerb } from './replace';
import { waitVerb } from './wait';
import { labelVerb } from './label';
import { annotateVerb } from './annotate';
// The network verbs (issue 3).
import { exposeVerb } from './expose';

/** The registry. */
export const VERBS: Verb[] = [
  // Basic Commands (Beginner): create, expose, run, set
  createVerb,
  exposeVerb,
  runVerb,
  setVerb,
  // Basic Commands (Intermediate): explain, get, edit, delete
  explainVerb,
  getVerb,
  editVerb,
  deleteVerb,
  // Deploy Commands: rollout, scale, autoscale
  rolloutVerb,
  scaleVerb,
  // Cluster Management Commands: certificate, cluster-info, top, cordon, uncordon, drain, taint
  clusterInfoVerb,
  cordonVerb,
  uncordonVerb,
  drainVerb,
  // Troubleshooting and Debugging Commands: describe, logs, attach, exec, port-forward, proxy, cp, auth, debug, events
  describeVerb,
  logsVerb,
  execVerb,
  // Advanced Commands: diff, apply, patch, replace, wait, kustomize
  applyVerb,
  patchVerb,
  replaceVerb,
  waitVerb,
  // Settings Commands: label, annotate, completion
  labelVerb,
  annotateVerb,
  // Other Commands: api-resources, api-versions, config, plugin, version
  apiResourcesVerb,
  apiVersionsVerb,
  configVerb,
  versionVerb,
  // Not listed by `kubectl --help`
  optionsVerb,
  helpVerb,
  rootVerb,
];
