// Keyboard, themes, filters and the virtualised table (on the static sample cluster and the engine).
import { test, expect } from '@playwright/test';
import { openDashboard, rowNames, waitForCluster } from './helpers';

test('k9s keys: ":" jumps to a kind, "/" filters, Enter opens, Esc goes back', async ({ page }) => {
  await page.goto('/?fixture#/overview');
  await expect(page.getByTestId('overview')).toBeVisible();
  await page.keyboard.press(':');
  await expect(page.getByRole('textbox', { name: 'Kind' })).toBeFocused();
  await page.keyboard.type('po');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/pods/);
  await page.keyboard.press('/');
  await expect(page.locator('#list-filter')).toBeFocused();
  await page.keyboard.type('coredns');
  await expect.poll(() => rowNames(page)).toEqual(['coredns-668d6bf9bc-7xk2p', 'coredns-668d6bf9bc-q9m4t']);
  await page.keyboard.press('Escape');
  await expect(page.locator('#list-filter')).not.toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/pods\/kube-system\/coredns-668d6bf9bc-q9m4t/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail')).toHaveCount(0);
});

test('the label filter takes kubectl -l syntax and reports errors', async ({ page }) => {
  await page.goto('/?fixture#/pods');
  await page.locator('#label-filter').fill('app in (web,api),!legacy');
  await expect.poll(async () => (await rowNames(page)).every((n) => n.startsWith('web-') || n.startsWith('api-'))).toBe(true);
  await expect(page.getByTestId('row-count')).toHaveText('6 of 15');
  await page.locator('#label-filter').fill('app in (web');
  await expect(page.locator('.filter-error')).toContainText('error:');
});

test('10,000 pods: only visible rows exist and the last one can be scrolled to', async ({ page }) => {
  await page.goto('/?fixture=10000#/pods?ns=load');
  await expect(page.getByTestId('row-count')).toHaveText('10000');
  expect(await page.locator('.rtable-body [role=row]').count()).toBeLessThan(120);
  await page.locator('.rtable-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => rowNames(page)).toContain('load-6f9b8c7d5e-007pr');
});

test('dark and light themes, and the projector mode', async ({ page }) => {
  await page.goto('/?fixture#/pods');
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await expect(html).not.toHaveAttribute('data-theme', before!);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('menuitem', { name: /Projector/ }).click();
  await expect(html).toHaveAttribute('data-projector', 'on');
  const size = await html.evaluate((el) => getComputedStyle(el).fontSize);
  expect(parseFloat(size)).toBeGreaterThan(16);
  await page.reload();
  await expect(html).toHaveAttribute('data-projector', 'on');
});

test('the kubectl console runs commands and shows their output', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await page.keyboard.press('`');
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill('get namespaces');
  await input.press('Enter');
  await expect(page.getByTestId('console-output')).toContainText('kube-system');
  await input.fill('get pods -n nowhere-at-all');
  await input.press('Enter');
  await expect(page.getByTestId('console-output')).toContainText('No resources found in nowhere-at-all namespace.');
});
