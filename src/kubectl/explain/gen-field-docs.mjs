// Generates field-docs.json: the descriptions of fields whose type is another object (a $ref in
// the OpenAPI spec), which the generated schema (src/engine/api/schema/k8s-schema.json) lacks
// because @kubernetes/client-node documents such fields with the referenced type's text.
// kubectl explain prints a field's own description followed by its type's; the field's own text
// comes from the kubernetes-types package (its doc comments are the OpenAPI descriptions).
// Run by hand: node src/kubectl/explain/gen-field-docs.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const schema = JSON.parse(readFileSync(join(root, 'src/engine/api/schema/k8s-schema.json'), 'utf8'));
const pkg = join(root, 'node_modules/kubernetes-types');
const files = { core: 'core/v1.d.ts', apps: 'apps/v1.d.ts', meta: 'meta/v1.d.ts', coordination: 'coordination/v1.d.ts', discovery: 'discovery/v1.d.ts' };
const interfaces = {};
for (const [key, f] of Object.entries(files)) {
  const text = readFileSync(join(pkg, f), 'utf8');
  const re = /export interface (\w+)(?:<[^>]*>)? \{([\s\S]*?)\n\}/g;
  let m;
  interfaces[key] = {};
  while ((m = re.exec(text))) {
    const fields = {};
    const fre = /\/\*\* ((?:(?!\*\/)[\s\S])*?) \*\/\n\s*(?:readonly )?'?([\w$-]+)'?\??:/g;
    let fm;
    while ((fm = fre.exec(m[2]))) fields[fm[2]] = fm[1].replace(/\n\s*\* ?/g, '\n').trim();
    interfaces[key][m[1]] = fields;
  }
}
const out = {};
for (const [def, d] of Object.entries(schema.definitions)) {
  let order = ['core', 'apps', 'meta', 'coordination', 'discovery'];
  if (def.startsWith('CoreV1')) order = ['core'];
  if (def.startsWith('DiscoveryV1')) order = ['discovery'];
  const name = def.replace(/^(CoreV1|DiscoveryV1|EventsV1|V1)/, '');
  const src = order.map((k) => interfaces[k][name]).find(Boolean);
  if (!src) continue;
  for (const [field, f] of Object.entries(d.fields)) {
    if (f.description || !src[field]) continue;
    (out[def] ??= {})[field] = src[field];
  }
}
// Descriptions of the types explain shows by name without a definition of their own.
const typeDoc = (file, name) => {
  const text = readFileSync(join(pkg, file), 'utf8');
  const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*?)\\*/\\nexport type ${name} = `).exec(text);
  return m ? m[1].replace(/\n \* ?/g, '\n').replace(/^\s+|\s+$/g, '') : undefined;
};
out.__types = {
  Time: typeDoc('meta/v1.d.ts', 'Time'),
  MicroTime: typeDoc('meta/v1.d.ts', 'MicroTime'),
  Quantity: typeDoc('api/resource.d.ts', 'Quantity'),
  IntOrString:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
};
writeFileSync(join(here, 'field-docs.json'), JSON.stringify(out, null, 1) + '\n');
console.log(Object.keys(out).length, 'definitions');
