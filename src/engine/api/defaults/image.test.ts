import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, parseImageName } from './image';

describe('defaultPullPolicy (SetDefaults_Container)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
    ['Nginx', 'IfNotPresent'], // not a valid reference: ParseImageName fails, no tag
    ['', 'IfNotPresent'],
  ])('%s -> %s', (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
  });

  it('splits domain, path, tag and digest', () => {
    expect(parseImageName('quay.io/coreos/etcd:v3.5')).toEqual({ domain: 'quay.io', path: 'coreos/etcd', tag: 'v3.5', digest: '' });
    expect(parseImageName('library/busybox')).toEqual({ domain: undefined, path: 'library/busybox', tag: 'latest', digest: '' });
  });
});
