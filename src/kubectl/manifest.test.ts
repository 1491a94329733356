import { describe, expect, it } from 'vitest';
import { readManifest, splitYamlDocuments, yamlToJson } from './manifest';

// Every expected message below was recorded from kubectl v1.32 (`kubectl create -f F --dry-run=client
// --validate=false`), the file name being F.
const PARSE_ERRORS: Array<[string, string, string]> = [
  ['labels on one line', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels: a: b\n', 'yaml: line 5: mapping values are not allowed in this context'],
  ['over-indented key', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n   x: 1\n', 'yaml: line 5: mapping values are not allowed in this context'],
  ['over-indented key 2', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n    labels: x\n', 'yaml: line 5: mapping values are not allowed in this context'],
  ['under-indented key', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n labels: x\n', 'yaml: line 4: did not find expected key'],
  ['under-indented key in labels', 'kind: Pod\napiVersion: v1\nmetadata:\n  labels:\n    app: web\n   tier: x\n', 'yaml: line 5: did not find expected key'],
  ['tab indentation', 'kind: Pod\napiVersion: v1\nmetadata:\n\tname: a\n', 'yaml: line 4: found character that cannot start any token'],
  ['reserved character', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: @a\n', 'yaml: line 4: found character that cannot start any token'],
  ['unclosed double quote', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: "a\n', 'yaml: line 5: found unexpected end of stream'],
  ['unclosed single quote', "kind: Pod\napiVersion: v1\nmetadata:\n  name: 'a\n", 'yaml: line 5: found unexpected end of stream'],
  ['sequence under a mapping', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n - b\n', 'yaml: line 4: did not find expected key'],
  ['sequence item in a mapping', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n  - b\n', 'yaml: line 4: did not find expected key'],
  ['unclosed flow sequence', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: [a\n', "yaml: line 4: did not find expected ',' or ']'"],
  ['unclosed flow sequence 2', 'kind: Pod\napiVersion: v1\nmetadata: [a, b\nspec: {}\n', "yaml: line 3: did not find expected ',' or ']'"],
  ['unclosed flow map', 'kind: Pod\napiVersion: v1\nmetadata: {name: a\n', "yaml: line 3: did not find expected ',' or '}'"],
  ['key without value at the end', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\nb\n', "yaml: line 6: could not find expected ':'"],
  ['key without colon', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n  name2 b\n  x: y\n', "yaml: line 6: could not find expected ':'"],
  ['container field out of line', 'kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: a\n    image: b\n   ports: []\n', 'yaml: line 6: did not find expected key'],
  ['missing dash', 'kind: Pod\napiVersion: v1\nspec:\n  containers:\n    - name: a\n    image: b\n', "yaml: line 5: did not find expected '-' indicator"],
  ['unknown anchor', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: *x\n', "yaml: unknown anchor 'x' referenced"],
];

describe('readManifest: YAML errors as kubectl reports them', () => {
  it.each(PARSE_ERRORS)('%s', (_name, text, msg) => {
    const r = readManifest(text, 'f.yaml');
    // kubectl's own line; Podium's position line follows it (tested below).
    expect(r.errors.map((e) => e.message.split('\n')[0])).toEqual([`error parsing f.yaml: error converting YAML to JSON: ${msg}`]);
  });

  it.each([
    ['value on the key line', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: a\n  labels: a: b\n', 'line 5, column 12'],
    ['over-indented key', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n     image: nginx\n', 'line 6, column 11'],
    ['tab indent', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: b\n', 'line 4, column 1'],
  ])('adds one marked line with the line and column in the file: %s', (_name, text, where) => {
    const r = readManifest(text, 'f.yaml');
    expect(r.errors[0].message.split('\n')[1]).toBe(`podium: the YAML problem is at ${where} of f.yaml`);
  });

  it('counts lines from the start of the document, not of the file', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels: a: b\nspec: {}\n';
    const r = readManifest(text, 'pod.yaml');
    expect(r.objects.map((o) => o.object.metadata?.name)).toEqual(['web']);
    expect(r.errors.map((e) => e.message)).toEqual([
      'error parsing pod.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\npodium: the YAML problem is at line 14, column 12 of pod.yaml',
    ]);
  });

  it('stops the file at a parse error, as kubectl does', () => {
    const text = 'kind: Namespace\napiVersion: v1\nmetadata:\n  name: a\n---\nkind: x: y\n---\nkind: Namespace\napiVersion: v1\nmetadata:\n  name: c\n';
    const r = readManifest(text, 'f.yaml');
    expect(r.objects.map((o) => o.object.metadata?.name)).toEqual(['a']);
    expect(r.errors).toHaveLength(1);
  });

  it('refuses an alias bomb quickly with go-yaml message', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      levels.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const r = readManifest(text, 'bomb.yaml');
    expect(r.errors.map((e) => e.message)).toEqual(['error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing']);
  });
});

describe('readManifest: documents and kinds', () => {
  it('skips empty documents and comments', () => {
    const r = readManifest('\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\n', 'f.yaml');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => `${o.info.kind}/${o.object.metadata?.name}`)).toEqual(['Namespace/x']);
  });

  it('flattens kind: List, and names unknown kinds in it as kubectl does', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- kind: Foo\n  apiVersion: v1\n  metadata:\n    name: b\n';
    const r = readManifest(text, 'list.yaml');
    expect(r.objects.map((o) => o.object.metadata?.name)).toEqual(['a']);
    expect(r.errors.map((e) => e.message)).toEqual(['unable to recognize no matches for kind "Foo" in version "v1"']);
  });

  it('reports an unknown kind or version with the mapping error', () => {
    const r = readManifest('kind: Deploymnt\napiVersion: apps/v1\nmetadata:\n  name: x\n', 'unk.yaml');
    expect(r.errors.map((e) => e.message)).toEqual([
      'resource mapping not found for name: "x" namespace: "" from "unk.yaml": no matches for kind "Deploymnt" in version "apps/v1"\nensure CRDs are installed first',
    ]);
    const r2 = readManifest('kind: Pod\napiVersion: v2\nmetadata:\n  name: x\n', 'unk2.yaml');
    expect(r2.errors[0].message).toContain('no matches for kind "Pod" in version "v2"');
  });

  it('adds a Podium hint for kinds real clusters have but Podium does not simulate', () => {
    const r = readManifest('kind: StatefulSet\napiVersion: apps/v1\nmetadata:\n  name: db\n', 'sts.yaml');
    expect(r.errors[0].message.split('\n')).toEqual([
      'resource mapping not found for name: "db" namespace: "" from "sts.yaml": no matches for kind "StatefulSet" in version "apps/v1"',
      'ensure CRDs are installed first',
      'podium: StatefulSet (apps/v1) exists in Kubernetes but Podium does not simulate it yet.',
    ]);
  });

  it.each([
    ['just a string\n', 'unable to decode "f.yaml": json: cannot unmarshal string into Go value of type unstructured.detector'],
    ['[1,2]\n', 'unable to decode "f.yaml": json: cannot unmarshal array into Go value of type unstructured.detector'],
    ['apiVersion: v1\nmetadata:\n  name: x\n', `unable to decode "f.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`],
  ])('decode error for %j', (text, msg) => {
    expect(readManifest(text, 'f.yaml').errors.map((e) => e.message)).toEqual([msg]);
  });

  it('reads a stream of JSON objects, and reports broken JSON', () => {
    const r = readManifest('{"kind":"Pod","apiVersion":"v1","metadata":{"name":"j1"}}\n{"kind":"Pod","apiVersion":"v1","metadata":{"name":"j2"}}', 'two.json');
    expect(r.objects.map((o) => o.object.metadata?.name)).toEqual(['j1', 'j2']);
    expect(readManifest('{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "x"}\n', 'bad.json').errors[0].message).toBe('error parsing bad.json: unexpected EOF');
    expect(readManifest('{"kind":"Pod", x}', 'bad2.json').errors[0].message).toBe(
      "error parsing bad2.json: json: offset 16: invalid character 'x' looking for beginning of object key string",
    );
  });
});

describe('yamlToJson: YAML 1.1 as go-yaml v2 reads it', () => {
  it.each([
    ['a: yes', { a: true }],
    ['a: "yes"', { a: 'yes' }],
    ['a: on', { a: true }],
    ['a: 0755', { a: 493 }],
    ['a: 2025-03-03', { a: '2025-03-03' }],
    ['a: 12:30', { a: '12:30' }],
    ['a: 1\na: 2', { a: 2 }],
    ['b: &b {x: 1}\nm:\n  <<: *b\n  z: 2', { b: { x: 1 }, m: { x: 1, z: 2 } }],
    ['creationTimestamp: null', { creationTimestamp: null }],
  ])('%j', (text, want) => {
    expect(yamlToJson(text)).toEqual(want);
  });
});

describe('splitYamlDocuments', () => {
  it('splits on --- lines (with trailing comments) and keeps the start lines', () => {
    expect(splitYamlDocuments('a: 1\n--- # two\nb: 2\n---\nc: 3\n').map((c) => c.line)).toEqual([1, 3, 5]);
    expect(splitYamlDocuments('a: "---x"\n---x: 1\n')).toHaveLength(1);
  });
});
