/**
 * metav1 LabelSelector validation (apimachinery pkg/apis/meta/v1/validation): matchLabels as
 * labels, each matchExpression's operator, values and key.
 */
import { field, type FieldError } from '../errors';
import type { LabelSelector } from '../types';
import { labelValue } from './names';
import { validateLabelName, validateLabels } from './meta';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector false (the apps workloads' setting). */
export function validateLabelSelector(ls: LabelSelector | undefined | null, path: string): FieldError[] {
  if (!ls) return [];
  const errs = validateLabels(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(e.key ?? '', `${p}.key`));
    values.forEach((v, j) => {
      for (const m of labelValue(v)) errs.push(field.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/** Whether LabelSelectorAsSelector would accept the selector (known operators, In/NotIn with values). */
export function selectorConvertible(ls: LabelSelector | undefined | null): boolean {
  for (const e of ls?.matchExpressions ?? []) {
    if (!OPERATORS.has(e.operator)) return false;
    if ((e.operator === 'In' || e.operator === 'NotIn') && !(e.values ?? []).length) return false;
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && (e.values ?? []).length) return false;
  }
  return true;
}
