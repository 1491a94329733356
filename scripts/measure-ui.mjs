#!/usr/bin/env node
// Measures what people feel, in headless Chromium against the built site (prints; asserts nothing):
//   1. first paint / first contentful paint and time until the cluster's nodes show, on a fresh load;
//   2. scrolling the pod table with 10,000 pods (the static sample, no engine): frame rate, long tasks;
//   3. with 1,000 pods and a rolling update at x10: the main thread's longest task, the long tasks and
//      the frame rate while the rollout runs (needs the engine's controllers, scheduler and kubelets).
// Usage: npx vite build && node scripts/measure-ui.mjs   (MEASURE_SECONDS=20 to watch longer,
// MEASURE_TRACE=DIR to keep the Chromium traces the longest tasks are read from)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';

const exe = findChromium();
if (!exe) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const port = 4181;
const base = `http://localhost:${port}/`;
const watchSeconds = Number(process.env.MEASURE_SECONDS || 20);
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
const results = [];
const row = (what, value, note = '') => {
  results.push([what, value, note]);
  console.log(`  ${what.padEnd(52)} ${String(value).padStart(12)}  ${note}`);
};

/** Installs a long-task observer and a frame counter in the page. */
const INSTRUMENT = () => {
  const w = window;
  w.__m = { longtasks: [], frames: [], running: true };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__m.longtasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  const loop = (t) => {
    if (!w.__m.running) return;
    w.__m.frames.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
};
const COLLECT = () => {
  const m = window.__m;
  m.running = false;
  const f = m.frames;
  const gaps = f.slice(1).map((t, i) => t - f[i]).sort((a, b) => a - b);
  const seconds = (f[f.length - 1] - f[0]) / 1000;
  return {
    fps: seconds > 0 ? (f.length - 1) / seconds : 0,
    p95Frame: gaps.length ? gaps[Math.floor(gaps.length * 0.95)] : 0,
    worstFrame: gaps.length ? gaps[gaps.length - 1] : 0,
    over50: m.longtasks.filter((d) => d > 50).length,
  };
};
const ms = (n) => `${Math.round(n)} ms`;
let traces = 0;

/**
 * The longest main-thread task in a Chromium trace (RunTask, ThreadControllerImpl::RunTask in newer builds, on the
 * renderer's main thread). The page's long-task observer only sees tasks over 50 ms; the trace
 * gives the true longest one, however short.
 */
function longestTraceTask(buffer) {
  // MEASURE_TRACE=DIR keeps each trace (open it in Chromium's Performance panel).
  if (process.env.MEASURE_TRACE) writeFileSync(`${process.env.MEASURE_TRACE}/trace-${++traces}.json`, buffer);
  const events = JSON.parse(buffer.toString('utf8')).traceEvents ?? [];
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let longest = 0;
  let count = 0;
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !mains.has(`${e.pid}:${e.tid}`)) continue;
    count++;
    longest = Math.max(longest, (e.dur ?? 0) / 1000);
  }
  return { longest, count };
}

