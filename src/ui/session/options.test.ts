import { describe, expect, it } from 'vitest';
import { clusterOptionsFromUrl } from './options';

describe('clusterOptionsFromUrl', () => {
  it.each([
    ['', undefined],
    ['?nodes=12', { nodes: 12 }],
    ['?nodes=12&seed=7', { nodes: 12, seed: 7 }],
    ['?seed=0', { seed: 0 }],
    ['?nodes=0', undefined],
    ['?nodes=abc', undefined],
    ['?nodes=2.5', undefined],
    ['?nodes=100000', undefined],
    ['?fixture=10', undefined],
  ])('%s -> %j', (search, expected) => expect(clusterOptionsFromUrl(search)).toEqual(expected));
});
