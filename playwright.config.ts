// Playwright runs the end-to-end tests against the built site (vite preview) in Debian's Chromium.
// `npm run test:e2e` (scripts/e2e.mjs) builds first. Playwright's own browser download needs the
// internet and is never used: the executable comes from PODIUM_CHROMIUM or /usr/bin/chromium.
import { defineConfig } from '@playwright/test';

const executablePath = process.env.PODIUM_CHROMIUM || '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: 'http://localhost:4173/',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173/',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