try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: exe,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  console.log(`\nPodium UI measurements (headless Chromium, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} before starting)\n`);

  // 1. First paint of the built site.
  {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    const t0 = Date.now();
    await page.goto(base);
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])));
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0);
    row('first paint', ms(paints['first-paint'] ?? NaN));
    row('first contentful paint', ms(paints['first-contentful-paint'] ?? NaN));
    row('DOMContentLoaded', ms(nav));
    await page.waitForFunction(() => window.podium?.state().mirror.loaded, null, { timeout: 30_000 });
    row('first frame from the engine (mirror loaded)', ms(await page.evaluate(() => performance.now())), `wall ${Date.now() - t0} ms incl. navigation`);
    const nodes = await page.evaluate(() => window.podium.state().mirror.kinds.Node?.size ?? 0);
    row('nodes in the default cluster', nodes);
    await ctx.close();
  }

  // 2. Scrolling 10,000 pods (static sample data).
  {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}?fixture=10000#/pods`);
    await page.waitForSelector('.rtable-body [role=row]');
    await page.evaluate(INSTRUMENT);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', '__metadata'] });
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('.rtable-scroll');
          const start = performance.now();
          const step = () => {
            const t = performance.now() - start;
            el.scrollTop = (t / 4000) * (el.scrollHeight - el.clientHeight);
            if (t < 4000) requestAnimationFrame(step);
            else resolve();
          };
          requestAnimationFrame(step);
        }),
    );
    const r = await page.evaluate(COLLECT);
    const tr = longestTraceTask(await browser.stopTracing());
    row('10,000 pods, 4 s scroll top to bottom: frame rate', `${r.fps.toFixed(1)} fps`, `p95 frame ${ms(r.p95Frame)}, worst ${ms(r.worstFrame)}`);
    row('10,000 pods scroll: longest main-thread task', ms(tr.longest), `of ${tr.count} tasks traced; ${r.over50} over 50 ms`);
    const rendered = await page.locator('.rtable-body [role=row]').count();
    row('10,000 pods: rows in the DOM', rendered);
    await ctx.close();
  }

  // 3. 1,000 pods, rolling update at x10.
  {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}?nodes=12#/pods?ns=default`);
    await page.waitForFunction(() => window.podium?.state().mirror.loaded, null, { timeout: 30_000 });
    const nodes = await page.evaluate(() => window.podium.state().mirror.kinds.Node?.size ?? 0);
    const create = await page.evaluate(() => window.podium.kubectl('create deployment load --image=nginx:1.26 --replicas=1000'));
    if (nodes === 0 || create.exitCode !== 0) {
      row('1,000 pods rolling update at x10', 'not measured', `engine not ready: ${nodes} nodes; ${(create.stderr || create.stdout).trim().split('\n')[0]}`);
    } else {
      await page.selectOption('select[aria-label=Speed]', '10');
      const t0 = Date.now();
      const running = () =>
        page.evaluate(() => {
          let n = 0;
          for (const p of window.podium.state().mirror.kinds.Pod?.values() ?? []) if (p.metadata.namespace === 'default' && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp) n++;
          return n;
        });
      while ((await running()) < 1000 && Date.now() - t0 < 180_000) await page.waitForTimeout(500);
      row('1,000 pods running after (wall, at x10)', `${((Date.now() - t0) / 1000).toFixed(1)} s`, `${await running()} running`);
      await page.evaluate(INSTRUMENT);
      await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', '__metadata'] });
      const set = await page.evaluate(() => window.podium.kubectl('set image deployment/load nginx=nginx:1.27'));
      if (set.exitCode !== 0) row('set image', 'failed', set.stderr.trim());
      const t1 = Date.now();
      await page.waitForTimeout(watchSeconds * 1000);
      const r = await page.evaluate(COLLECT);
      const tr = longestTraceTask(await browser.stopTracing());
      const updated = await page.evaluate(() => window.podium.state().mirror.kinds.Deployment && [...window.podium.state().mirror.kinds.Deployment.values()].find((d) => d.metadata.name === 'load')?.status?.updatedReplicas);
      row(`rolling update at x10, pod table, ${watchSeconds} s: frame rate`, `${r.fps.toFixed(1)} fps`, `p95 frame ${ms(r.p95Frame)}, worst ${ms(r.worstFrame)}`);
      row('rolling update: longest main-thread task', ms(tr.longest), `of ${tr.count} tasks traced; ${r.over50} over 50 ms; ${updated ?? '?'} pods updated after ${Math.round((Date.now() - t1) / 1000)} s`);
      await page.goto(`${base}?nodes=12#/overview`);
      await page.waitForFunction(() => window.podium?.state().mirror.loaded, null, { timeout: 30_000 });
      await page.evaluate(INSTRUMENT);
      await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', '__metadata'] });
      await page.evaluate(() => window.podium.kubectl('rollout undo deployment/load'));
      await page.waitForTimeout(Math.min(watchSeconds, 10) * 1000);
      const r2 = await page.evaluate(COLLECT);
      const tr2 = longestTraceTask(await browser.stopTracing());
      row('rollback at x10, overview (node map): frame rate', `${r2.fps.toFixed(1)} fps`, `p95 frame ${ms(r2.p95Frame)}`);
      row('rollback, overview: longest main-thread task', ms(tr2.longest), `of ${tr2.count} tasks traced; ${r2.over50} over 50 ms`);
    }
    await ctx.close();
  }
  await browser.close();
  console.log(`\n  (load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}: other processes on the machine skew these numbers)\n`);
} finally {
  try {
    process.kill(-server.pid);
  } catch {}
}
