// Workloads and nodes through the UI: create from the form, scale, change the image (rolling
// update), export / reset / import, delete, cordon, stop and start a node.
import { test, expect, type Page } from '@playwright/test';
import { column, openDashboard, pauseClock, rowNames, stepUntil, waitForNodes } from './helpers';

async function createFromForm(page: Page, name: string, replicas: number, image = 'nginx:1.27') {
  await page.goto('/#/deployments?ns=default');
  await page.getByRole('button', { name: 'Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name=name]').fill(name);
  await dialog.locator('input[name=image]').fill(image);
  await dialog.locator('input[name=replicas]').fill(String(replicas));
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
}

const WEB_PODS = '/#/pods?ns=default&l=app%3Dweb';

/** STATUS of each web pod by name, read from the pod table (which must be on screen). */
async function webPods(page: Page): Promise<Record<string, string>> {
  return column(page, 'status');
}

test('a deployment created from the form gets its pods; scaling it in the UI grows the pod table', async ({ page }) => {
  await openDashboard(page);
  await waitForNodes(page);
  await pauseClock(page);
  await createFromForm(page, 'web', 3);
  await expect(page).toHaveURL(/#\/deployments\/default\/web/);
  await page.goto(WEB_PODS);
  await stepUntil(page, async () => {
    const s = Object.values(await webPods(page));
    return s.length === 3 && s.every((x) => x === 'Running');
  });

  await page.goto('/#/deployments/default/web');
  await page.getByRole('button', { name: 'Scale' }).click();
  await page.getByRole('dialog').locator('input[name=value]').fill('5');
  await page.getByRole('dialog').getByRole('button', { name: 'Scale' }).click();
  await page.goto(WEB_PODS);
  await stepUntil(page, async () => {
    const s = Object.values(await webPods(page));
    return s.length === 5 && s.every((x) => x === 'Running');
  });
  await expect(page.getByTestId('row-count')).toHaveText('5 of 5');
});

test('the form can expose the deployment: its Service gets a node port and its Endpoints the ready pods', async ({ page }) => {
  await openDashboard(page);
  await waitForNodes(page);
  await pauseClock(page);
  await page.goto('/#/deployments?ns=default');
  await page.getByRole('button', { name: 'Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name=name]').fill('shop');
  await dialog.locator('input[name=replicas]').fill('2');
  await dialog.locator('input[name=service]').check();
  await dialog.locator('select[name=serviceType]').selectOption('NodePort');
  // The commands the form will run are shown before it runs them.
  await expect(dialog.getByLabel('Commands that will run')).toContainText('kubectl expose deployment shop --port=80 --type=NodePort');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);

  await page.goto('/#/services?ns=default');
  await expect(page.locator('.rtable-body [role=row][data-name=shop]')).toBeVisible();
  const svc = await column(page, 'type');
  expect(svc.shop).toBe('NodePort');
  expect((await column(page, 'ports')).shop).toMatch(/^80:3\d{4}\/TCP$/);
  // From the service CIDR of a kubeadm cluster, 10.96.0.0/12.
  expect((await column(page, 'clusterip')).shop).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);

  await page.goto('/#/endpoints?ns=default');
  await stepUntil(page, async () => /^10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80$/.test((await column(page, 'endpoints')).shop ?? ''));
});

test('changing the image shows a rolling update in the tables', async ({ page }) => {
  test.setTimeout(180_000);
  await openDashboard(page);
  await waitForNodes(page);
  await pauseClock(page);
  await createFromForm(page, 'web', 4, 'nginx:1.26');
  await page.goto(WEB_PODS);
  await stepUntil(page, async () => {
    const s = Object.values(await webPods(page));
    return s.length === 4 && s.every((x) => x === 'Running');
  });
  const oldHashes = new Set(Object.keys(await webPods(page)).map((n) => n.split('-')[1]));
  expect(oldHashes.size).toBe(1);

  await page.goto('/#/deployments/default/web');
  await page.getByRole('button', { name: 'Set image' }).click();
  await page.getByRole('dialog').locator('input[name=value]').fill('nginx:1.27');
  await page.getByRole('dialog').getByRole('button', { name: 'Set image' }).click();
  await page.goto(WEB_PODS);

  // Step through the rollout, watching the pod table: old and new pods must coexist at some point,
  // and in the end only new ones remain.
  let sawBoth = false;
  let sawTransition = false;
  await stepUntil(
    page,
    async () => {
      const pods = await webPods(page);
      const hashes = new Set(Object.keys(pods).map((n) => n.split('-')[1]));
      if (hashes.size > 1) sawBoth = true;
      if (Object.values(pods).some((s) => s === 'Terminating' || s === 'ContainerCreating' || s === 'Pending')) sawTransition = true;
      const done = Object.keys(pods).length === 4 && [...hashes].every((h) => !oldHashes.has(h)) && Object.values(pods).every((s) => s === 'Running');
      return done;
    },
    300,
    1,
  );
  expect(sawBoth).toBe(true);
  expect(sawTransition).toBe(true);

  await page.goto('/#/replicasets?ns=default');
  await expect.poll(async () => (await rowNames(page)).filter((n) => n.startsWith('web-')).length).toBe(2);
  const desired = await column(page, 'desired');
  expect(Object.values(desired).sort()).toEqual(['0', '4']);
});

test('export all as YAML, reset the cluster, import the export: the deployment comes back', async ({ page }) => {
  await openDashboard(page);
  await waitForNodes(page);
  await pauseClock(page);
  await createFromForm(page, 'web', 2, 'nginx:1.26');
  await page.goto('/#/deployments?ns=default');
  await expect.poll(() => rowNames(page)).toEqual(['web']);

  await page.getByRole('button', { name: 'Menu' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export all as YAML' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^podium-.*\.yaml$/);
  const path = await file.path();

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('menuitem', { name: /Reset cluster/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset cluster' }).click();
  await expect.poll(() => rowNames(page)).toEqual([]);

  await page.getByTestId('import-file').setInputFiles(path);
  await expect.poll(() => rowNames(page)).toEqual(['web']);
  await page.goto(WEB_PODS);
  await stepUntil(page, async () => {
    const s = Object.values(await webPods(page));
    return s.length === 2 && s.every((x) => x === 'Running');
  });
});

test('delete, cordon and stop a node from the UI', async ({ page }) => {
  await openDashboard(page, '#/nodes/podium-worker2');
  await waitForNodes(page);
  await pauseClock(page);
  await page.getByRole('button', { name: 'Cordon' }).click();
  await expect.poll(async () => (await column(page, 'status'))['podium-worker2']).toBe('Ready,SchedulingDisabled');
  await page.getByRole('button', { name: 'Uncordon' }).click();
  await expect.poll(async () => (await column(page, 'status'))['podium-worker2']).toBe('Ready');
  await page.getByRole('button', { name: 'Stop node' }).click();
  // The node lifecycle controller marks it after the node monitor grace period (40 s in 1.32).
  await stepUntil(page, async () => (await column(page, 'status'))['podium-worker2'] === 'NotReady', 120, 10);
  await page.getByRole('button', { name: 'Start node' }).click();
  await stepUntil(page, async () => (await column(page, 'status'))['podium-worker2'] === 'Ready', 120, 10);

  await createFromForm(page, 'gone', 1, 'nginx:1.26');
  await page.goto('/#/deployments/default/gone');
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/#\/deployments(\?|$)/);
  await expect.poll(() => rowNames(page)).not.toContain('gone');
});
