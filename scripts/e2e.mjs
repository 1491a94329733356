#!/usr/bin/env node
// Builds the site and runs the Playwright tests against it (vite preview), in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const env = { ...process.env, PODIUM_CHROMIUM: chromium };
for (const [cmd, args] of [
  ['npx', ['vite', 'build']],
  ['npx', ['playwright', 'test', ...process.argv.slice(2)]],
]) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
