import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { prepareImport, skipReason } from './importManifest';
import { createCluster } from '../../index';
import { APPLY_STDIN_CMD, exportAllCmd } from './commands';

describe('prepareImport', () => {
  it('passes a hand-written manifest through untouched', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n';
    expect(prepareImport(text)).toEqual({ text, rewritten: false, skipped: [] });
  });

  it('passes broken YAML through so kubectl reports the error itself', () => {
    const text = 'kind: [\n';
    expect(prepareImport(text).text).toBe(text);
  });

  it('keeps what a user wrote from an export and drops what the cluster made', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '9', generation: 2, annotations: { 'deployment.kubernetes.io/revision': '2', team: 'a' } }, spec: { replicas: 3 }, status: { replicas: 3 } },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'u2', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', uid: 'u3' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', uid: 'u4' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u5' }, spec: { clusterIP: '10.96.1.1', clusterIPs: ['10.96.1.1'], ports: [{ port: 80 }] } },
        { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default', uid: 'u6' } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system', uid: 'u7' } },
      ],
    };
    const r = prepareImport(JSON.stringify(list));
    expect(r.rewritten).toBe(true);
    const objs = parseAllDocuments(r.text).map((d) => d.toJS());
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/team-a', 'Deployment/web', 'Service/web']);
    expect(objs[1].metadata).toEqual({ name: 'web', namespace: 'default', annotations: { team: 'a' } });
    expect(objs[1].status).toBeUndefined();
    expect(objs[2].spec).toEqual({ ports: [{ port: 80 }] });
    expect(r.skipped).toEqual([
      'replicaset/web-1: owned by deployment/web',
      'namespace/kube-system: exists in every cluster',
      'event/e: made by the cluster',
      'deployment/coredns: a system object',
    ]);
  });

  it('round-trips a real export: a fresh cluster takes it back', async () => {
    const a = createCluster();
    await a.kubectl('create namespace team-a');
    await a.kubectl('create deployment web --image=nginx:1.26 --replicas=2 -n team-a');
    a.advance(30_000);
    const exported = await a.kubectl('get namespaces,deployments,daemonsets,replicasets,pods,services,endpoints -A -o yaml');
    expect(exported.exitCode).toBe(0);
    const prepared = prepareImport(exported.stdout);
    expect(prepared.rewritten).toBe(true);
    const b = createCluster();
    const applied = await b.kubectl('apply -f -', { stdin: prepared.text });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('deployment.apps/web created');
    b.advance(30_000);
    const pods = await b.kubectl('get pods -n team-a -o name');
    expect(pods.stdout.trim().split('\n')).toHaveLength(2);
  });

  it.each([
    [{ kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'x' } }, null],
    [{ kind: 'Lease', metadata: { name: 'n', namespace: 'team', uid: 'x' } }, 'made by the cluster'],
    [{ kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team', uid: 'x' } }, 'made by the cluster'],
  ])('skipReason(%j) = %s', (o, why) => expect(skipReason(o)).toBe(why));
});

describe('export then import', () => {
  it('brings back every kind a user made (config maps, secrets, service accounts, workloads) into a fresh cluster', async () => {
    const a = createCluster();
    for (const line of [
      'create namespace team',
      'create configmap cfg -n team --from-literal=a=1',
      'create secret generic pw -n team --from-literal=p=x',
      'create serviceaccount builder -n team',
      'create deployment web -n team --image=nginx:1.27',
      'expose deployment web -n team --port=80',
    ])
      expect((await a.kubectl(line)).exitCode).toBe(0);
    a.advance(30_000);
    const exported = await a.kubectl(exportAllCmd());
    expect(exported.exitCode).toBe(0);
    const b = createCluster();
    const applied = await b.kubectl(APPLY_STDIN_CMD, { stdin: prepareImport(exported.stdout).text });
    expect(applied.stderr).toBe('');
    for (const [kind, name] of [['ConfigMap', 'cfg'], ['Secret', 'pw'], ['ServiceAccount', 'builder'], ['Deployment', 'web'], ['Service', 'web']])
      expect(b.engine.store.get(kind, 'team', name), `${kind} ${name}`).toBeDefined();
  });
});
