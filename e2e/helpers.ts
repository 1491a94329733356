// Shared helpers of the end-to-end tests: waiting for the cluster, driving the clock by its
// buttons, reading table rows, and recording every request the page makes.
import { expect, type Page, type Request } from '@playwright/test';

/** Every request URL the page made (checked against the origin at the end of a test). */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(r.url()));
  return urls;
}

/** The requests that left the page's origin (data: and blob: URLs stay on the page). */
export function foreignRequests(urls: string[], origin: string): string[] {
  return urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Opens the dashboard and waits until the engine's first frame arrived. */
export async function openDashboard(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('sim-time')).not.toHaveText('--:--:--');
}

/** Waits until the cluster's namespaces (default, kube-node-lease, kube-public, kube-system) are in the mirror. */
export async function waitForCluster(page: Page): Promise<void> {
  await expect(page.locator('[data-view=namespaces] .nav-count')).not.toHaveText('0');
}

/** Waits until the default cluster's three nodes are in the mirror. */
export async function waitForNodes(page: Page, count = 3): Promise<void> {
  await expect(page.locator('[data-view=nodes] .nav-count')).toHaveText(String(count));
}

/** Pauses the clock (through the button) if it runs. */
export async function pauseClock(page: Page): Promise<void> {
  const btn = page.getByTestId('play-pause');
  if ((await btn.getAttribute('aria-label')) === 'Pause') await btn.click();
  await expect(btn).toHaveAttribute('aria-label', 'Play');
}

/** Advances the simulated clock by `seconds` with the +10s and +1s buttons. */
export async function stepSeconds(page: Page, seconds: number): Promise<void> {
  for (let i = 0; i < Math.floor(seconds / 10); i++) await page.getByRole('button', { name: '+10s' }).click();
  for (let i = 0; i < seconds % 10; i++) await page.getByRole('button', { name: '+1s' }).click();
}

/** Names of the rows of the table on screen (only the rendered, virtualised ones). */
export async function rowNames(page: Page): Promise<string[]> {
  return page.locator('.rtable-body [role=row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
}

/** The text of one column for every rendered row, by row name. */
export async function column(page: Page, col: string): Promise<Record<string, string>> {
  return page.locator('.rtable-body [role=row]').evaluateAll(
    (rows, c) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-name') ?? '', (r.querySelector(`[data-col="${c}"]`)?.textContent ?? '').trim()])),
    col,
  );
}

/** Steps the clock until `check` passes (at most `maxSeconds` simulated seconds). */
export async function stepUntil(page: Page, check: () => Promise<boolean>, maxSeconds = 300, stepS = 5): Promise<void> {
  for (let t = 0; t <= maxSeconds; t += stepS) {
    if (await check()) return;
    await stepSeconds(page, stepS);
    await page.waitForTimeout(50);
  }
  expect(await check(), `condition still false after ${maxSeconds} simulated seconds`).toBe(true);
}

/** Waits until the saved copy has caught up with the simulated time at the call; returns that time. */
export async function waitForSave(page: Page): Promise<number> {
  const since = await page.evaluate(() => window.podium.state().clock.now);
  await page.waitForFunction((t) => {
    const s = window.podium.state();
    return s.persistence.state === 'saved' && (s.persistence.lastSavedSimNow ?? 0) >= t;
  }, since);
  return page.evaluate(() => window.podium.state().persistence.lastSavedSimNow ?? 0);
}

/** Formats simulated ms as the clock shows it (HH:MM:SS, UTC). */
export function clockText(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
