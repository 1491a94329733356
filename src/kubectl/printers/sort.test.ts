import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/types';
import { goSortArray } from './gosort';
import { naturalLess, sortObjects } from './sort';

const obj = (name: string, spec: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, spec }) as unknown as KObject;
const names = (objs: KObject[]) => objs.map((o) => o.metadata.name);

describe('sortObjects (kubectl get --sort-by)', () => {
  it.each<[string, KObject[], string, string[]]>([
    ['strings byte by byte (pod IPs as real kubectl sorts them)', [obj('a', { ip: '10.244.1.4' }), obj('b', { ip: '10.244.1.10' })], '.spec.ip', ['b', 'a']],
    ['integers numerically', [obj('a', { n: 10 }), obj('b', { n: 9 }), obj('c', { n: 100 })], '.spec.n', ['b', 'a', 'c']],
    ['quantities by value', [obj('a', { q: '1Gi' }), obj('b', { q: '100Mi' }), obj('c', { q: '3' })], '{.spec.q}', ['c', 'b', 'a']],
    // RuntimeSort.Less answers true whenever the left object lacks the field, so the insertion
    // sort (n <= 12) walks every field-less object to the front, reversing them.
    ['objects without the field first, reversed', [obj('a'), obj('b'), obj('c'), obj('d', { n: 1 })], '.spec.n', ['c', 'b', 'a', 'd']],
    ['a single object is not sorted (no error for a missing field)', [obj('a')], '.spec.nope', ['a']],
  ])('%s', (_name, objs, sortBy, expected) => {
    expect(names(sortObjects(objs, sortBy))).toEqual(expected);
  });

  it.each([
    [[obj('a'), obj('b')], '.spec.nope', 'couldn\'t find any field with path "{.spec.nope}" in the list of objects'],
    [[obj('a', { b: true }), obj('b', { b: false })], '.spec.b', 'Field {.spec.b} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: bool'],
  ])('errors as kubectl words them (%#)', (objs, sortBy, message) => {
    expect(() => sortObjects(objs, sortBy)).toThrow(message);
  });
});

describe('naturalLess (sortorder.NaturalLess)', () => {
  it.each([
    ['a2', 'a10', true],
    ['a10', 'a2', false],
    ['a02', 'a2', false],
    ['a2', 'a02', true],
    ['1', 'a', true],
    ['abc', 'abd', true],
    ['ab', 'abc', true],
  ])('%s < %s is %s', (a, b, want) => {
    expect(naturalLess(a, b)).toBe(want);
  });
});

describe("goSortArray (Go's pdqsort)", () => {
  // A deterministic linear congruential generator for test data.
  function data(n: number, seed: number, range: number): number[] {
    let x = seed;
    return Array.from({ length: n }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % range;
    });
  }

  it.each([0, 1, 2, 12, 13, 50, 200, 1000])('sorts %i elements (a permutation, in order)', (n) => {
    const input = data(n, n + 1, 37);
    const out = goSortArray([...input], (a, b) => a < b);
    expect(out).toEqual([...input].sort((a, b) => a - b));
  });

  it('keeps ties in input order below 13 elements (insertion sort)', () => {
    const items = ['b1', 'a1', 'b2', 'a2', 'b3', 'a3'];
    expect(goSortArray([...items], (x, y) => x[0] < y[0])).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('handles already sorted, reversed and all-equal inputs', () => {
    const asc = Array.from({ length: 300 }, (_, i) => i);
    expect(goSortArray([...asc], (a, b) => a < b)).toEqual(asc);
    expect(goSortArray([...asc].reverse(), (a, b) => a < b)).toEqual(asc);
    expect(goSortArray(new Array(300).fill(7), (a, b) => a < b)).toEqual(new Array(300).fill(7));
  });
});
