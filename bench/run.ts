/**
 * `npm run bench`: speed and memory of the engine, headless, printed as a table. Nothing here is
 * asserted by the tests; targets are listed beside the figures.
 *
 * Scenario (issue 2): a 1,000-node cluster; create a Deployment of 10,000 replicas and run until
 * every pod is Running and Ready; roll it to a new image until the rollout completes; then one
 * simulated hour idle. The same with 100 replicas. Wall time and peak heap per phase.
 *
 * Run with `node --expose-gc` (the npm script does) so heap figures are after a collection.
 */
import { createCluster, type Cluster } from '../src/index';

interface Row {
  scenario: string;
  phase: string;
  wallMs: number;
  simulated: string;
  heapMb: number;
  target: string;
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

/** Advances the cluster in 1-s steps (sampling the heap) until done() holds or maxMs passes. */
function runUntil(cluster: Cluster, done: () => boolean, maxMs: number): number {
  const start = cluster.now();
  while (!done() && cluster.now() - start < maxMs) {
    cluster.advance(1000);
    heapMb();
  }
  return cluster.now() - start;
}

function readyPods(cluster: Cluster, ns: string, app: string, image?: string): number {
  const pods = cluster.engine.store.list('Pod', { namespace: ns });
  let n = 0;
  for (const p of pods) {
    if (p.metadata.labels?.app !== app || p.metadata.deletionTimestamp) continue;
    if (image && p.spec.containers[0].image !== image) continue;
    if (p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) n++;
  }
  return n;
}

function fmtSim(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(0)} s`;
}

async function scenario(replicas: number, nodes: number): Promise<void> {
  const name = `${replicas} replicas / ${nodes} nodes`;
  gc();
  peakHeap = 0;
  let t = performance.now();
  const cluster = createCluster({ nodes, seed: 1 });
  rows.push({ scenario: name, phase: 'create cluster', wallMs: performance.now() - t, simulated: '-', heapMb: heapMb(), target: '' });

  peakHeap = 0;
  t = performance.now();
  let r = await cluster.kubectl(`create deployment web --image=nginx:1.27 --replicas=${replicas}`);
  if (r.exitCode !== 0) throw new Error(r.stderr);
  let sim = runUntil(cluster, () => readyPods(cluster, 'default', 'web') >= replicas, 3_600_000);
  rows.push({ scenario: name, phase: 'all pods Running+Ready', wallMs: performance.now() - t, simulated: fmtSim(sim), heapMb: peakHeap, target: replicas >= 10_000 ? '< 10 s, < 1 GB' : '' });

  peakHeap = 0;
  t = performance.now();
  r = await cluster.kubectl('set image deployment/web nginx=nginx:1.26');
  if (r.exitCode !== 0) throw new Error(r.stderr);
  sim = runUntil(
    cluster,
    () => {
      const d = cluster.engine.store.get('Deployment', 'default', 'web');
      const st = d?.status ?? {};
      return st.updatedReplicas === replicas && st.availableReplicas === replicas && st.replicas === replicas && st.observedGeneration === d?.metadata.generation;
    },
    3_600_000,
  );
  rows.push({ scenario: name, phase: 'rollout to new image', wallMs: performance.now() - t, simulated: fmtSim(sim), heapMb: peakHeap, target: replicas >= 10_000 ? '< 10 s, < 1 GB' : '' });

  peakHeap = 0;
  t = performance.now();
  cluster.advance(3_600_000);
  rows.push({ scenario: name, phase: 'one simulated hour idle', wallMs: performance.now() - t, simulated: '60 min', heapMb: heapMb(), target: replicas >= 10_000 ? '< 0.1 s' : '' });
}

const only = process.argv[2];
if (!only || only === 'small') await scenario(100, 1000);
if (!only || only === 'large') await scenario(10_000, 1000);

const header = ['scenario', 'phase', 'wall', 'simulated', 'peak heap', 'target'];
const table = rows.map((r) => [r.scenario, r.phase, `${(r.wallMs / 1000).toFixed(2)} s`, r.simulated, `${r.heapMb.toFixed(0)} MB`, r.target]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
