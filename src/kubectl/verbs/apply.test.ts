import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { missingLastAppliedWarning } from './apply';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const deploy = (extra = '', image = 'nginx:1.25') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
${extra}`;
const ENV = '        env:\n        - name: A\n          value: "1"\n        - name: B\n          value: "2"\n';
const LAST = 'kubectl.kubernetes.io/last-applied-configuration';

describe('kubectl apply', () => {
  it('creates, then says unchanged, then configured, keeping the last-applied annotation', async () => {
    const { kubectl, engine } = testCluster();
    const files = { 'd.yaml': deploy() };
    expect(await kubectl('apply -f d.yaml', { files })).toEqual({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    const d = engine.store.get('Deployment', 'default', 'web')!;
    expect(d.metadata.annotations?.[LAST]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}\n',
    );
    expect((await kubectl('apply -f d.yaml', { files })).stdout).toBe('deployment.apps/web unchanged\n');
    const rv = engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion;
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion).toBe(rv);
    expect((await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy('', 'nginx:1.27') } })).stdout).toBe('deployment.apps/web configured\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('removes what the manifest no longer has and keeps what others changed', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy(ENV) } });
    await kubectl('scale deployment web --replicas=4');
    expect((await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy('        env:\n        - name: A\n          value: "1"\n') } })).stdout).toBe(
      'deployment.apps/web configured\n',
    );
    const d = engine.store.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    // spec.replicas is not in the manifest: the scale survives the apply.
    expect(d.spec.replicas).toBe(4);
  });

  it('warns when applying over an object made without apply, then patches the annotation in', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx:1.25');
    const r = await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy() } });
    expect(r.stdout).toBe('deployment.apps/web configured\n');
    expect(r.stderr).toBe(
      'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(r.stderr).toBe(missingLastAppliedWarning('deployments', 'web'));
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.annotations?.[LAST]).toBeDefined();
    expect((await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy() } })).stderr).toBe('');
  });

  it('--dry-run=client and =server change nothing', async () => {
    const { kubectl, engine } = testCluster();
    const rv = engine.store.resourceVersion;
    expect((await kubectl('apply -f d.yaml --dry-run=client', { files: { 'd.yaml': deploy() } })).stdout).toBe('deployment.apps/web created (dry run)\n');
    expect((await kubectl('apply -f d.yaml --dry-run=server', { files: { 'd.yaml': deploy() } })).stdout).toBe('deployment.apps/web created (server dry run)\n');
    expect(engine.store.resourceVersion).toBe(rv);
    await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy() } });
    const r = await kubectl('apply -f d.yaml --dry-run=server', { files: { 'd.yaml': deploy('', 'nginx:2') } });
    expect(r.stdout).toBe('deployment.apps/web configured (server dry run)\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('reports an invalid change with the object and leaves it as it was', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy() } });
    const rv = engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion;
    const r = await kubectl('apply -f d.yaml', { files: { 'd.yaml': deploy().replace('spec:\n  selector', 'spec:\n  replicas: -1\n  selector') } });
    expect(r.stderr).toBe('The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n');
    expect(r.exitCode).toBe(1);
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion).toBe(rv);
  });

  it.each([
    ['apply', 'error: must specify one of -f and -k\n'],
    ['apply -f d.yaml --server-side --dry-run=client', "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n"],
    ['apply -f e.yaml', 'error: no objects passed to apply\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line, { files: { 'd.yaml': deploy(), 'e.yaml': '# nothing\n---\n' } });
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it('says clearly that server-side apply is not simulated', async () => {
    const { kubectl } = testCluster();
    expect((await kubectl('apply -f d.yaml --server-side', { files: { 'd.yaml': deploy() } })).stderr).toMatch(/^error: podium: server-side apply/);
  });
});
