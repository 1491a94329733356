import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const CM = (value: string, rv = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n${rv ? `  resourceVersion: "${rv}"\n` : ''}data:\n  a: "${value}"\n`;

describe('kubectl replace', () => {
  it('replaces unconditionally without a resourceVersion', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create -f c.yaml', { files: { 'c.yaml': CM('1') } });
    expect(await kubectl('replace -f c.yaml', { files: { 'c.yaml': CM('2') } })).toEqual({ stdout: 'configmap/cfg replaced\n', stderr: '', exitCode: 0 });
    expect(engine.store.get('ConfigMap', 'default', 'cfg')!.data).toEqual({ a: '2' });
  });

  it('refuses a stale resourceVersion with the API server Conflict', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create -f c.yaml', { files: { 'c.yaml': CM('1') } });
    const rv = engine.store.get('ConfigMap', 'default', 'cfg')!.metadata.resourceVersion;
    await kubectl('replace -f c.yaml', { files: { 'c.yaml': CM('2') } });
    const r = await kubectl('replace -f c.yaml', { files: { 'c.yaml': CM('3', rv) } });
    expect(r.stderr).toBe(
      'Error from server (Conflict): error when replacing "c.yaml": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(r.exitCode).toBe(1);
    expect(engine.store.get('ConfigMap', 'default', 'cfg')!.data).toEqual({ a: '2' });
  });

  it('reports NotFound with the file, and --force recreates', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('replace -f c.yaml', { files: { 'c.yaml': CM('1') } })).stderr).toBe(
      'Error from server (NotFound): error when replacing "c.yaml": configmaps "cfg" not found\n',
    );
    await kubectl('create -f c.yaml', { files: { 'c.yaml': CM('1') } });
    const uid = engine.store.get('ConfigMap', 'default', 'cfg')!.metadata.uid;
    expect((await kubectl('replace --force -f c.yaml', { files: { 'c.yaml': CM('9') } })).stdout).toBe('configmap "cfg" deleted\nconfigmap/cfg replaced\n');
    expect(engine.store.get('ConfigMap', 'default', 'cfg')!.metadata.uid).not.toBe(uid);
  });
});
