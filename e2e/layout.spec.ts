// The detail panel at classroom sizes: beside the list where there is room, else a drawer over the
// list (with a Close button) that leaves the list's toolbar and columns untouched when it closes.
import { test, expect, type Locator, type Page } from '@playwright/test';

const POD = 'api-6b7f8d9c4f-lq2vx';

/** Whether the element is on top (not covered by another element) at its middle, or its start for wide ones. */
async function onTop(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
    return r.width > 0 && !!hit && (el === hit || el.contains(hit));
  });
}

/** Waits until the element's animations (the drawer sliding in) are over. */
async function settled(page: Page, selector: string): Promise<void> {
  await page.locator(selector).evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)).then(() => undefined));
}

async function box(page: Page, selector: string | Locator) {
  const b = await (typeof selector === 'string' ? page.locator(selector) : selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

/** Opens the sample cluster's pods at a size, with normal or large text. */
async function openPods(page: Page, width: number, height: number, projector: boolean): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.addInitScript((p) => localStorage.setItem('podium:prefs', JSON.stringify({ theme: 'dark', projector: p })), projector);
  await page.goto('/?fixture#/pods');
  await expect(page.locator('html')).toHaveAttribute('data-projector', projector ? 'on' : 'off');
  await expect(page.getByTestId('row-count')).toHaveText('15');
}

const TOOLBAR = ['.toolbar .field.ns select', '#list-filter', '#label-filter'];

for (const [width, height, projector] of [
  [1024, 768, false],
  [1024, 768, true],
  [1280, 800, true],
] as const) {
  test(`at ${width}x${height}${projector ? ' in projector mode' : ''} the details are a drawer over the list, which stays whole`, async ({ page }) => {
    await openPods(page, width, height, projector);
    for (const s of TOOLBAR) expect(await onTop(page, s), s).toBe(true);
    const list = await box(page, '.list');
    const statusHeader = await box(page, page.getByRole('columnheader', { name: /^status/i }));
    expect(statusHeader.x + 40).toBeLessThan(width);

    await page.locator(`.rtable-body [role=row][data-name="${POD}"]`).click();
    const detail = page.getByTestId('detail');
    await expect(detail).toBeVisible();
    await expect(page.locator('.main')).toHaveClass(/detail-drawer/);
    await settled(page, '[data-testid=detail]');
    // Readable: wide, below the top bar and banners, beside the sidebar; the list underneath keeps its size.
    const d = await box(page, '[data-testid=detail]');
    const banners = await box(page, '.banners');
    const sidebar = await box(page, '.sidebar');
    expect(d.width).toBeGreaterThanOrEqual(600);
    expect(d.y).toBeGreaterThanOrEqual(banners.y + banners.height - 1);
    expect(d.x).toBeGreaterThanOrEqual(sidebar.x + sidebar.width - 1);
    expect(d.x + d.width).toBeLessThanOrEqual(width + 1);
    expect(await box(page, '.list')).toEqual(list);
    const close = detail.getByRole('button', { name: 'Close details (Esc)' });
    await expect(close).toHaveText('Close');
    expect(await onTop(page, '[data-testid=detail] .detail-close')).toBe(true);

    // Closing gives the list back as it was, toolbar first.
    await close.click();
    await expect(detail).toHaveCount(0);
    await expect(page).toHaveURL(/#\/pods$/);
    for (const s of TOOLBAR) expect(await onTop(page, s), s).toBe(true);
    expect(await box(page, '.list')).toEqual(list);

    // Opened by its address, it closes with Esc, or with "/" (which filters the list).
    await page.goto(`/?fixture#/pods/default/${POD}`);
    await expect(detail).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await page.goto(`/?fixture#/pods/default/${POD}`);
    await expect(detail).toBeVisible();
    await page.keyboard.press('/');
    await expect(detail).toHaveCount(0);
    await expect(page.locator('#list-filter')).toBeFocused();
  });
}

test('at 1024x768 a click on the dimmed list beside the drawer closes it', async ({ page }) => {
  await openPods(page, 1024, 768, false);
  await page.goto(`/?fixture#/pods/default/${POD}`);
  await expect(page.getByTestId('detail')).toBeVisible();
  await settled(page, '[data-testid=detail]');
  const scrim = await box(page, '[data-testid=detail-scrim]');
  const d = await box(page, '[data-testid=detail]');
  expect(d.x - scrim.x).toBeGreaterThan(100);
  await page.mouse.click(scrim.x + 40, scrim.y + 200);
  await expect(page.getByTestId('detail')).toHaveCount(0);
  for (const s of TOOLBAR) expect(await onTop(page, s), s).toBe(true);
});

for (const [width, height, projector] of [
  [1280, 800, false],
  [1440, 900, false],
  [1440, 900, true],
] as const) {
  test(`at ${width}x${height}${projector ? ' in projector mode' : ''} the details sit beside the list and its toolbar`, async ({ page }) => {
    await openPods(page, width, height, projector);
    await page.locator(`.rtable-body [role=row][data-name="${POD}"]`).click();
    await expect(page.getByTestId('detail')).toBeVisible();
    await expect(page.locator('.main')).not.toHaveClass(/detail-drawer/);
    await expect(page.getByTestId('detail-scrim')).toHaveCount(0);
    await settled(page, '[data-testid=detail]');
    for (const s of TOOLBAR) expect(await onTop(page, s), s).toBe(true);
    const list = await box(page, '.list');
    const d = await box(page, '[data-testid=detail]');
    expect(d.x).toBeGreaterThanOrEqual(list.x + list.width - 1);
    expect(await onTop(page, `.rtable-body [role=row][data-name="${POD}"]`)).toBe(true);
  });
}
