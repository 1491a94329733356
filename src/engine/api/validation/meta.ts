/**
 * ObjectMeta validation (apimachinery ValidateObjectMeta): name and namespace rules per kind,
 * label and annotation syntax, immutable metadata on update.
 */
import { field, type FieldError } from '../errors';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names';

/** How each kind's names are checked (the strategy's NameFunc). */
const NAME_RULE: Record<string, (v: string) => string[]> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
  // Deployments, ReplicaSets, DaemonSets, Pods, Nodes, ... are subdomains.
};

/** Validates labels as metav1validation.ValidateLabels does. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of qualifiedName(k)) errs.push(field.invalid(path, k, m));
    for (const m of labelValue(String(v))) errs.push(field.invalid(path, v, m));
  }
  return errs;
}

/** Validates annotation keys and the 256 KiB total size limit. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of qualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, m));
    total += k.length + String(v).length;
  }
  if (total > 256 * 1024) errs.push(field.tooLong(path, 256 * 1024));
  return errs;
}

/** Validates metadata of a create or update. */
export function validateObjectMeta(obj: KObject, info: KindInfo, isUpdate: boolean, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata;
  if (!meta.name) {
    if (!meta.generateName) errs.push(field.required('metadata.name', 'name or generateName is required'));
  } else {
    const rule = NAME_RULE[info.kind] ?? dns1123Subdomain;
    for (const m of rule(meta.name)) errs.push(field.invalid('metadata.name', meta.name, m));
  }
  if (info.namespaced) {
    if (!meta.namespace) errs.push(field.required('metadata.namespace', ''));
    else for (const m of dns1123Label(meta.namespace)) errs.push(field.invalid('metadata.namespace', meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(field.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  if (isUpdate && old) {
    if (meta.name !== old.metadata.name) errs.push(field.invalid('metadata.name', meta.name, 'field is immutable'));
  }
  return errs;
}
