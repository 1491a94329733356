import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'generators', 'fixtures', `${name}.txt`), 'utf8');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n';
const NS = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`;

describe('kubectl create -f', () => {
  it('creates, then reports AlreadyExists with the file name', async () => {
    const { kubectl } = testCluster();
    expect(await kubectl('create -f pod.yaml', { files: { 'pod.yaml': POD } })).toEqual({ stdout: 'pod/web created\n', stderr: '', exitCode: 0 });
    expect(await kubectl('create -f pod.yaml', { files: { 'pod.yaml': POD } })).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists\n',
      exitCode: 1,
    });
  });

  it('reads stdin with -f -, and several -f in order', async () => {
    const { kubectl } = testCluster();
    const r = await kubectl('create -f - -f b.yaml -f c.yaml,d.yaml', { stdin: NS('a'), files: { 'b.yaml': NS('b'), 'c.yaml': NS('c'), 'd.yaml': NS('d') } });
    expect(r.stdout).toBe('namespace/a created\nnamespace/b created\nnamespace/c created\nnamespace/d created\n');
    const again = await kubectl('create -f -', { stdin: NS('a') });
    expect(again.stderr).toBe('Error from server (AlreadyExists): error when creating "STDIN": namespaces "a" already exists\n');
  });

  it('creates each document on its own and reports every failure, leaving the failed ones out', async () => {
    const { kubectl, engine } = testCluster();
    const manifest = [
      NS('team'),
      'kind: Deploymnt\napiVersion: apps/v1\nmetadata:\n  name: x\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: team\ndata:\n  a: "1"\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndataa: {}\n',
    ].join('---\n');
    const r = await kubectl('create -f m.yaml', { files: { 'm.yaml': manifest } });
    expect(r.stdout).toBe('namespace/team created\nconfigmap/cfg created\n');
    expect(r.stderr).toBe(
      'resource mapping not found for name: "x" namespace: "" from "m.yaml": no matches for kind "Deploymnt" in version "apps/v1"\n' +
        'ensure CRDs are installed first\n' +
        'Error from server (BadRequest): error when creating "m.yaml": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dataa"\n',
    );
    expect(r.exitCode).toBe(1);
    expect(engine.store.get('ConfigMap', 'default', 'bad')).toBeUndefined();
  });

  it('prints one error in the single-error form', async () => {
    const { kubectl } = testCluster();
    const r = await kubectl('create -f pod.yaml', { files: { 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels: a: b\n' } });
    expect(r.stderr).toBe(
      'error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\npodium: the YAML problem is at line 5, column 12 of pod.yaml\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it('validates strictly by default and lets --validate=false through', async () => {
    const { kubectl } = testCluster();
    const bad = POD.replace('containers:', 'containerz: 1\n  containers:');
    expect((await kubectl('create -f p.yaml', { files: { 'p.yaml': bad } })).stderr).toContain('strict decoding error: unknown field "spec.containerz"');
    expect((await kubectl('create -f p.yaml --validate=false', { files: { 'p.yaml': bad } })).stdout).toBe('pod/web created\n');
  });

  it.each([
    ['create', 'error: must specify one of -f and -k\n'],
    ['create foo', "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n"],
    ['create -f nothere.yaml', 'error: the path "nothere.yaml" does not exist\n'],
    ['create job x --image=busybox', 'error: podium: "kubectl create job" is not supported: Podium does not simulate Jobs.\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it('refuses a manifest namespace that differs from -n', async () => {
    const { kubectl } = testCluster();
    const r = await kubectl('create -f p.yaml -n kube-system', { files: { 'p.yaml': POD.replace('name: web', 'name: web\n  namespace: default') } });
    expect(r.stderr).toBe(
      'error: the namespace from the provided object "default" does not match the namespace "kube-system". You must pass \'--namespace=default\' to perform this operation.\n',
    );
  });

  it('--save-config writes the last-applied annotation', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create -f ns.yaml --save-config', { files: { 'ns.yaml': NS('x') } });
    expect(engine.store.get('Namespace', undefined, 'x')?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"x"}}\n',
    );
  });
});

describe('kubectl create deployment|namespace|configmap|secret|serviceaccount', () => {
  // Each expected text was printed by kubectl v1.32 (see generators/fixtures).
  it.each([
    ['create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml', 'dep1'],
    ['create deployment my-app --image=registry.k8s.io/e2e-test-images/agnhost:2.39 --image=busybox@sha256:abc --port=8080 -n prod --dry-run=client -o yaml', 'dep2'],
    ['create deployment web --image=nginx --dry-run=client -o json', 'dep3'],
    ['create deployment web --image=nginx --dry-run=client -o yaml -- sleep 3600', 'dep6'],
    ['create namespace x --dry-run=client -o yaml', 'ns1'],
    ['create configmap cfg --from-literal=a=1 --from-literal=b=two --dry-run=client -o yaml', 'cm1'],
    ['create secret generic s --from-literal=user=admin --from-literal=pw=s3cret --dry-run=client -o yaml', 'sec1'],
    ['create serviceaccount bot --dry-run=client -o yaml', 'sa1'],
  ])('kubectl %s', async (line, name) => {
    const { kubectl, engine } = testCluster();
    const before = engine.store.resourceVersion;
    const r = await kubectl(line);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(fixture(name));
    expect(engine.store.resourceVersion).toBe(before);
  });

  it('creates the deployment and wraps server errors as kubectl does', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('create deployment web --image=nginx --replicas=2')).stdout).toBe('deployment.apps/web created\n');
    expect(engine.store.get('Deployment', 'default', 'web')?.spec.replicas).toBe(2);
    expect((await kubectl('create deployment web --image=nginx')).stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect((await kubectl('create deploy x --image=nginx --dry-run=server')).stdout).toBe('deployment.apps/x created (server dry run)\n');
    expect(engine.store.get('Deployment', 'default', 'x')).toBeUndefined();
  });

  it.each([
    ['create deployment x', 'error: required flag(s) "image" not set\n'],
    ['create deployment --image=nginx', "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"],
    ['create deployment web --image=nginx --image=redis -- sleep 1', 'error: cannot specify multiple --image options and command\n'],
    ['create deployment web --image=nginx --dry-run=maybe', 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'],
    ['create ns foo --dry-run=client -o foo', 'error: unable to match a printer suitable for the output format "foo", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it('creates namespaces, config maps, secrets and service accounts', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('create namespace team')).stdout).toBe('namespace/team created\n');
    expect((await kubectl('create configmap cfg -n team --from-literal=a=1 --from-file=app.conf', { files: { 'app.conf': 'x=1\n' } })).stdout).toBe('configmap/cfg created\n');
    expect(engine.store.get('ConfigMap', 'team', 'cfg')?.data).toEqual({ a: '1', 'app.conf': 'x=1\n' });
    expect((await kubectl('create secret generic s --from-literal=pw=s3cret')).stdout).toBe('secret/s created\n');
    expect(engine.store.get('Secret', 'default', 's')?.data).toEqual({ pw: 'czNjcmV0' });
    expect((await kubectl('create sa bot')).stdout).toBe('serviceaccount/bot created\n');
  });
});
