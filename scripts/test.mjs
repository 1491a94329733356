#!/usr/bin/env node
// `npm test`: every test. Unit and engine scenario tests (Vitest), then the Playwright tests
// against the built site in Debian's Chromium. Without Chromium it fails at once and says how to
// get one: browser tests are never silently skipped.
import { spawnSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}

function run(cmd, args, env = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const started = Date.now();
run('npx', ['vitest', 'run']);
run('node', ['scripts/e2e.mjs'], { PODIUM_CHROMIUM: chromium });
console.log(`\nAll tests passed in ${Math.round((Date.now() - started) / 1000)} s.`);
