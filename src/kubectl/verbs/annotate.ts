/**
 * `kubectl annotate` (kubernetes/kubectl pkg/cmd/annotate/annotate.go): like label, with values
 * that may contain `=`, the refusal `--overwrite is false but found the following declared
 * annotation(s): 'x' already has a value (y)` (kubernetes.io/change-cause may always be
 * overwritten), and `pod/web annotated` whatever changed.
 */
import type { Verb } from '../registry';
import { CHANGE_CAUSE } from './rollout';
import { parseAnnotationPairs, runMetadataEdit, type MetadataEdit } from './label';
import { recordedVerb } from './write-help';

/** The annotation edit. */
export const ANNOTATIONS: MetadataEdit = {
  field: 'annotations',
  pairType: 'annotation',
  parse: parseAnnotationPairs,
  noOverwrite: (obj, set) => {
    const found = Object.entries(set)
      .filter(([k, v]) => k !== CHANGE_CAUSE && obj.metadata.annotations?.[k] !== undefined && obj.metadata.annotations[k] !== v)
      .map(([k]) => `'${k}' already has a value (${obj.metadata.annotations![k]})`);
    return found.length ? `--overwrite is false but found the following declared annotation(s): ${found.join('; ')}` : undefined;
  },
  operation: () => 'annotated',
  reportMissing: false,
};

/** `kubectl annotate`. */
export const annotateVerb: Verb = recordedVerb('annotate', {
  name: 'annotate',
  group: 'Settings Commands',
  unsupported: ['kustomize', 'field-selector', 'template'],
  run: (ctx, args, flags) => runMetadataEdit(ctx, args, flags, ANNOTATIONS),
});
