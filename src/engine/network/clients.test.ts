import { describe, expect, it } from 'vitest';
import { busyboxProgress, curlVersion, curlWriteOut, nslookupFlavour, parseUrl } from './clients';
import { runOnHost } from './host';
import { Engine } from '../cluster';
import { runKubectl } from '../../kubectl/index';
import type { ContainerContext } from '../kubelet/apps/types';
import { resolveImage } from '../kubelet/images';

describe('parseUrl', () => {
  it.each([
    ['nginx-service', { scheme: 'http', host: 'nginx-service', port: 80, explicitPort: false, path: '/' }],
    ['http://10.96.0.10:8080/x/y?a=1', { scheme: 'http', host: '10.96.0.10', port: 8080, explicitPort: true, path: '/x/y', query: 'a=1' }],
    ['https://Kubernetes.Default', { scheme: 'https', host: 'kubernetes.default', port: 443, explicitPort: false, path: '/' }],
    ['web:30080', { scheme: 'http', host: 'web', port: 30080, explicitPort: true, path: '/' }],
  ])('%s', (raw, want) => expect(parseUrl(raw)).toEqual(want));

  it.each(['', 'http://', 'web:99999', 'web:'])('rejects %j', (raw) => expect(parseUrl(raw)).toBeUndefined());
});

describe('busybox progress line', () => {
  it.each([
    ['-', 615, '-                    100% |********************************|   615  0:00:00 ETA\n'],
    ['index.html', 45, 'index.html           100% |********************************|    45  0:00:00 ETA\n'],
  ])('%s %i', (label, size, want) => expect(busyboxProgress(label, size)).toBe(want));
});

describe('which client an image has', () => {
  const ctx = (ref: string): ContainerContext => {
    const r = resolveImage(ref);
    if (!('image' in r)) throw new Error(`no image ${ref}`);
    return { image: r.image, imageTag: r.canonicalTag } as unknown as ContainerContext;
  };
  it.each([
    ['busybox', 'busybox'],
    ['busybox:1.28', 'busybox-1.28'],
    ['alpine', 'busybox'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.39', 'bind'],
  ])('nslookup of %s is %s', (ref, want) => expect(nslookupFlavour(ctx(ref))).toBe(want));

  it.each([
    ['nginx', '7.88.1'],
    ['curlimages/curl', '8.12.1'],
    ['nginx:alpine', '8.12.1'],
  ])('curl of %s is %s', (ref, want) => expect(curlVersion(ctx(ref))).toBe(want));
});

describe('curl -w after a failed transfer', () => {
  it('formats http_code as 000 with no response, and the status otherwise', () => {
    const none = { status: 0, ip: '', port: 0, sizeDownload: 0 };
    expect(curlWriteOut('%{http_code}\\n', none)).toBe('000\n');
    expect(curlWriteOut('%{response_code} %{size_download}', { status: 200, ip: '10.96.0.1', port: 80, sizeDownload: 615 })).toBe('200 615');
  });

  it('still prints the -w text on the node and in a pod, with the error on stderr unless -s', async () => {
    const engine = Engine.create({ strict: true });
    const nodeIP = engine.store.list('Node')[0].status.addresses.find((a: { type: string }) => a.type === 'InternalIP').address;
    const host = runOnHost(engine, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n', `${nodeIP}:81`]);
    expect(host).toMatchObject({ stdout: '000\n', stderr: '', exitCode: 7 });
    // An address nobody answers: curl gives up after its connect timeout, and still writes -w.
    expect(runOnHost(engine, ['curl', '-s', '-w', '%{http_code}', '-m', '2', '10.0.0.1:81'])).toMatchObject({ stdout: '000', exitCode: 28 });
    const loud = runOnHost(engine, ['curl', '-w', '%{http_code}', 'http://web']);
    expect(loud).toMatchObject({ stdout: '000', stderr: 'curl: (6) Could not resolve host: web\n', exitCode: 6 });

    await runKubectl(engine, 'run c --image=curlimages/curl --restart=Never -- sleep 3600');
    await runKubectl(engine, 'wait --for=condition=Ready pod/c --timeout=2m');
    const r = await runKubectl(engine, 'exec c -- curl -sS -w "%{http_code}\\n" nothing:81');
    expect(r.stdout).toBe('000\n');
    expect(r.stderr).toBe("curl: (6) Could not resolve host: nothing\ncommand terminated with exit code 6\n");
    expect(r.exitCode).toBe(6);
  });
});
