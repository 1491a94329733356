import { describe, expect, it } from 'vitest';
import { applyJsonPatch, type JsonPatchOp } from './jsonpatch';
import { createJsonMergePatch, jsonMergePatch } from './merge';
import { applyPatch } from './index';
import { isApiError } from '../errors';
import { mustKind } from '../registry';
import type { KObject } from '../types';
import type { Json } from './strategic';

// RFC 6902 appendix A.
const JSON_PATCH_CASES: Array<[string, Json, JsonPatchOp[], Json | { error: string }]> = [
  ['A.1 adding an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { foo: 'bar', baz: 'qux' }],
  ['A.2 adding an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3 removing an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4 removing an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5 replacing a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  [
    'A.6 moving a value',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  ['A.7 moving an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
  ['A.8 testing a value: success', { baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
  ['A.9 testing a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], { error: 'test failed' }],
  ['A.10 adding a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
  ['A.12 adding to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], { error: 'doc is missing path' }],
  ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.16 adding an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ['replace of a missing key fails', { a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], { error: 'replace operation does not apply' }],
  ['remove of a missing key fails', { a: 1 }, [{ op: 'remove', path: '/b' }], { error: 'remove operation does not apply' }],
  ['unknown op', { a: 1 }, [{ op: 'frob', path: '/a' }], { error: 'Unexpected kind: frob' }],
];

describe('applyJsonPatch (RFC 6902)', () => {
  it.each(JSON_PATCH_CASES)('%s', (_name, doc, ops, want) => {
    if (want && typeof want === 'object' && !Array.isArray(want) && 'error' in want && typeof want.error === 'string' && Object.keys(want).length === 1) {
      expect(() => applyJsonPatch(doc, ops)).toThrow(want.error);
      return;
    }
    expect(applyJsonPatch(doc, ops)).toEqual(want);
  });

  it('is all-or-nothing: the input is not changed when a later operation fails', () => {
    const doc = { a: 1 };
    expect(() => applyJsonPatch(doc, [{ op: 'add', path: '/b', value: 2 }, { op: 'remove', path: '/zzz' }])).toThrow();
    expect(doc).toEqual({ a: 1 });
  });
});

// RFC 7386 appendix A.
const MERGE_CASES: Array<[Json, Json, Json]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('jsonMergePatch (RFC 7386)', () => {
  it.each(MERGE_CASES)('%j + %j = %j', (target, patch, want) => {
    expect(jsonMergePatch(target, patch)).toEqual(want);
  });

  it('createJsonMergePatch gives back the change', () => {
    const a = { x: 1, y: { z: 2, w: 3 }, l: [1] };
    const b = { x: 1, y: { z: 5 }, l: [1, 2], n: 'new' };
    const p = createJsonMergePatch(a, b);
    expect(p).toEqual({ y: { z: 5, w: null }, l: [1, 2], n: 'new' });
    expect(jsonMergePatch(a, p)).toEqual(b);
  });
});

describe('applyPatch (the API server side)', () => {
  const info = mustKind('Deployment');
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '5', creationTimestamp: '2025-03-03T09:00:00Z' },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  } as unknown as KObject;

  it.each([
    ['strategic', { spec: { replicas: 3 } }, 3],
    ['merge', { spec: { replicas: 4 } }, 4],
    ['json', [{ op: 'replace', path: '/spec/replicas', value: 5 }], 5],
  ] as const)('%s patch', (type, patch, replicas) => {
    expect(applyPatch(dep, type, patch, info).spec.replicas).toBe(replicas);
  });

  it('a JSON patch that does not apply is the API server 422', () => {
    try {
      applyPatch(dep, 'json', [{ op: 'remove', path: '/spec/nope' }], info);
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, 'Invalid')).toBe(true);
      expect((e as Error).message).toBe('the server rejected our request due to an error in our request');
    }
  });

  it('a JSON patch that is not a list is a BadRequest', () => {
    expect(() => applyPatch(dep, 'json', { op: 'add' }, info)).toThrow('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });

  it('a malformed strategic patch is a BadRequest', () => {
    try {
      applyPatch(dep, 'strategic', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, info);
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, 'BadRequest')).toBe(true);
      expect((e as Error).message).toContain('does not contain declared merge key: name');
    }
  });
});
