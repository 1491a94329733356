import { describe, expect, it } from 'vitest';
import {
  balancedAllocationScore,
  defaultNormalizeScore,
  imageLocalityScore,
  leastAllocatedScore,
  leastRequestedScore,
  normalizeTopologySpread,
  scaledImageScore,
  scoreForCount,
  topologyNormalizingWeight,
} from './scores';
import { numFeasibleNodesToFind } from './framework';

const Mi = 1024 * 1024;

describe('scores', () => {
  it.each([
    [1000, 4000, 75],
    [0, 4000, 100],
    [4000, 4000, 0],
    [5000, 4000, 0],
    [1, 3, 66],
    [0, 0, 0],
  ])('leastRequestedScore(%i, %i) = %i', (r, c, s) => expect(leastRequestedScore(r, c)).toBe(s));

  it.each([
    // cpu (100m+100m)/4000 -> 95, memory (200Mi+200Mi)/8Gi -> 95
    [200, 4000, 400 * Mi, 8192 * Mi, 95],
    [1000, 4000, 4096 * Mi, 8192 * Mi, 62],
    [0, 0, 0, 8192 * Mi, 100],
  ])('leastAllocatedScore(%i/%i, %i/%i) = %i', (rc, ac, rm, am, s) => expect(leastAllocatedScore(rc, ac, rm, am)).toBe(s));

  it.each([
    [2000, 4000, 819.2 * Mi, 8192 * Mi, 80],
    [0, 4000, 0, 8192 * Mi, 100],
    [8000, 4000, 0, 8192 * Mi, 50],
    [1000, 4000, 2048 * Mi, 8192 * Mi, 100],
  ])('balancedAllocationScore(%i/%i, %i/%i) = %i', (rc, ac, rm, am, s) => expect(balancedAllocationScore(rc, ac, rm, am)).toBe(s));

  it.each([
    [0, 1, 0],
    [23 * Mi, 1, 0],
    [500 * Mi, 1, 48],
    [1000 * Mi, 1, 100],
    [5000 * Mi, 1, 100],
    [500 * Mi, 2, 24],
  ])('imageLocalityScore(%i, %i containers) = %i', (sum, n, s) => expect(imageLocalityScore(sum, n)).toBe(s));

  it('scales image scores by spread', () => {
    expect(scaledImageScore(300 * Mi, 1, 3)).toBe(104857600);
  });

  it.each([
    [[0, 1, 2], true, [100, 50, 0]],
    [[0, 0], true, [100, 100]],
    [[0, 0], false, [0, 0]],
    [[10, 30, 20], false, [33, 100, 66]],
  ])('defaultNormalizeScore(%j, reverse %s)', (input, rev, out) => {
    const s = [...input];
    defaultNormalizeScore(s, rev);
    expect(s).toEqual(out);
  });

  it.each([
    [[2, 5, 8], [100, 62, 25]],
    [[0, 0], [100, 100]],
    [[3, undefined, 3], [100, 0, 100]],
  ])('normalizeTopologySpread(%j)', (input, out) => expect(normalizeTopologySpread(input)).toEqual(out));

  it('topology spread raw score: count * ln(size+2) + maxSkew - 1', () => {
    expect(Math.round(scoreForCount(2, 3, topologyNormalizingWeight(3)))).toBe(5);
    expect(topologyNormalizingWeight(3)).toBeCloseTo(Math.log(5));
  });

  it.each([
    [3, 3],
    [99, 99],
    [100, 100],
    [250, 120],
    [1000, 420],
    [5000, 500],
    [6000, 300],
  ])('numFeasibleNodesToFind(%i) = %i', (n, want) => expect(numFeasibleNodesToFind(n)).toBe(want));
});
