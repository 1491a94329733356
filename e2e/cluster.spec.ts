// The default cluster, the clock, reloads and the requests the page makes.
import { test, expect } from '@playwright/test';
import { column, foreignRequests, openDashboard, pauseClock, recordRequests, rowNames, stepSeconds, waitForCluster, waitForSave, waitForNodes, clockText } from './helpers';

test('the default cluster appears with its nodes and system pods', async ({ page }) => {
  await openDashboard(page, '#/nodes');
  await waitForNodes(page);
  await expect.poll(() => rowNames(page)).toEqual(['podium-control-plane', 'podium-worker', 'podium-worker2']);
  await expect.poll(async () => Object.values(await column(page, 'status'))).toEqual(['Ready', 'Ready', 'Ready']);
  await expect.poll(async () => (await column(page, 'roles'))['podium-control-plane']).toBe('control-plane');

  await page.goto('/#/pods?ns=kube-system');
  await expect.poll(async () => (await rowNames(page)).sort()).toEqual(
    expect.arrayContaining(['etcd-podium-control-plane', 'kube-apiserver-podium-control-plane', 'kube-controller-manager-podium-control-plane', 'kube-scheduler-podium-control-plane']),
  );
  const names = await rowNames(page);
  expect(names.filter((n) => n.startsWith('coredns-'))).toHaveLength(2);
  expect(names.filter((n) => n.startsWith('kube-proxy-'))).toHaveLength(3);
  await expect.poll(async () => new Set(Object.values(await column(page, 'status')))).toEqual(new Set(['Running']));
});

test('pausing the clock freezes it; play runs it again', async ({ page }) => {
  await openDashboard(page);
  await pauseClock(page);
  const frozen = await page.getByTestId('sim-time').textContent();
  await page.waitForTimeout(2500);
  await expect(page.getByTestId('sim-time')).toHaveText(frozen!);
  await stepSeconds(page, 11);
  const [h, m, s] = frozen!.split(':').map(Number);
  const after = new Date(Date.UTC(2000, 0, 1, h, m, s + 11)).toISOString().slice(11, 19);
  await expect(page.getByTestId('sim-time')).toHaveText(after);
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('sim-time')).not.toHaveText(after, { timeout: 5000 });
});

test('a reload keeps the simulated time and the paused clock', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await pauseClock(page);
  await stepSeconds(page, 30);
  await expect(page.getByTestId('sim-time')).toHaveText(/:30$/);
  const saved = clockText(await waitForSave(page));
  await expect(page.getByTestId('sim-time')).toHaveText(saved);
  await page.reload();
  await expect(page.getByTestId('sim-time')).toHaveText(saved);
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');
});

test('a reload keeps the objects of the cluster', async ({ page }) => {
  await openDashboard(page, '#/namespaces');
  await waitForCluster(page);
  const r = await page.evaluate(() => window.podium.kubectl('create namespace kept-across-reload'));
  expect(r.stderr).toBe('');
  await expect.poll(() => rowNames(page)).toContain('kept-across-reload');
  await waitForSave(page);
  await page.reload();
  await expect.poll(() => rowNames(page)).toContain('kept-across-reload');
});

test('a reload right after a change keeps it, and a fresh cluster reloaded at once keeps running', async ({ page }) => {
  await openDashboard(page, '#/namespaces');
  await waitForCluster(page);
  const r = await page.evaluate(() => window.podium.kubectl('create namespace made-just-now'));
  expect(r.stderr).toBe('');
  // No waiting for the periodic save: a user's change is saved within a fraction of a second.
  await page.waitForTimeout(500);
  await page.reload();
  await expect.poll(() => rowNames(page)).toContain('made-just-now');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
});

test('no request leaves the origin', async ({ page, baseURL }) => {
  const urls = recordRequests(page);
  await openDashboard(page);
  await waitForCluster(page);
  for (const view of ['pods', 'deployments', 'nodes', 'events', 'services']) {
    await page.goto(`/#/${view}`);
    await page.waitForTimeout(300);
  }
  await page.goto('/#/namespaces/kube-system?tab=yaml');
  await page.waitForTimeout(500);
  expect(urls.length).toBeGreaterThan(0);
  expect(foreignRequests(urls, new URL(baseURL!).origin)).toEqual([]);
});

test('hash routes survive a reload and the back button works', async ({ page }) => {
  await openDashboard(page, '#/nodes');
  await waitForNodes(page);
  await page.locator('.rtable-body [role=row][data-name="podium-worker"]').click();
  await expect(page).toHaveURL(/#\/nodes\/podium-worker$/);
  await expect(page.getByTestId('detail')).toContainText('podium-worker');
  await page.getByRole('tab', { name: 'Describe' }).click();
  await expect(page).toHaveURL(/tab=describe/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Describe' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.cmd-text .cmd-line')).toContainText('kubectl describe node podium-worker');
  await page.goBack();
  await expect(page).toHaveURL(/#\/nodes$/);
  await expect(page.getByTestId('detail')).toHaveCount(0);
});
