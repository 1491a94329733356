#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and
 * the most total (inclusive) time, and optionally where the time under one function goes.
 *
 *   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/run.ts custom 3000 300
 *   node bench/cpuprofile-top.mjs /tmp/prof/CPU.*.cpuprofile [N] [FUNCTION]
 *
 * tsx writes a profile for its loader thread too: pass the largest file. (Under tsx every
 * function is reported on line 1; bundle with esbuild for line numbers.)
 */
import { readFileSync } from 'node:fs';

const [file, n = '25', focus] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpuprofile-top.mjs PROFILE [N] [FUNCTION]');
  process.exit(2);
}
const p = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(n);
const byId = new Map(p.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const name = (node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;

const self = new Map();
const total = new Map();
const under = new Map();
let all = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  all += dt;
  let id = p.samples[i];
  const leaf = name(byId.get(id));
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  const seen = new Set();
  let child;
  while (id !== undefined) {
    const node = byId.get(id);
    const k = name(node);
    if (!seen.has(k)) {
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
    if (focus && node.callFrame.functionName === focus && !seen.has('#focus')) {
      seen.add('#focus');
      const c = child === undefined ? '(self)' : name(byId.get(child));
      under.set(c, (under.get(c) ?? 0) + dt);
    }
    child = id;
    id = parent.get(id);
  }
}
const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / 1000).toFixed(0).padStart(8)} ms  ${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: ${(all / 1e6).toFixed(2)} s sampled`);
show('self time', self);
show('total time', total);
if (focus) show(`under ${focus}`, under);
