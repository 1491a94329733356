import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  containerNameFromImage,
  generateConfigMap,
  generateDeployment,
  generateNamespace,
  generatePod,
  generateSecret,
  generateServiceAccount,
  parseLiterals,
  parseRunEnvs,
  parseRunLabels,
  type PodOptions,
} from './index';

/** Fixtures recorded from kubectl v1.32.5 (the command is in each row). */
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', `${name}.txt`), 'utf8');

const pod = (o: Partial<PodOptions>): PodOptions => ({
  name: 'web',
  image: 'nginx',
  env: [],
  args: [],
  command: false,
  restartPolicy: 'Always',
  privileged: false,
  stdin: false,
  stdinOnce: false,
  tty: false,
  ...o,
});
const noRandom = () => 'xxxxx';

describe('generators against kubectl 1.32 --dry-run=client output', () => {
  it.each([
    ['dep1', 'create deployment web --image=nginx --replicas=3', generateDeployment({ name: 'web', images: ['nginx'], replicas: 3, port: -1, command: [], randomSuffix: noRandom })],
    [
      'dep2',
      'create deployment my-app --image=registry.k8s.io/e2e-test-images/agnhost:2.39 --image=busybox@sha256:abc --port=8080 -n prod',
      generateDeployment({
        name: 'my-app',
        images: ['registry.k8s.io/e2e-test-images/agnhost:2.39', 'busybox@sha256:abc'],
        namespace: 'prod',
        replicas: 1,
        port: 8080,
        command: [],
        randomSuffix: noRandom,
      }),
    ],
    ['dep6', 'create deployment web --image=nginx -- sleep 3600', generateDeployment({ name: 'web', images: ['nginx'], replicas: 1, port: -1, command: ['sleep', '3600'], randomSuffix: noRandom })],
    ['ns1', 'create namespace x', generateNamespace('x')],
    ['cm1', 'create configmap cfg --from-literal=a=1 --from-literal=b=two', generateConfigMap('cfg', undefined, parseLiterals(['a=1', 'b=two'], 'configmap', 'cfg'))],
    ['sec1', 'create secret generic s --from-literal=user=admin --from-literal=pw=s3cret', generateSecret('s', undefined, parseLiterals(['user=admin', 'pw=s3cret'], 'secret', 's'))],
    ['sa1', 'create serviceaccount bot', generateServiceAccount('bot', undefined)],
    ['run1', 'run web --image=nginx', generatePod(pod({}))],
    [
      'run2',
      'run web --image=nginx:1.25 --port=80 --env=A=1 --env=B=two --labels=app=web,tier=fe --restart=Never -n prod',
      generatePod(pod({ image: 'nginx:1.25', port: 80, env: parseRunEnvs(['A=1', 'B=two']), labels: parseRunLabels('app=web,tier=fe'), restartPolicy: 'Never', namespace: 'prod' })),
    ],
    ['run3', 'run bb --image=busybox --restart=OnFailure -- sleep 3600', generatePod(pod({ name: 'bb', image: 'busybox', restartPolicy: 'OnFailure', args: ['sleep', '3600'] }))],
    ['run4', "run bb --image=busybox --command -- sh -c 'echo hi'", generatePod(pod({ name: 'bb', image: 'busybox', command: true, args: ['sh', '-c', 'echo hi'] }))],
    ['run6', 'run web --image=nginx --image-pull-policy=IfNotPresent --annotations=a=b', generatePod(pod({ imagePullPolicy: 'IfNotPresent', annotations: { a: 'b' } }))],
    ['run16', 'run web --image=nginx --privileged', generatePod(pod({ privileged: true }))],
  ])('%s: kubectl %s --dry-run=client -o yaml', (name, _cmd, obj) => {
    expect(obj).toEqual(parse(fixture(name)));
  });

  it('builds its fields in the Go structs order (what -o json shows)', () => {
    expect(`${JSON.stringify(generateDeployment({ name: 'web', images: ['nginx'], replicas: 1, port: -1, command: [], randomSuffix: noRandom }), null, 4)}\n`).toBe(fixture('dep3'));
    const p = generatePod(
      pod({
        image: 'nginx:1.25',
        port: 80,
        env: [{ name: 'A', value: '1' }],
        labels: { app: 'web' },
        restartPolicy: 'Never',
        namespace: 'prod',
        imagePullPolicy: 'Always',
        privileged: true,
        annotations: { x: 'y' },
        args: ['sleep', '1'],
      }),
    );
    // kubectl run web --image=nginx:1.25 --port=80 --env=A=1 --labels=app=web --restart=Never -n prod
    //   --image-pull-policy=Always --privileged --annotations=x=y --dry-run=client -o json -- sleep 1
    expect(`${JSON.stringify(p, null, 4)}\n`).toBe(fixture('run_json'));
  });
});

describe('generator argument parsing', () => {
  it.each([
    ['nginx', 'nginx'],
    ['nginx:1.25', 'nginx'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.39', 'agnhost'],
    ['busybox@sha256:abc', 'busybox'],
    ['localhost:5000/app', 'app'],
    ['my_img.v2:1', 'my-img-v2-xxxxx'],
  ])('container name of %s is %s', (image, name) => {
    expect(containerNameFromImage(image, noRandom)).toBe(name);
  });

  it.each([
    [() => parseRunEnvs(['NOEQ']), 'invalid env: NOEQ'],
    [() => parseRunEnvs(['=x']), 'invalid env: =x'],
    [() => parseRunLabels('bad'), 'unexpected label spec: bad'],
    [() => parseLiterals(['a=1', 'a=2'], 'configmap', 'c'), 'cannot add key "a", another key by that name already exists in Data for ConfigMap "c"'],
    [() => parseLiterals(['a'], 'configmap', 'c'), 'invalid literal source a, expected key=value'],
    [() => parseLiterals(['b@d=1'], 'configmap', 'c'), '"b@d" is not a valid key name for a ConfigMap'],
    [
      () => generateDeployment({ name: 'w', images: ['a', 'b'], replicas: 1, port: -1, command: ['sleep'], randomSuffix: noRandom }),
      'cannot specify multiple --image options and command',
    ],
  ])('error %#: %s', (fn, msg) => {
    expect(fn).toThrow(msg);
  });
});
