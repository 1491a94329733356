/**
 * admission.NewForbidden: the 403 an admission plugin returns. Before the name is generated the
 * API server names the object by its generateName (`pods "web-7d4b9c-" is forbidden: ...`), which
 * is what a ReplicaSet's FailedCreate event shows.
 */
import { forbidden, type ApiError } from '../../api/errors';
import { mustKind } from '../../api/registry';
import type { KObject } from '../../api/types';
import { NAME_ALPHABET } from '../../sim/rng';

/** The name admission reports: the generateName when the store generated the name from it. */
export function admissionName(obj: KObject): string {
  const { name, generateName } = obj.metadata;
  if (generateName && name?.length === Math.min(generateName.length, 58) + 5 && name.startsWith(generateName.slice(0, 58))) {
    const suffix = name.slice(-5);
    if ([...suffix].every((ch) => NAME_ALPHABET.includes(ch))) return generateName;
  }
  return name ?? generateName ?? 'Unknown';
}

/** A Forbidden error for an object, as an admission plugin words it. */
export function forbiddenFor(obj: KObject, why: string): ApiError {
  return forbidden(mustKind(obj.kind), admissionName(obj), why);
}
