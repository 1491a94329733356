import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const POD = (name: string, labels = 'app: web') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    ${labels}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;

async function withPods(...names: string[]) {
  const c = testCluster();
  for (const n of names) await c.kubectl('create -f p.yaml', { files: { 'p.yaml': POD(n, n === 'db' ? 'app: db' : 'app: web') } });
  c.engine.runtime.advance(30_000);
  return c;
}

describe('kubectl delete', () => {
  it('deletes by name and waits on the simulated clock until the pod is gone', async () => {
    const { kubectl, engine } = await withPods('web');
    const t0 = engine.runtime.now;
    expect(await kubectl('delete pod web')).toEqual({ stdout: 'pod "web" deleted\n', stderr: '', exitCode: 0 });
    expect(engine.store.get('Pod', 'default', 'web')).toBeUndefined();
    // nginx stops on SIGTERM at once: far less than the 30 s grace period.
    expect(engine.runtime.now - t0).toBeLessThan(30_000);
  });

  it('--wait=false returns while the pod is still terminating', async () => {
    const { kubectl, engine } = await withPods('web');
    expect((await kubectl('delete pod/web --wait=false')).stdout).toBe('pod "web" deleted\n');
    expect(engine.store.get('Pod', 'default', 'web')?.metadata.deletionTimestamp).toBeDefined();
  });

  it('reports NotFound per name and goes on with the others', async () => {
    const { kubectl, engine } = await withPods('web');
    const t0 = engine.runtime.now;
    const r = await kubectl('delete pod nope web');
    expect(r.stdout).toBe('pod "web" deleted\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.exitCode).toBe(1);
    // DeleteResult returns the error without waiting: web is still terminating, no time passed.
    expect(engine.runtime.now).toBe(t0);
    expect(engine.store.get('Pod', 'default', 'web')?.metadata.deletionTimestamp).toBeDefined();
  });

  it('--ignore-not-found on a missing name prints nothing (the object was counted before its DELETE)', async () => {
    const { kubectl } = await withPods('web');
    expect(await kubectl('delete pod nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await kubectl('delete pod -l app=nope')).toEqual({ stdout: 'No resources found\n', stderr: '', exitCode: 0 });
  });

  it('an unmappable document in -f is an error, not "No resources found"', async () => {
    const { kubectl } = await withPods('web');
    expect(await kubectl('delete -f w.yaml', { files: { 'w.yaml': 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n' } })).toEqual({
      stdout: '',
      stderr: 'error: resource mapping not found for name: "w" namespace: "" from "w.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n',
      exitCode: 1,
    });
  });

  it('--all, -l and "No resources found"', async () => {
    const { kubectl } = await withPods('a', 'b', 'db');
    expect((await kubectl('delete pods -l app=web')).stdout).toBe('pod "a" deleted\npod "b" deleted\n');
    expect((await kubectl('delete pod --all')).stdout).toBe('pod "db" deleted\n');
    expect((await kubectl('delete pod --all')).stdout).toBe('No resources found\n');
  });

  it('--force deletes at once with the warning and "force deleted"', async () => {
    const { kubectl, engine } = await withPods('web');
    const r = await kubectl('delete pod web --force');
    expect(r.stderr).toBe(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    expect(r.stdout).toBe('pod "web" force deleted\n');
    expect(engine.store.get('Pod', 'default', 'web')).toBeUndefined();
  });

  it('--cascade=orphan keeps the ReplicaSet of a deleted Deployment', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    engine.runtime.advance(10_000);
    expect((await kubectl('delete deploy web --cascade=orphan')).stdout).toBe('deployment.apps "web" deleted\n');
    engine.runtime.advance(10_000);
    expect(engine.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(1);
  });

  it('the default background cascade removes the ReplicaSets too', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    engine.runtime.advance(10_000);
    await kubectl('delete deploy web');
    engine.runtime.advance(60_000);
    expect(engine.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(0);
  });

  it('deletes what a manifest names, with the file in errors', async () => {
    const { kubectl } = await withPods('web');
    const files = { 'p.yaml': POD('web') + '---\n' + POD('gone') };
    const r = await kubectl('delete -f p.yaml', { files });
    expect(r.stdout).toBe('pod "web" deleted\n');
    expect(r.stderr).toBe('Error from server (NotFound): error when deleting "p.yaml": pods "gone" not found\n');
  });

  it('--dry-run prints without deleting', async () => {
    const { kubectl, engine } = await withPods('web');
    expect((await kubectl('delete pod web --dry-run=client')).stdout).toBe('pod "web" deleted (dry run)\n');
    expect((await kubectl('delete pod web --dry-run=server')).stdout).toBe('pod "web" deleted (server dry run)\n');
    expect(engine.store.get('Pod', 'default', 'web')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it.each([
    ['delete', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['delete pods', 'error: resource(s) were provided, but no name was specified\n'],
    ['delete pod a --all', 'error: name cannot be provided when a selector is specified\n'],
    ['delete pod a --force --grace-period=5', 'error: --force and --grace-period greater than 0 cannot be specified together\n'],
    ['delete pod a --now --grace-period=5', 'error: --now and --grace-period cannot be specified together\n'],
    ['delete pod a --cascade=sometimes', 'error: invalid cascade value (sometimes). Must be "background", "foreground", or "orphan"\n'],
    ['delete pod a -o yaml', "error: unexpected -o output mode: yaml. We only support '-o name'\n"],
    ['delete foos x', 'error: the server doesn\'t have a resource type "foos"\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
