import { describe, expect, it } from 'vitest';
import { DETAIL_DRAWER_BELOW, detailIsDrawer } from './layout';

describe('detail panel layout', () => {
  it.each([
    [1024, false, true],
    [1024, true, true],
    [1199, false, true],
    [1200, false, false],
    [1280, false, false],
    [1280, true, true],
    [1399, true, true],
    [1400, true, false],
    [1440, false, false],
    [1440, true, false],
    [1920, true, false],
  ])('at %i px (projector %s) is a drawer: %s', (width, projector, drawer) => expect(detailIsDrawer(width, projector)).toBe(drawer));

  it('needs more room for large text than for normal text', () => {
    expect(DETAIL_DRAWER_BELOW.projector).toBeGreaterThan(DETAIL_DRAWER_BELOW.normal);
  });
});
