/**
 * ObjectMeta validation (apimachinery pkg/api/validation/objectmeta.go, plus the core group's
 * finalizer rule): name and generateName per kind, namespace, labels, annotations, owner
 * references and finalizers on create; immutable metadata on update.
 */
import { field, type FieldError, GoValue } from '../errors';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { asPrefix, dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names';

/** How each kind's names are checked (the strategy's NameFunc); the rest are DNS-1123 subdomains. */
const NAME_RULE: Record<string, (v: string) => string[]> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
};

/** The name rule of a kind (NameIsDNSSubdomain unless the kind says otherwise). */
export function nameRule(kind: string): (v: string) => string[] {
  return NAME_RULE[kind] ?? dns1123Subdomain;
}

/** ValidateLabelName: a label key must be a qualified name. */
export function validateLabelName(key: string, path: string): FieldError[] {
  return qualifiedName(key).map((m) => field.invalid(path, key, m));
}

/** Validates labels as metav1validation.ValidateLabels does (keys then values, at the map's path). */
export function validateLabels(labels: Record<string, string> | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const m of labelValue(String(v))) errs.push(field.invalid(path, v, m));
  }
  return errs;
}

/** Validates annotation keys (case-insensitive qualified names) and the 256 KiB total size limit. */
export function validateAnnotations(annotations: Record<string, string> | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of qualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, m));
    total += k.length + String(v).length;
  }
  if (total > 256 * 1024) errs.push(field.tooLong(path, 256 * 1024));
  return errs;
}

/** The finalizers the core group knows by their short name (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** ValidateFinalizers plus validateKubeFinalizerName. */
export function validateFinalizers(finalizers: string[] | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  list.forEach((f, i) => {
    for (const m of qualifiedName(f)) errs.push(field.invalid(path, f, m));
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f))
      errs.push(field.invalid(`${path}[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  if (list.includes('orphan') && list.includes('foregroundDeletion'))
    errs.push(field.invalid(path, new GoValue(`[]string{${list.map((x) => JSON.stringify(x)).join(', ')}}`), 'finalizer orphan and foregroundDeletion cannot be both set'));
  return errs;
}

/** ValidateOwnerReferences: apiVersion, kind, name and uid set, at most one controller. */
export function validateOwnerReferences(refs: KObject['metadata']['ownerReferences'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errs.push(field.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(field.invalid(`${path}.kind`, ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(field.invalid(`${path}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(field.invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event')
      errs.push(field.invalid(path, new GoValue('v1.OwnerReference{...}'), '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          field.invalid(path, new GoValue('[]v1.OwnerReference{...}'), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`),
        );
      else firstController = cur;
    }
  }
  return errs;
}

/** Validates metadata of a create (isUpdate false) or an update (with the stored object). */
export function validateObjectMeta(obj: KObject, info: KindInfo, isUpdate: boolean, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata;
  const rule = nameRule(info.kind);
  if (!isUpdate && meta.generateName) for (const m of asPrefix(rule)(meta.generateName)) errs.push(field.invalid('metadata.generateName', meta.generateName, m));
  if (!meta.name) {
    errs.push(field.required('metadata.name', 'name or generateName is required'));
  } else if (!isUpdate) {
    for (const m of rule(meta.name)) errs.push(field.invalid('metadata.name', meta.name, m));
  }
  if (info.namespaced) {
    if (!meta.namespace) errs.push(field.required('metadata.namespace', ''));
    else for (const m of dns1123Label(meta.namespace)) errs.push(field.invalid('metadata.namespace', meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(field.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  if (isUpdate && old) {
    if (old.metadata.deletionTimestamp) {
      const before = new Set(old.metadata.finalizers ?? []);
      const extra = [...new Set(meta.finalizers ?? [])].filter((f) => !before.has(f)).sort();
      if (extra.length)
        errs.push(
          field.forbidden(
            'metadata.finalizers',
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((x) => JSON.stringify(x)).join(', ')}}`,
          ),
        );
    }
    if ((meta.generation ?? 0) < (old.metadata.generation ?? 0))
      errs.push(field.invalid('metadata.generation', meta.generation ?? 0, 'must not be decremented'));
    if (meta.name !== old.metadata.name) errs.push(field.invalid('metadata.name', meta.name, 'field is immutable'));
  }
  // An update that keeps the very same (immutable, already validated) labels, annotations,
  // owner references or finalizers as the stored object need not validate them again: status
  // writes, which are most writes, share them with the stored object.
  const same = isUpdate && old ? old.metadata : undefined;
  if (!same || meta.labels !== same.labels) errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  if (!same || meta.annotations !== same.annotations) errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  if (!same || meta.ownerReferences !== same.ownerReferences) errs.push(...validateOwnerReferences(meta.ownerReferences, 'metadata.ownerReferences'));
  if (!same || meta.finalizers !== same.finalizers) errs.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  return errs;
}
