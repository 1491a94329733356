import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

async function withDeployment() {
  const c = testCluster();
  await c.kubectl('create deployment web --image=nginx');
  return c;
}

describe('kubectl patch', () => {
  it.each([
    ['strategic (default)', `patch deployment web -p '{"spec":{"replicas":3}}'`],
    ['strategic YAML', `patch deploy/web -p 'spec: {replicas: 3}'`],
    ['merge', `patch deployment web --type=merge -p '{"spec":{"replicas":3}}'`],
    ['json', `patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`],
  ])('%s', async (_name, line) => {
    const { kubectl, engine } = await withDeployment();
    expect(await kubectl(line)).toEqual({ stdout: 'deployment.apps/web patched\n', stderr: '', exitCode: 0 });
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(3);
  });

  it('says "patched (no change)" when nothing changes', async () => {
    const { kubectl } = await withDeployment();
    expect((await kubectl(`patch deployment web -p '{"spec":{"replicas":1}}'`)).stdout).toBe('deployment.apps/web patched (no change)\n');
  });

  it('merges containers by name with a strategic patch', async () => {
    const { kubectl, engine } = await withDeployment();
    await kubectl(`patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`);
    const c = engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers;
    expect(c.map((x: { name: string; image: string }) => `${x.name}=${x.image}`)).toEqual(['nginx=nginx:1.27']);
  });

  it('--dry-run=client prints the patched object without changing it', async () => {
    const { kubectl, engine } = await withDeployment();
    const r = await kubectl(`patch deployment web -p '{"spec":{"replicas":5}}' --dry-run=client -o jsonpath={.spec.replicas}`);
    expect(r.stdout).toBe('5');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(1);
  });

  it('reads --patch-file', async () => {
    const { kubectl, engine } = await withDeployment();
    await kubectl('patch deployment web --patch-file p.yaml', { files: { 'p.yaml': 'spec:\n  replicas: 2\n' } });
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(2);
  });

  it.each([
    [`patch deployment web`, 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
    [`patch deployment web --type=foo -p '{}'`, 'error: --type must be one of [json merge strategic], not "foo"\n'],
    [`patch deployment nope -p '{}'`, 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    [`patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'`, 'The request is invalid: the server rejected our request due to an error in our request\n'],
    [`patch deployment web --type=json -p '{"op":"add"}'`, 'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n'],
    [`patch deployment web -p '{"spec":{"replicas":-1}}'`, 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = await withDeployment();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
