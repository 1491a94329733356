#!/usr/bin/env node
// Generates src/engine/api/schema/k8s-schema.json: the field structure (names, types, required
// fields, descriptions) of the Kubernetes v1.32 API types Podium serves, taken from the models that
// @kubernetes/client-node 1.1.x generates from the v1.32.0 OpenAPI spec (its README maps 1.1.x to 1.32).
//
// Why: the API server rejects unknown fields (kubectl's default --validate=strict) and keeps every
// known one; `kubectl explain` prints the descriptions; the YAML editor validates against the same
// data. No npm package ships the raw OpenAPI document, so we read the generated model classes:
// each .js has an attributeTypeMap (name, type, format) and each .d.ts the doc comment and `?`.
//
// Usage: node scripts/gen-openapi.mjs   (needs the npm registry once; the output is committed)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = '@kubernetes/client-node@1.1.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/engine/api/schema/k8s-schema.json');

const tmp = mkdtempSync(join(tmpdir(), 'podium-openapi-'));
execFileSync('npm', ['pack', PKG, '--silent'], { cwd: tmp, stdio: ['ignore', 'pipe', 'inherit'] });
const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
execFileSync('tar', ['xzf', tgz], { cwd: tmp });
const models = join(tmp, 'package/dist/gen/models');

// Top-level kinds Podium serves; every type reachable from them is emitted.
const ROOTS = {
  V1Namespace: 'v1/Namespace',
  V1Node: 'v1/Node',
  V1Pod: 'v1/Pod',
  V1ReplicationController: 'v1/ReplicationController',
  V1Service: 'v1/Service',
  V1Endpoints: 'v1/Endpoints',
  CoreV1Event: 'v1/Event',
  V1ConfigMap: 'v1/ConfigMap',
  V1Secret: 'v1/Secret',
  V1ServiceAccount: 'v1/ServiceAccount',
  V1ReplicaSet: 'apps/v1/ReplicaSet',
  V1Deployment: 'apps/v1/Deployment',
  V1DaemonSet: 'apps/v1/DaemonSet',
  V1EndpointSlice: 'discovery.k8s.io/v1/EndpointSlice',
  V1Lease: 'coordination.k8s.io/v1/Lease',
};

function unescape(s) {
  return s.replace(/\\(['"\\])/g, '$1');
}

function parseDts(name) {
  const text = readFileSync(join(models, `${name}.d.ts`), 'utf8');
  const classDoc = /\/\*\*\n\* ([\s\S]*?)\n\*\/\nexport declare class/.exec(text);
  const fields = {};
  const body = text.slice(text.indexOf('export declare class'));
  const re = /(?:\/\*\*\n\s*\* ((?:(?!\*\/)[\s\S])*?)\n\s*\*\/\n)?\s*'([^']+)'(\?)?: ([^;]+);/g;
  let m;
  while ((m = re.exec(body))) {
    fields[m[2]] = { description: m[1] ? unescape(m[1].trim()) : '', optional: !!m[3], tsType: m[4].trim() };
  }
  return { description: classDoc ? unescape(classDoc[1].trim()) : '', fields };
}

function parseJs(name) {
  const text = readFileSync(join(models, `${name}.js`), 'utf8');
  const m = /attributeTypeMap = (\[[\s\S]*?\]);/.exec(text);
  return m ? JSON.parse(m[1]) : [];
}

// Maps a client-node type string to our compact type: a definition name, or a primitive, or
// { array: T } / { map: T }.
function convertType(t, format) {
  t = t.trim();
  let m;
  if ((m = /^Array<(.+)>$/.exec(t))) return { array: convertType(m[1], '') };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(t))) return { map: convertType(m[1], '') };
  if (t === 'string') return format === 'byte' ? 'bytes' : 'string';
  if (t === 'number') return format === 'double' ? 'number' : 'integer';
  if (t === 'boolean') return 'boolean';
  if (t === 'Date') return 'time';
  if (t === 'any') return 'any';
  if (t === 'IntOrString') return 'int-or-string';
  if (t === 'V1MicroTime') return 'microtime';
  if (/^[A-Z][A-Za-z0-9]+$/.test(t)) return t;
  throw new Error(`unknown type ${t}`);
}

const definitions = {};
const queue = Object.keys(ROOTS);
const refsOf = (ty, acc) => {
  if (typeof ty === 'string') {
    if (/^[A-Z]/.test(ty)) acc.push(ty);
  } else if (ty.array) refsOf(ty.array, acc);
  else if (ty.map) refsOf(ty.map, acc);
  return acc;
};
while (queue.length) {
  const name = queue.shift();
  if (definitions[name]) continue;
  const dts = parseDts(name);
  const attrs = parseJs(name);
  const fields = {};
  const required = [];
  for (const a of attrs) {
    const d = dts.fields[a.baseName] ?? dts.fields[a.name] ?? { description: '', optional: true };
    const type = convertType(a.type, a.format);
    const f = { type };
    // The generator puts the referenced type's description on such fields; keep it only for
    // fields of primitive type, where it is the field's own.
    const direct = typeof type === 'string' && /^[A-Z]/.test(type) ? type : null;
    const typeDoc = direct && existsSync(join(models, `${direct}.d.ts`)) ? parseDts(direct).description : null;
    const borrowed = d.description === typeDoc || d.description.startsWith('IntOrString is a type') || d.description.startsWith('MicroTime is version');
    if (d.description && !borrowed) f.description = d.description;
    if (a.format === 'int64') f.format = 'int64';
    fields[a.baseName] = f;
    if (!d.optional) required.push(a.baseName);
    for (const r of refsOf(type, [])) if (!definitions[r]) queue.push(r);
  }
  definitions[name] = { description: dts.description, fields, ...(required.length ? { required } : {}) };
}

mkdirSync(dirname(out), { recursive: true });
const doc = {
  source: `${PKG} (Kubernetes OpenAPI v1.32.0), generated by scripts/gen-openapi.mjs`,
  roots: ROOTS,
  definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
};
writeFileSync(out, JSON.stringify(doc, null, 0) + '\n');
console.log(`wrote ${out}: ${Object.keys(definitions).length} definitions, ${JSON.stringify(doc).length} bytes`);
