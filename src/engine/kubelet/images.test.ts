import { describe, expect, it } from 'vitest';
import { CATALOG, defaultPullPolicy, imageDigest, InvalidImageNameError, isResolved, parseImageRef, resolveImage } from './images';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['a'.repeat(64), 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb'],
  ])('hashes %j as FIPS 180-4 says', (input, want) => {
    expect(sha256Hex(input)).toBe(want);
  });
});

describe('parseImageRef (containerd normalisation)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['library/nginx', 'docker.io/library/nginx:latest'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:stable', 'docker.io/library/nginx:stable'],
    ['bitnami/nginx:1.25', 'docker.io/bitnami/nginx:1.25'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['gcr.io/google-samples/hello-app:1.0', 'gcr.io/google-samples/hello-app:1.0'],
  ])('%s -> %s', (input, want) => {
    expect(parseImageRef(input).normalized).toBe(want);
  });

  it.each(['NGINX', 'nginx:', 'nginx@sha256:abc', ' nginx', 'ngi nx', 'nginx:-bad'])('rejects %j', (input) => {
    expect(() => parseImageRef(input)).toThrow(InvalidImageNameError);
  });

  it('words the uppercase error as distribution does', () => {
    expect(() => parseImageRef('NGINX')).toThrow('invalid reference format: repository name (library/NGINX) must be lowercase');
  });
});

describe('defaultPullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    [`nginx@${imageDigest('docker.io/library/nginx', '1.27.4')}`, 'IfNotPresent'],
  ])('%s -> %s', (image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
  });
});

describe('resolveImage', () => {
  it('finds nginx with its size, a shared digest for aliased tags, and containerd names', () => {
    const a = resolveImage('nginx');
    const b = resolveImage('nginx:1.27');
    if (!isResolved(a) || !isResolved(b)) throw new Error('nginx must exist');
    expect(a.size).toBe(72950530);
    expect(a.name).toBe('docker.io/library/nginx:latest');
    expect(a.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(b.imageID).toBe(a.imageID);
    expect(isResolved(resolveImage('nginx:1.26'))).toBe(true);
    const c = resolveImage('nginx:1.26');
    expect(isResolved(c) && c.imageID).not.toBe(a.imageID);
  });

  it('resolves a digest reference to the catalogue image', () => {
    const digest = imageDigest('docker.io/library/busybox', '1.36.1');
    const r = resolveImage(`busybox@${digest}`);
    expect(isResolved(r) && r.imageID).toBe(`docker.io/library/busybox@${digest}`);
  });

  it.each([
    ['nginx:1.99', 'NotFound', 'failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found'],
    [
      'nginxx',
      'Unknown',
      'failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    ],
    [
      'myregistry.local/app:1',
      'Unknown',
      'failed to pull and unpack image "myregistry.local/app:1": failed to resolve reference "myregistry.local/app:1": failed to do request: Head "https://myregistry.local/v2/app/manifests/1": dial tcp: lookup myregistry.local on 172.18.0.1:53: no such host',
    ],
  ])('fails %s as containerd does', (image, code, desc) => {
    expect(resolveImage(image)).toEqual({ code, desc });
  });

  it('holds the images the brief names', () => {
    for (const ref of [
      'nginx:1.14.2', 'nginx:1.16.1', 'nginx:1.25', 'nginx:alpine', 'nginx:1.27-alpine', 'nginx:stable', 'httpd', 'httpd:2.4', 'httpd:alpine',
      'busybox', 'busybox:1.28', 'busybox:1.36', 'alpine', 'ubuntu', 'debian', 'redis', 'postgres', 'mysql',
      'gcr.io/google-samples/hello-app:1.0', 'gcr.io/google-samples/hello-app:2.0', 'registry.k8s.io/e2e-test-images/agnhost:2.39',
      'registry.k8s.io/e2e-test-images/agnhost:2.40', 'hashicorp/http-echo', 'registry.k8s.io/echoserver:1.10', 'registry.k8s.io/pause:3.10',
      'registry.k8s.io/coredns/coredns:v1.11.3', 'registry.k8s.io/etcd:3.5.16-0', 'registry.k8s.io/kube-proxy:v1.32.2',
    ])
      expect(isResolved(resolveImage(ref)), ref).toBe(true);
  });

  it('has no duplicate tags within a repository', () => {
    const seen = new Set<string>();
    for (const img of CATALOG)
      for (const tag of Object.keys(img.tags)) {
        const k = `${img.repository}:${tag}`;
        expect(seen.has(k), k).toBe(false);
        seen.add(k);
      }
  });
});
