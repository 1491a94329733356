// Records what the real kubectl v1.32 prints for `kubectl expose ... --dry-run=client` and
// `kubectl create service ...` (run by hand: node src/kubectl/verbs/network-fixtures.record.mjs).
// expose reads the object it exposes, so kubectl talks to the describe fixtures' fake API server
// (../describe/fixtures/fake-apiserver.mjs) serving the objects below. network-verbs.test.ts
// loads the same objects into a Podium cluster, runs the same lines and compares.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../describe/fixtures/fake-apiserver.mjs';

const meta = (name, extra = {}) => ({ name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2025-03-03T09:00:00Z', ...extra });
const container = (name, image, ports) => ({ name, image, ...(ports ? { ports } : {}) });
const deploy = (name, labels, selector, containers) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, { labels }),
  spec: { replicas: 2, selector, template: { metadata: { labels }, spec: { containers } } },
});
export const OBJECTS = [
  deploy('nginx', { app: 'nginx' }, { matchLabels: { app: 'nginx' } }, [container('nginx', 'nginx:1.27', [{ containerPort: 80, protocol: 'TCP' }])]),
  deploy('multi', { app: 'multi', tier: 'be' }, { matchLabels: { app: 'multi' } }, [
    container('dns', 'coredns/coredns', [{ containerPort: 53, protocol: 'UDP', name: 'dns' }, { containerPort: 53, protocol: 'TCP', name: 'dns-tcp' }]),
    container('web', 'nginx', [{ containerPort: 8080, protocol: 'TCP' }]),
  ]),
  deploy('noports', { app: 'noports' }, { matchLabels: { app: 'noports' } }, [container('busybox', 'busybox')]),
  deploy('exprsel', { app: 'exprsel' }, { matchExpressions: [{ key: 'app', operator: 'In', values: ['exprsel'] }] }, [container('nginx', 'nginx', [{ containerPort: 80, protocol: 'TCP' }])]),
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-rs', { labels: { app: 'web', tier: 'fe' } }), spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [container('web', 'httpd', [{ containerPort: 80, protocol: 'TCP' }])] } } } },
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('httpd', { labels: { run: 'httpd' } }), spec: { replicas: 2, selector: { run: 'httpd' }, template: { metadata: { labels: { run: 'httpd' } }, spec: { containers: [container('httpd', 'httpd')] } } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('valid-pod', { labels: { name: 'valid-pod' } }), spec: { containers: [container('app', 'hashicorp/http-echo', [{ containerPort: 5678, protocol: 'TCP' }])] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('nolabels'), spec: { containers: [container('app', 'nginx', [{ containerPort: 80, protocol: 'TCP' }])] } },
  { apiVersion: 'v1', kind: 'Service', metadata: meta('nginx-service', { labels: { team: 'web' } }), spec: { type: 'ClusterIP', clusterIP: '10.96.45.12', clusterIPs: ['10.96.45.12'], selector: { app: 'nginx' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('app-config'), data: { a: 'b' } },
];

export const COMMANDS = [
  'expose deployment nginx --port=80 --dry-run=client -o yaml',
  'expose deployment nginx --dry-run=client -o yaml',
  'expose deployment nginx --port=80 --target-port=8080 --type=NodePort --name=web --dry-run=client -o yaml',
  'expose deployment nginx --port=80 --type=LoadBalancer --dry-run=client -o json',
  'expose deployment nginx --port=80 --protocol=UDP --selector=app=x,tier=y --labels=a=b --dry-run=client -o yaml',
  'expose deployment nginx --port=80 --cluster-ip=None --session-affinity=ClientIP --dry-run=client -o yaml',
  'expose deployment nginx --port=80 --dry-run=client',
  'expose deployment nginx -n default --port=80 --target-port=http --dry-run=client -o yaml',
  'expose deployment multi --dry-run=client -o yaml',
  'expose deployment noports --dry-run=client -o yaml',
  'expose deployment exprsel --port=80 --dry-run=client -o yaml',
  'expose deployment nosuch --port=80',
  'expose deployment nginx --port=80 --session-affinity=Foo --dry-run=client -o yaml',
  'expose rs web-rs --port=80 --dry-run=client -o yaml',
  'expose rc httpd --port=80 --target-port=8000 --dry-run=client -o yaml',
  'expose pod valid-pod --port=444 --name=frontend --dry-run=client -o yaml',
  'expose pod nolabels --port=80 --dry-run=client -o yaml',
  'expose service nginx-service --port=443 --target-port=8443 --name=nginx-https --dry-run=client -o yaml',
  'expose configmap app-config --port=80',
  'expose',
  'expose deployment',
  'create service clusterip my-svc --tcp=80:8080 --dry-run=client -o yaml',
  'create service clusterip my-svc --tcp=80:8080,443:8443 --dry-run=client -o json',
  'create service clusterip my-svc --tcp=80:http --dry-run=client -o yaml',
  'create service clusterip my-svc --tcp=80:8080 --dry-run=client',
  'create svc clusterip my-cs --clusterip=None --dry-run=client -o yaml',
  'create service nodeport my-np --tcp=5678:8080 --node-port=30080 --dry-run=client -o yaml',
  'create service loadbalancer my-lb --tcp=5678:8080 --dry-run=client -o yaml',
  'create service externalname my-ns --external-name bar.com --dry-run=client -o yaml',
  'create service clusterip x',
  'create service clusterip x --tcp=abc',
  'create service clusterip x --tcp=80:9999999',
  'create service clusterip x --tcp=80:Bad_Name',
  'create service clusterip --tcp=80',
  'create service externalname x',
  'create service externalname x --external-name Bad_Name',
  'create service nodeport x --clusterip=None --tcp=80',
  'create service',
];

/** Splits a command line on spaces (the lines above need no quoting). */
const split = (line) => line.split(' ').filter(Boolean);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const server = await startServer(OBJECTS, port);
  const dir = mkdtempSync(join(tmpdir(), 'podium-net-rec-'));
  writeFileSync(join(dir, 'config'), `apiVersion: v1\nclusters:\n- cluster:\n    server: http://127.0.0.1:${port}\n  name: kind-podium\ncontexts:\n- context:\n    cluster: kind-podium\n    user: kind-podium\n  name: kind-podium\ncurrent-context: kind-podium\nkind: Config\nusers:\n- name: kind-podium\n  user: {}\n`);
  const cases = [];
  for (const cmd of COMMANDS) {
    const r = await new Promise((resolve) => execFile('kubectl', split(cmd), { env: { ...process.env, KUBECONFIG: join(dir, 'config'), HOME: dir } }, (err, so, se) => resolve({ err, so, se })));
    cases.push({ cmd, stdout: r.so, stderr: r.se, exit: r.err ? (r.err.code ?? 1) : 0 });
  }
  server.close();
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'network-fixtures.json'), JSON.stringify({ objects: OBJECTS, cases }, null, 1) + '\n');
  console.log(`recorded ${cases.length} commands`);
}
