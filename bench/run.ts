/**
 * `npm run bench`: speed and memory of the engine, headless, printed as a table. Nothing here is
 * asserted by the tests; targets are listed beside the figures.
 *
 * Scenario (issue 2): a 1,000-node cluster; create a Deployment of 10,000 replicas and run until
 * every pod is Running and Ready; roll it to a new image until the rollout completes; then one
 * simulated hour idle. The same with 100 replicas. Wall time and peak heap per phase, with what
 * the engine did in it: processing steps, API writes (resourceVersions handed out) and the CPU
 * time of the process (which, unlike wall time, a busy machine does not inflate as much).
 *
 * `npm run bench -- large` (or `small`, `network`) runs one scenario; `custom REPLICAS NODES`
 * runs another size (quicker to profile: `node --cpu-prof bin/run-ts.mjs bench/run.ts custom
 * 3000 300`).
 *
 * Run with `node --expose-gc` (the npm script does) so heap figures are after a collection:
 * `peak heap` is the largest heapUsed seen after each second of simulated time (live objects
 * plus garbage V8 has not collected yet: it lets the old generation grow to a few times the live
 * size between full collections), `live heap` what survives a full collection at the end of the
 * scenario (after each phase with BENCH_LIVE=1, which shifts V8's later collections).
 *
 * BENCH_PROFILE=WORD writes a CPU profile of each phase whose name contains WORD to
 * /tmp/bench-<phase>.cpuprofile (summarise it with bench/cpuprofile-top.mjs): a profile of one
 * phase, without the set-up before it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { createCluster, type Cluster } from '../src/index';
import { networkScenario } from './network';

interface Row {
  scenario: string;
  phase: string;
  wallMs: number;
  simulated: string;
  heapMb: number;
  target: string;
  /** CPU time of the process (all threads, so the GC's helpers too), ms. */
  cpuMs?: number;
  /** Processing steps the runtime took. */
  steps?: number;
  /** API writes: resourceVersions handed out (creates, updates, deletes, Events included). */
  writes?: number;
  /** Heap after a full collection at the end of the phase, MB. */
  liveMb?: number;
}

const rows: Row[] = [];
let peakHeap = 0;

