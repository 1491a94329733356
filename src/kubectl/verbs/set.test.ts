import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { splitImageArgs } from './set';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

describe('kubectl set image', () => {
  it('updates the image and starts a rollout', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx:1.25');
    expect(await kubectl('set image deployment/web nginx=nginx:1.27')).toEqual({ stdout: 'deployment.apps/web image updated\n', stderr: '', exitCode: 0 });
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(engine.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(2);
  });

  it('prints nothing when the image is already set, and * sets every container', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx:1.25 --image=redis');
    expect(await kubectl('set image deployment web nginx=nginx:1.25')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    await kubectl('set image deployment web *=busybox');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual(['busybox', 'busybox']);
  });

  it('names a container that does not exist', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect(await kubectl('set image deployment/web foo=nginx:1.27')).toEqual({ stdout: '', stderr: 'error: unable to find container named "foo"\n', exitCode: 1 });
  });

  it('--dry-run=client leaves the object alone', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('set image deployment/web nginx=nginx:2 --dry-run=client')).stdout).toBe('deployment.apps/web image updated (dry run)\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('nginx');
  });

  it.each([
    ['set image deployment/web', "error: at least one image update is required\nSee 'kubectl set image -h' for help and examples\n"],
    ['set image deployment/nope nginx=x', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['set env deployment/web A=1', 'error: podium: "kubectl set env" is not implemented; change the manifest and kubectl apply it, or use kubectl edit or kubectl patch.\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it('splits resources from CONTAINER=IMAGE pairs', () => {
    expect(splitImageArgs(['deployment', 'web', 'a=b:1', 'c=d'])).toEqual({ resources: ['deployment', 'web'], images: [['a', 'b:1'], ['c', 'd']] });
  });
});
