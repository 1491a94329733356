import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from './quantity';

// Cases from apimachinery's quantity_test.go (TestQuantityCanonicalize and friends) plus the
// milli-scale round-up of SetDefaults_ResourceList.
describe('canonicalQuantity', () => {
  it.each([
    ['0.5', '500m'],
    ['1', '1'],
    [2, '2'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['2000', '2k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['0.5Ki', '512'],
    ['1Ki', '1Ki'],
    ['100M', '100M'],
    ['1000M', '1G'],
    ['128974848', '128974848'],
    ['1e3', '1e3'],
    ['12e2', '1200'],
    ['0.0001', '1m'],
    ['0.1', '100m'],
    ['0', '0'],
    ['0Mi', '0'],
    ['100n', '1m'],
    ['-1', '-1'],
    ['8039880Ki', '8039880Ki'],
  ])('%s -> %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it('returns what is not a quantity unchanged', () => {
    expect(canonicalQuantity('lots')).toBe('lots');
  });
});
