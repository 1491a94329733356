/**
 * The network section of `npm run bench` (issue 3): 1,000 Services over 10,000 pods on 100
 * nodes. Reports
 * - how long it takes the endpoint controllers to publish all 1,000 Endpoints and slices;
 * - the cost of one pod change: a pod relabelled from one Service to another, settled, 1,000
 *   times; only the two Services concerned may be touched (2 Endpoints and 2 EndpointSlice
 *   writes per change);
 * - 10,000 simulated HTTP requests from the control-plane node to the Services' ClusterIPs,
 *   through the node's kube-proxy rules to the pods' serve-hostname apps (target: < 1 s wall),
 *   and how evenly they spread over the endpoints.
 */
import { createCluster } from '../src/index';
import type { KObject } from '../src/engine/api/types';
import { clone } from '../src/engine/sim/dev';

/** One row of the bench table. */
export interface BenchRow {
  scenario: string;
  phase: string;
  wallMs: number;
  simulated: string;
  heapMb: number;
  target: string;
}

const SERVICES = 1000;
const PODS = 10_000;
const NODES = 100;

const heapMb = () => process.memoryUsage().heapUsed / 1048576;

/** Runs the network scenario and returns its rows. */
export async function networkScenario(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const name = `${SERVICES} services / ${PODS} pods`;
  const cluster = createCluster({ nodes: NODES, seed: 3 });
  const { store, runtime } = cluster.engine;

  let t = performance.now();
  let simStart = runtime.now;
  for (let i = 0; i < PODS; i++) {
    store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', labels: { svc: `s${i % SERVICES}` } },
      spec: { containers: [{ name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', args: ['serve-hostname', '--port', '9376'], ports: [{ containerPort: 9376 }] }] },
    });
  }
  const readyPods = () => store.list('Pod', { namespace: 'default' }).filter((p) => p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length;
  while (readyPods() < PODS && runtime.now - simStart < 3_600_000) cluster.advance(5000);
  rows.push({ scenario: name, phase: `${PODS} pods Running+Ready`, wallMs: performance.now() - t, simulated: `${((runtime.now - simStart) / 1000).toFixed(0)} s`, heapMb: heapMb(), target: '' });

  t = performance.now();
  simStart = runtime.now;
  for (let i = 0; i < SERVICES; i++) {
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'default' }, spec: { selector: { svc: `s${i}` }, ports: [{ port: 80, targetPort: 9376 }] } });
  }
  runtime.settle();
  const full = store.list('Endpoints', { namespace: 'default' }).filter((e) => e.subsets?.[0]?.addresses?.length === PODS / SERVICES).length;
  rows.push({ scenario: name, phase: `${SERVICES} Services: Endpoints+slices (${full} full)`, wallMs: performance.now() - t, simulated: '0 s', heapMb: heapMb(), target: '' });

  // One pod change: move a pod from Service s<a> to s<b>.
  let endpointWrites = 0;
  let sliceWrites = 0;
  store.watch('Endpoints', () => endpointWrites++);
  store.watch('EndpointSlice', () => sliceWrites++);
  const CHANGES = 1000;
  t = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    const pod = clone(store.mustGet<KObject>('Pod', 'default', `p${i}`));
    pod.metadata.labels = { svc: `s${(i + 1) % SERVICES}` };
    store.update(pod);
    runtime.settle();
  }
  const perChange = (performance.now() - t) / CHANGES;
  rows.push({
    scenario: name,
    phase: `pod change (relabel), x${CHANGES}: ${(endpointWrites / CHANGES).toFixed(1)} Endpoints + ${(sliceWrites / CHANGES).toFixed(1)} slice writes each`,
    wallMs: performance.now() - t,
    simulated: '0 s',
    heapMb: heapMb(),
    target: `${(perChange * 1000).toFixed(0)} µs/change; 2 + 2 writes`,
  });

  // 10,000 connections, then 10,000 requests, from the control-plane node through its
  // kube-proxy rules: the first measures the network (rules, endpoint choice, DNAT, routing),
  // the second adds the delivery to each pod's application by its kubelet.
  const net = cluster.engine.network;
  const from = net.nodeClient();
  const ips = Array.from({ length: SERVICES }, (_, i) => store.mustGet('Service', 'default', `s${i}`).spec.clusterIP as string);
  const REQUESTS = 10_000;
  const reached = new Set<string>();
  t = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const c = net.connect(from, ips[i % SERVICES], 80);
    if (c.ok) reached.add(c.pod);
  }
  rows.push({ scenario: name, phase: `${REQUESTS} connections through kube-proxy: ${reached.size} pods reached`, wallMs: performance.now() - t, simulated: '0 s', heapMb: heapMb(), target: '< 1 s' });
  const hits = new Map<string, number>();
  let failed = 0;
  t = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const r = net.request(from, ips[i % SERVICES], 80, { method: 'GET', path: '/', headers: { 'User-Agent': 'curl/7.88.1' }, host: ips[i % SERVICES] });
    if (!r.ok) failed++;
    else hits.set(r.response.body, (hits.get(r.response.body) ?? 0) + 1);
  }
  const wall = performance.now() - t;
  rows.push({
    scenario: name,
    phase: `${REQUESTS} HTTP requests to the apps: ${hits.size} pods answered, ${failed} failed`,
    wallMs: wall,
    simulated: '0 s',
    heapMb: heapMb(),
    target: '< 1 s',
  });
  return rows;
}
