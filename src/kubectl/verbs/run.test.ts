import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testCluster } from './write-testing';
import { validImageReference } from './run';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'generators', 'fixtures', `${name}.txt`), 'utf8');

describe('kubectl run', () => {
  // Each expected text was printed by kubectl v1.32 (see generators/fixtures).
  it.each([
    ['run web --image=nginx --dry-run=client -o yaml', 'run1'],
    ['run web --image=nginx:1.25 --port=80 --env=A=1 --env=B=two --labels=app=web,tier=fe --restart=Never -n prod --dry-run=client -o yaml', 'run2'],
    ['run bb --image=busybox --restart=OnFailure --dry-run=client -o yaml -- sleep 3600', 'run3'],
    ["run bb --image=busybox --command --dry-run=client -o yaml -- sh -c 'echo hi'", 'run4'],
    ['run web --image=nginx --image-pull-policy=IfNotPresent --annotations=a=b --dry-run=client -o yaml', 'run6'],
    ['run web --image=nginx --privileged --dry-run=client -o yaml', 'run16'],
    ['run web --image=nginx:1.25 --port=80 --env=A=1 --labels=app=web --restart=Never -n prod --image-pull-policy=Always --privileged --annotations=x=y --dry-run=client -o json -- sleep 1', 'run_json'],
  ])('kubectl %s', async (line, name) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(fixture(name));
  });

  it('creates a pod that runs', async () => {
    const { kubectl, engine } = testCluster();
    expect(await kubectl('run web --image=nginx')).toEqual({ stdout: 'pod/web created\n', stderr: '', exitCode: 0 });
    await kubectl('wait --for=condition=Ready pod/web');
    expect(engine.store.get('Pod', 'default', 'web')!.status.phase).toBe('Running');
    expect((await kubectl('run web --image=nginx')).stderr).toBe('Error from server (AlreadyExists): pods "web" already exists\n');
  });

  it('--rm -i prints the command output, then deletes the pod', async () => {
    const { kubectl, engine } = testCluster();
    const r = await kubectl('run tmp --rm -i --restart=Never --image=busybox -- echo hello');
    expect(r.stdout).toBe('hello\npod "tmp" deleted\n');
    expect(r.exitCode).toBe(0);
    engine.runtime.advance(60_000);
    expect(engine.store.get('Pod', 'default', 'tmp')).toBeUndefined();
  });

  it('--rm -i passes a failing command on as kubectl does', async () => {
    const { kubectl } = testCluster();
    const r = await kubectl('run tmp --rm -i --restart=Never --image=busybox -- sh -c "echo oops; exit 4"');
    expect(r.stdout).toBe('oops\npod "tmp" deleted\n');
    expect(r.stderr).toMatch(/^pod default\/tmp terminated \(Error\)\n/);
    expect(r.exitCode).toBe(4);
  });

  it('--expose creates a service too', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('run web --image=nginx --port=80 --expose')).stdout).toBe('pod/web created\nservice/web created\n');
    expect(engine.store.get('Service', 'default', 'web')!.spec.selector).toEqual({ run: 'web' });
  });

  it("answers the seed's old `run --replicas` with kubectl 1.32's error and one Podium line", async () => {
    const { kubectl, engine } = testCluster();
    expect(await kubectl('run httpd-ken1 --image=httpd --replicas=2')).toEqual({
      stdout: '',
      stderr:
        "error: unknown flag: --replicas\nSee 'kubectl run --help' for usage.\n" +
        'podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment httpd-ken1 --image=httpd --replicas=2\n',
      exitCode: 1,
    });
    expect((await kubectl('run httpd-ken1 --generator=run-pod/v1 --image=httpd --replicas=2')).stderr.split('\n')[0]).toBe('error: unknown flag: --generator');
    // The seed's own line lost a space before --generator: kubectl 1.32 then stops at --replicas
    // (recorded with kubectl v1.32.5), and the hint must not suggest the glued name.
    expect(await kubectl('run httpd-ken1--generator=run-pod/v1 --image=httpd --replicas=2')).toEqual({
      stdout: '',
      stderr:
        "error: unknown flag: --replicas\nSee 'kubectl run --help' for usage.\n" +
        'podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment httpd-ken1 --image=httpd --replicas=2\n',
      exitCode: 1,
    });
    expect(engine.store.get('Pod', 'default', 'httpd-ken1')).toBeUndefined();
  });

  it.each([
    ['run web', 'error: required flag(s) "image" not set\n'],
    ['run --image=nginx', "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"],
    ['run web --image=nginx --restart=Sometimes', "error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n"],
    ['run web --image=nginx --env=NOEQ', 'error: invalid env: NOEQ\n'],
    ['run web --image=nginx --port=abc', 'error: strconv.Atoi: parsing "abc": invalid syntax\n'],
    ['run web --image=nginx --labels=bad', 'error: unexpected label spec: bad\n'],
    ['run web --image=nginx --rm', "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n"],
    ['run tmp --rm -i --image=busybox --dry-run=client', "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n"],
    ["run x --image='Bad Image'", 'error: Invalid image name "Bad Image": invalid reference format\n'],
    ['run x --image=nginx -t', "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n"],
    ['run x --image=nginx --expose', "error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n"],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });

  it.each([
    ['nginx', true],
    ['nginx:1.25', true],
    ['registry.k8s.io/e2e-test-images/agnhost:2.39', true],
    ['localhost:5000/app:v1', true],
    ['Bad Image', false],
    ['UPPER', false],
  ])('image reference %s', (image, ok) => {
    expect(validImageReference(image)).toBe(ok);
  });
});
