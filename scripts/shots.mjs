#!/usr/bin/env node
// Takes screenshots of every view of the built site into /tmp/podium-shots (or $SHOTS_DIR), for
// looking at what people see. Needs `npx vite build` first; starts `vite preview` itself.
// Env: THEME=dark|light, PROJECTOR=1, FIXTURE=N (static sample with N extra pods), ROUTES=a,b (hash
// routes), SETUP='kubectl line;;kubectl line' run first, W/H viewport.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const dir = process.env.SHOTS_DIR || '/tmp/podium-shots';
mkdirSync(dir, { recursive: true });
const port = 4179;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
const base = `http://localhost:${port}/`;
try {
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const theme = process.env.THEME || 'dark';
  const page = await browser.newPage({ viewport: { width: Number(process.env.W || 1440), height: Number(process.env.H || 900) } });
  page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  const q = process.env.FIXTURE !== undefined ? `?fixture=${process.env.FIXTURE}` : '';
  await page.goto(base + q);
  await page.evaluate(([t, p]) => localStorage.setItem('podium:prefs', JSON.stringify({ theme: t, projector: p })), [theme, process.env.PROJECTOR === '1']);
  await page.reload();
  await page.waitForTimeout(1500);
  const setup = process.env.SETUP;
  if (setup) {
    for (const line of setup.split(';;')) {
      const r = await page.evaluate((l) => window.podium.kubectl(l), line.trim());
      console.log(`$ ${line.trim()}\n${r.stdout}${r.stderr}`);
    }
    await page.waitForTimeout(Number(process.env.WAIT || 3000));
  }
  const routes = (process.env.ROUTES || 'overview,pods,deployments,replicasets,services,endpoints,nodes,namespaces,events').split(',');
  for (const r of routes) {
    await page.goto(`${base}${q}#/${r}`);
    await page.waitForTimeout(Number(process.env.SETTLE || 700));
    const name = `${dir}/${theme}-${r.replace(/[^a-z0-9]+/gi, '_')}.png`;
    await page.screenshot({ path: name });
    console.log('shot', name);
  }
  await browser.close();
} finally {
  process.kill(-server.pid);
}
