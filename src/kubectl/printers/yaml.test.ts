import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goFloatG, resolvesToString, sortYamlKeys, toYaml, yamlKeyLess } from './yaml';
import { goJson } from './json';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** The ConfigMap real kubectl built (fixtures/record-yaml.mjs), rebuilt here. */
function trickyConfigMap(typedOrder: boolean) {
  const raw = JSON.parse(fixture('tricky-configmap.input.json')) as Record<string, string>;
  // A Go map: encoding/json sorts its keys by bytes even inside a typed object.
  const data = Object.fromEntries(Object.keys(raw).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, raw[k]]));
  return typedOrder
    ? { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'tricky', creationTimestamp: null }, data }
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tricky', creationTimestamp: null }, data };
}

describe('toYaml', () => {
  it('prints tricky strings exactly as kubectl 1.32 does (recorded fixture)', () => {
    expect(toYaml(trickyConfigMap(false))).toBe(fixture('tricky-configmap.yaml'));
  });

  it('prints a Deployment as `create deployment --dry-run=client -o yaml` does', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels: { app: 'web' }, name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } },
      },
      status: {},
    };
    expect(toYaml(dep)).toBe(fixture('deployment-dry-run.yaml'));
  });

  it.each([
    [{ a: [] }, 'a: []\n'],
    [{ a: [[1, 2], [3]] }, 'a:\n- - 1\n  - 2\n- - 3\n'],
    [{ a: [{ b: { c: 1 } }] }, 'a:\n- b:\n    c: 1\n'],
    [{ a: null, b: true, c: 0.5 }, 'a: null\nb: true\nc: 0.5\n'],
    [[], '[]\n'],
    [{}, '{}\n'],
    ['x', 'x\n'],
  ])('emits structure %j', (v, want) => {
    expect(toYaml(v)).toBe(want);
  });

  it.each([
    ['true', false],
    ['0', false],
    ['', false],
    ['y', false],
    ['2025-03-03T09:00:00Z', false],
    ['1:20', false],
    ['0x1F', false],
    ['v1', true],
    ['25%', true],
    ['nginx:1.27', true],
  ])('resolvesToString(%j) = %s', (s, want) => {
    expect(resolvesToString(s)).toBe(want);
  });

  it.each([
    ['a9', 'a10', true],
    ['a10', 'a9', false],
    ['_x', '1', true],
    ['02', 'A', true],
    ['A', 'a', true],
  ])('yamlKeyLess(%j, %j) = %s', (a, b, want) => {
    expect(yamlKeyLess(a, b)).toBe(want);
  });

  it('sorts keys like go-yaml', () => {
    expect(sortYamlKeys(['b', 'a10', 'a9', 'A'])).toEqual(['A', 'a9', 'a10', 'b']);
  });

  it.each([
    [0.5, '0.5'],
    [1234567.5, '1.2345675e+06'],
    [1.5e-7, '1.5e-07'],
  ])('goFloatG(%s) = %s', (f, want) => {
    expect(goFloatG(f)).toBe(want);
  });
});

describe('goJson', () => {
  it('prints an unstructured object as kubectl 1.32 does (sorted keys, HTML-safe escapes)', () => {
    const cm = trickyConfigMap(false);
    const obj = { ...cm, metadata: { ...cm.metadata, namespace: 'default' } };
    expect(goJson(obj) + '\n').toBe(fixture('tricky-configmap.unstructured.json'));
  });

  it('keeps insertion order for typed objects (create --dry-run=client -o json)', () => {
    const dep = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
        strategy: {},
      },
      status: {},
    };
    expect(goJson(dep, '    ', false) + '\n').toBe(fixture('deployment-dry-run.json'));
  });

  it('prints compact JSON for watch events', () => {
    expect(goJson({ type: 'ADDED', object: { a: [1, {}], b: '<' } }, '')).toBe('{"object":{"a":[1,{}],"b":"\\u003c"},"type":"ADDED"}');
  });
});