function heapMb(): number {
  const h = process.memoryUsage().heapUsed / 1048576;
  peakHeap = Math.max(peakHeap, h);
  return h;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function liveHeapMb(): number | undefined {
  if (!(globalThis as { gc?: () => void }).gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Measures one phase: wall and CPU time, steps and writes, peak and live heap. */
async function phase(cluster: Cluster, scenario: string, name: string, target: string, body: () => Promise<string>, last = false): Promise<void> {
  peakHeap = heapMb();
  let steps = 0;
  const off = cluster.engine.runtime.onStep(() => steps++);
  const rv = cluster.engine.store.resourceVersion;
  const profile = process.env.BENCH_PROFILE && name.includes(process.env.BENCH_PROFILE) ? new Session() : undefined;
  if (profile) {
    profile.connect();
    await profile.post('Profiler.enable');
    await profile.post('Profiler.start');
  }
  const cpu = cpuNowMs();
  const t = performance.now();
  const simulated = await body();
  const wallMs = performance.now() - t;
  const cpuMs = cpuNowMs() - cpu;
  off();
  if (profile) {
    const { profile: data } = await profile.post('Profiler.stop');
    const file = `/tmp/bench-${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
    writeFileSync(file, JSON.stringify(data));
    profile.disconnect();
    console.error(`profile of "${name}": ${file}`);
  }
  heapMb();
  // A forced collection changes when V8 collects next (and so the next phase's peak): the live
  // heap is measured after the last phase only, unless BENCH_LIVE=1 asks for it after each.
  const liveMb = last || process.env.BENCH_LIVE ? liveHeapMb() : undefined;
  rows.push({ scenario, phase: name, wallMs, simulated, heapMb: peakHeap, target, cpuMs, steps, writes: cluster.engine.store.resourceVersion - rv, liveMb });
}

/** Advances the cluster in 1-s steps (sampling the heap) until done() holds or maxMs passes. */
function runUntil(cluster: Cluster, done: () => boolean, maxMs: number): number {
  const start = cluster.now();
  while (!done() && cluster.now() - start < maxMs) {
    cluster.advance(1000);
    heapMb();
  }
  return cluster.now() - start;
}

/** Whether every pod of the Deployment is Running and Ready (the Deployment's status is read first: it is cheap). */
function allReady(cluster: Cluster, ns: string, name: string, replicas: number): boolean {
  const d = cluster.engine.store.get('Deployment', ns, name);
  if ((d?.status?.readyReplicas ?? 0) < replicas) return false;
  let n = 0;
  for (const p of cluster.engine.store.list('Pod', { namespace: ns })) {
    if (p.metadata.labels?.app !== name || p.metadata.deletionTimestamp || p.status?.phase !== 'Running') continue;
    if (p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) n++;
  }
  return n >= replicas;
}

function fmtSim(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(0)} s`;
}

async function scenario(replicas: number, nodes: number): Promise<void> {
  const name = `${replicas} replicas / ${nodes} nodes`;
  const big = replicas >= 10_000;
  let cluster!: Cluster;
  gc();
  peakHeap = 0;
  const cpu = cpuNowMs();
  const t = performance.now();
  cluster = createCluster({ nodes, seed: 1 });
  rows.push({ scenario: name, phase: 'create cluster', wallMs: performance.now() - t, simulated: '-', heapMb: heapMb(), target: '', cpuMs: cpuNowMs() - cpu, writes: cluster.engine.store.resourceVersion });

  await phase(cluster, name, 'all pods Running+Ready', big ? '< 10 s, < 1 GB' : '', async () => {
    const r = await cluster.kubectl(`create deployment web --image=nginx:1.27 --replicas=${replicas}`);
    if (r.exitCode !== 0) throw new Error(r.stderr);
    return fmtSim(runUntil(cluster, () => allReady(cluster, 'default', 'web', replicas), 3_600_000));
  });

  await phase(cluster, name, 'rollout to new image', big ? '< 10 s, < 1 GB' : '', async () => {
    const r = await cluster.kubectl('set image deployment/web nginx=nginx:1.26');
    if (r.exitCode !== 0) throw new Error(r.stderr);
    const sim = runUntil(
      cluster,
      () => {
        const d = cluster.engine.store.get('Deployment', 'default', 'web');
        const st = d?.status ?? {};
        return st.updatedReplicas === replicas && st.availableReplicas === replicas && st.replicas === replicas && st.observedGeneration === d?.metadata.generation;
      },
      3_600_000,
    );
    return fmtSim(sim);
  });

  await phase(
    cluster,
    name,
    'one simulated hour idle',
    big ? '< 0.1 s' : '',
    async () => {
      cluster.advance(3_600_000);
      heapMb();
      return '60 min';
    },
    true,
  );
}

const only = process.argv[2];
if (!only || only === 'small') await scenario(100, 1000);
if (!only || only === 'large') await scenario(10_000, 1000);
// `custom REPLICAS NODES`: a scenario of another size, to profile quickly.
if (only === 'custom') await scenario(Number(process.argv[3] ?? 3000), Number(process.argv[4] ?? 300));
// Services and the network (issue 3).
if (!only || only === 'network') rows.push(...(await networkScenario()));

const header = ['scenario', 'phase', 'wall', 'cpu', 'simulated', 'steps', 'writes', 'peak heap', 'live heap', 'target'];
const num = (n: number | undefined) => (n === undefined ? '-' : n.toLocaleString('en-US'));
const table = rows.map((r) => [
  r.scenario,
  r.phase,
  `${(r.wallMs / 1000).toFixed(2)} s`,
  r.cpuMs === undefined ? '-' : `${(r.cpuMs / 1000).toFixed(2)} s`,
  r.simulated,
  num(r.steps),
  num(r.writes),
  `${r.heapMb.toFixed(0)} MB`,
  r.liveMb === undefined ? '-' : `${r.liveMb.toFixed(0)} MB`,
  r.target,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
// Wall times depend on the machine and on what else runs on it: say what it was doing.
console.log(`\nnode ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
