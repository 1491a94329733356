import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

async function withDeployment() {
  const c = testCluster();
  await c.kubectl('create deployment web --image=nginx');
  const live = c.engine.store.get('Deployment', 'default', 'web')!;
  return { ...c, text: stringify(JSON.parse(JSON.stringify(live))) };
}

describe('kubectl edit (the edited text comes as stdin)', () => {
  it('applies an edit', async () => {
    const { kubectl, engine, text } = await withDeployment();
    const r = await kubectl('edit deployment web', { stdin: `# edited\n${text.replace('replicas: 1', 'replicas: 3')}` });
    expect(r).toEqual({ stdout: 'deployment.apps/web edited\n', stderr: '', exitCode: 0 });
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(3);
  });

  it('says so when nothing changed or the file is empty', async () => {
    const { kubectl, text } = await withDeployment();
    expect(await kubectl('edit deploy/web', { stdin: text })).toEqual({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
    expect(await kubectl('edit deploy/web', { stdin: '# only comments\n' })).toEqual({ stdout: '', stderr: 'Edit cancelled, saved file was empty.\n', exitCode: 0 });
  });

  it('an invalid edit is cancelled and changes nothing', async () => {
    const { kubectl, engine, text } = await withDeployment();
    const rv = engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion;
    const r = await kubectl('edit deployment web', { stdin: text.replace('replicas: 1', 'replicas: -1') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: deployments.apps "web" is invalid\n/);
    expect(r.stderr).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(r.stderr).toMatch(/A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved.\n$/);
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion).toBe(rv);
  });

  it('refuses a change of name', async () => {
    const { kubectl, text } = await withDeployment();
    const r = await kubectl('edit deployment web', { stdin: text.replace('name: web\n', 'name: other\n') });
    expect(r.stderr).toContain('error: Edit cancelled, no valid changes were saved.');
    expect(r.exitCode).toBe(1);
  });
});
