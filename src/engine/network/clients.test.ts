import { describe, expect, it } from 'vitest';
import { busyboxProgress, curlVersion, nslookupFlavour, parseUrl } from './clients';
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
