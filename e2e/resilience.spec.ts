// Bad input and bad luck: HTML in objects, a damaged saved state, a crashing engine, two tabs.
import { test, expect } from '@playwright/test';
import { clockText, openDashboard, pauseClock, stepSeconds, waitForCluster, waitForSave } from './helpers';

test('HTML in a label (sample data) is shown as text', async ({ page }) => {
  await page.goto('/?fixture#/pods/default/api-6b7f8d9c4f-lq2vx');
  const detail = page.getByTestId('detail');
  await expect(detail).toContainText('note=<b>bold</b>');
  await expect(detail.locator('b')).toHaveCount(0);
});

test('HTML and script in an annotation are shown as text', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const manifest = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: html-test\n  annotations:\n    note: '${evil.replace(/'/g, "''")}'\n`;
  const r = await page.evaluate((m) => window.podium.kubectl('apply -f -', m), manifest);
  expect(r.stderr).toBe('');
  await page.goto('/#/namespaces/html-test');
  const detail = page.getByTestId('detail');
  await expect(detail).toContainText(`note=${evil}`);
  await expect(detail.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a damaged saved state is reported, kept for download, and a fresh cluster starts', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await waitForSave(page);
  // Leave the dashboard (it saves on the way out), then damage the saved state from a page of the
  // same origin that runs no engine (the static sample), and open the dashboard again.
  await page.goto('/?fixture');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('podium');
        req.onsuccess = () => {
          const tx = req.result.transaction('state', 'readwrite');
          tx.objectStore('state').put({ format: 'podium.saved', version: 2, appVersion: 'x', savedAt: 0, simNow: 0, snapshotJson: '{"format":"podium.snapshot","vers' }, 'podium:cluster');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await page.goto('/');
  const banner = page.getByRole('alert').filter({ hasText: 'could not be restored' });
  await expect(banner).toContainText('damaged');
  await waitForCluster(page);
  const download = page.waitForEvent('download');
  await banner.getByRole('button', { name: /Download/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/podium-unusable/);
});

test('a saved state from an older Podium version is migrated', async ({ page }) => {
  await openDashboard(page, '#/namespaces');
  await waitForCluster(page);
  await page.evaluate(() => window.podium.kubectl('create namespace from-version-one'));
  await expect(page.locator('.rtable-body [role=row][data-name="from-version-one"]')).toBeVisible();
  await waitForSave(page);
  // Rewrite the saved envelope in the layout of version 1 (the snapshot as an object), from a page
  // that runs no engine, then open the dashboard again.
  await page.goto('/?fixture');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('podium');
        req.onsuccess = () => {
          const store = req.result.transaction('state', 'readwrite').objectStore('state');
          const get = store.get('podium:cluster');
          get.onsuccess = () => {
            const v2 = get.result as { savedAt: number; snapshotJson: string };
            const put = store.put({ format: 'podium.saved', version: 1, savedAt: v2.savedAt, snapshot: JSON.parse(v2.snapshotJson) }, 'podium:cluster');
            put.onsuccess = () => resolve();
            put.onerror = () => reject(put.error);
          };
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await page.goto('/#/namespaces');
  await expect(page.getByText('upgraded from an older Podium save format (version 1)')).toBeVisible();
  await expect(page.locator('.rtable-body [role=row][data-name="from-version-one"]')).toBeVisible();
});

test('a crashed engine is reported with a way to recover the last saved state', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await pauseClock(page);
  await stepSeconds(page, 20);
  await expect(page.getByTestId('sim-time')).toHaveText(/:20$/);
  const saved = clockText(await waitForSave(page));
  await page.evaluate(() => window.podium.crash('throw'));
  const crash = page.getByRole('alertdialog');
  await expect(crash).toContainText('The cluster engine stopped');
  await crash.getByRole('button', { name: 'Recover last saved state' }).click();
  await expect(crash).toHaveCount(0);
  await expect(page.getByTestId('sim-time')).toHaveText(saved);
  await waitForCluster(page);
});

test('an engine that stops answering is reported, never a blank page', async ({ page }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await page.evaluate(() => window.podium.crash('exit'));
  const stalled = page.getByRole('alertdialog');
  await expect(stalled).toContainText('not responding', { timeout: 20_000 });
  await stalled.getByRole('button', { name: 'Recover last saved state' }).click();
  await expect(stalled).toHaveCount(0);
  await expect(page.getByTestId('sim-time')).not.toHaveText('--:--:--');
});

test('a second tab does not write over the first: it follows, or takes over', async ({ page, context }) => {
  await openDashboard(page);
  await waitForCluster(page);
  const second = await context.newPage();
  await second.goto('/');
  const ask = second.getByRole('alertdialog', { name: 'Cluster open in another tab' });
  await expect(ask).toBeVisible();
  await expect(second.getByTestId('save-status')).toHaveText('read-only');
  // A read-only follower refuses changes.
  await second.getByRole('button', { name: 'Follow read-only' }).click();
  await expect(second.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await second.goto('/#/deployments');
  await expect(second.getByRole('button', { name: 'Create' })).toBeDisabled();
  // The follower follows: what the owner creates shows up after the owner's next save.
  await page.evaluate(() => window.podium.kubectl('create namespace seen-by-follower'));
  await second.goto('/#/namespaces');
  await expect(second.locator('.rtable-body [role=row][data-name="seen-by-follower"]')).toBeVisible({ timeout: 15_000 });
  // Taking over makes the first tab read-only, and continues from its very latest state.
  await page.evaluate(() => window.podium.kubectl('create namespace made-just-before-takeover'));
  await second.getByRole('button', { name: 'Take over here' }).click();
  await expect(second.locator('.rtable-body [role=row][data-name="made-just-before-takeover"]')).toBeVisible();
  await expect(page.getByText('Another tab took this cluster over.')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('read-only');
  await expect(second.getByTestId('save-status')).not.toHaveText('read-only');
});

test('when the owner tab closes, the follower takes over by itself from the last save', async ({ page, context }) => {
  await openDashboard(page);
  await waitForCluster(page);
  await page.evaluate(() => window.podium.kubectl('create namespace made-before-owner-closed'));
  await waitForSave(page);
  const second = await context.newPage();
  await second.goto('/#/namespaces');
  await expect(second.getByRole('alertdialog', { name: 'Cluster open in another tab' })).toBeVisible();
  await expect(second.getByTestId('save-status')).toHaveText('read-only');
  const frozen = await second.getByTestId('sim-time').textContent();
  await page.close();
  // No click: the follower notices the lock is free, says so, and runs and saves the cluster.
  await expect(second.getByTestId('promoted-banner')).toBeVisible({ timeout: 15_000 });
  await expect(second.getByTestId('promoted-banner')).toContainText('This tab runs the cluster now.');
  await expect(second.getByRole('alertdialog', { name: 'Cluster open in another tab' })).toHaveCount(0);
  await expect(second.getByTestId('save-status')).not.toHaveText('read-only');
  await expect(second.locator('.rtable-body [role=row][data-name="made-before-owner-closed"]')).toBeVisible();
  await expect(second.getByTestId('sim-time')).not.toHaveText(frozen ?? '');
  await second.evaluate(() => window.podium.kubectl('create namespace made-by-new-owner'));
  await waitForSave(second);
  await second.goto('/#/deployments');
  await expect(second.getByRole('button', { name: 'Create' })).toBeEnabled();
  await second.getByTestId('promoted-banner').getByRole('button', { name: 'OK' }).click();
  await expect(second.getByTestId('promoted-banner')).toHaveCount(0);
  // What it saves is what the next tab finds.
  await second.reload();
  await second.goto('/#/namespaces');
  await expect(second.locator('.rtable-body [role=row][data-name="made-by-new-owner"]')).toBeVisible();
  await expect(second.getByTestId('save-status')).not.toHaveText('read-only');
});

test('an owner tab that reloads keeps the cluster, and the follower keeps following', async ({ page, context }) => {
  await openDashboard(page);
  await waitForCluster(page);
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('save-status')).toHaveText('read-only');
  await page.reload();
  await expect(page.getByTestId('sim-time')).not.toHaveText('--:--:--');
  await expect(page.getByTestId('save-status')).not.toHaveText('read-only');
  // Well past the follower's grace period, the roles are still the same.
  await page.waitForTimeout(3500);
  await expect(page.getByTestId('save-status')).not.toHaveText('read-only');
  await expect(second.getByTestId('save-status')).toHaveText('read-only');
  await expect(second.getByTestId('promoted-banner')).toHaveCount(0);
});
