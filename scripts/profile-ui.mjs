#!/usr/bin/env node
// Profiles the UI thread (CDP Profiler) during a 1,000-pod rolling update at x10, against an
// unminified build so that function names are readable; writes /tmp/ui.cpuprofile.
// Usage: npx vite build --minify false --outDir /tmp/dist-dev && node scripts/profile-ui.mjs
//        node bench/cpuprofile-top.mjs /tmp/ui.cpuprofile 40
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';
if (!findChromium()) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const server = spawn('npx', ['vite', 'preview', '--port', '4190', '--strictPort', '--outDir', '/tmp/dist-dev'], { stdio: 'ignore', detached: true });
try {
  for (let i = 0; i < 100; i++) { try { if ((await fetch('http://localhost:4190/')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
  const b = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
  const page = await (await b.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto('http://localhost:4190/?nodes=12#/pods?ns=default');
  await page.waitForFunction(() => window.podium?.state().mirror.loaded, null, { timeout: 30000 });
  await page.evaluate(() => window.podium.kubectl('create deployment load --image=nginx:1.26 --replicas=1000'));
  await page.selectOption('select[aria-label=Speed]', '10');
  await page.waitForTimeout(8000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.evaluate(() => window.podium.kubectl('set image deployment/load nginx=nginx:1.27'));
  await page.waitForTimeout(20000);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/ui.cpuprofile', JSON.stringify(profile));
  await b.close();
} finally { process.kill(-server.pid); }
