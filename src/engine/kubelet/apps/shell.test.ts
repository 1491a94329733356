import { describe, expect, it } from 'vitest';
import './programs';
import './servers';
import { arith, parseScript } from './shell';
import { ProcessRun, runExec } from './process';
import { FileSystem } from './fs';
import { CATALOG, imageEnv, imagePrograms, isResolved, resolveImage } from '../images';
import type { ContainerContext } from './types';

function ctxFor(image: string, command: string[] = []): ContainerContext {
  const r = resolveImage(image);
  if (!isResolved(r)) throw new Error(image);
  const imgEnv = imageEnv(r).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]);
  return {
    namespace: 'default',
    podName: 'pod1',
    podUID: 'uid',
    containerName: 'c',
    nodeName: 'node',
    podIP: '10.244.1.2',
    hostIP: '172.18.0.3',
    hostNetwork: false,
    hostname: 'pod1',
    image: r.image,
    imageRef: image,
    imageTag: r.canonicalTag,
    programs: imagePrograms(r.image),
    env: [...imgEnv, ['HOSTNAME', 'pod1'], ['HOME', '/root']],
    workingDir: '/',
    nodeCpus: 2,
    mounts: {},
    command,
    declaredPorts: [],
  };
}

const T0 = Date.parse('2025-03-03T09:00:00Z');
const fs0 = () => new FileSystem({ '/etc/hostname': 'pod1\n' }, ['/tmp', '/root', '/bin']);

function run(image: string, argv: string[]) {
  return new ProcessRun(ctxFor(image, argv), argv, T0, fs0());
}

describe('shell parsing', () => {
  it.each([
    ['echo hi; echo there', 'list'],
    ['a && b || c', 'list'],
    ['while true; do echo x; sleep 1; done', 'list'],
    ['for i in 1 2 3; do echo $i; done', 'list'],
    ['if [ -f /x ]; then echo y; else echo n; fi', 'list'],
  ])('parses %j', (src, t) => {
    expect(parseScript(src).t).toBe(t);
  });

  it.each(['do echo', 'if true; then', 'echo "unterminated', 'while true; do echo; '])('rejects %j', (src) => {
    expect(() => parseScript(src)).toThrow();
  });

  it.each([
    ['1+2*3', 7],
    ['(1+2)*3', 9],
    ['i+1', 42],
    ['10/3', 3],
    ['10%3', 1],
    ['i>5 && 1', 1],
  ])('$((%s)) = %d', (expr, want) => {
    expect(arith(expr, { vars: new Map([['i', '41']]) })).toBe(want);
  });
});

describe('ProcessRun', () => {
  it('runs the docs exec-liveness script on simulated time', () => {
    const r = run('registry.k8s.io/busybox:1.27.2', ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']);
    expect(r.fsAt(T0).isFile('/tmp/healthy')).toBe(true);
    expect(r.fsAt(T0 + 29_999).isFile('/tmp/healthy')).toBe(true);
    expect(r.fsAt(T0 + 30_000).isFile('/tmp/healthy')).toBe(false);
    expect(r.nextChangeAfter(T0)).toBe(T0 + 30_000);
    expect(r.nextChangeAfter(T0 + 30_000)).toBe(T0 + 630_000);
    expect(r.exitedBy(T0 + 629_999)).toBeUndefined();
    expect(r.exitedBy(T0 + 630_000)).toEqual({ at: T0 + 630_000, code: 0 });
    // sh as PID 1 ignores SIGTERM: the kubelet must wait for the grace period and SIGKILL.
    expect(r.stopReaction(T0 + 1000, 'SIGTERM')).toBe('ignore');
  });

  it('fails `sh -c "exit 1"` at once with status 1', () => {
    const r = run('busybox', ['sh', '-c', 'exit 1']);
    expect(r.exitedBy(T0)).toEqual({ at: T0, code: 1 });
  });

  it('exits `sh` without a script immediately (no TTY, empty stdin)', () => {
    expect(run('busybox', ['sh']).exitedBy(T0)).toEqual({ at: T0, code: 0 });
  });

  it('keeps `sleep 3600` running for an hour', () => {
    const r = run('busybox', ['sleep', '3600']);
    expect(r.exitedBy(T0 + 3599_999)).toBeUndefined();
    expect(r.exitedBy(T0 + 3600_000)?.code).toBe(0);
  });

  it('derives the counter example logs with dates', () => {
    const r = run('busybox', ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']);
    const lines = r.logsUntil(T0 + 2500).map((l) => l.text);
    expect(lines).toEqual(['0: Mon Mar  3 09:00:00 UTC 2025', '1: Mon Mar  3 09:00:01 UTC 2025', '2: Mon Mar  3 09:00:02 UTC 2025']);
    expect(r.exitedBy(T0 + 10_000)).toBeUndefined();
  });

  it('supports && || redirections and cat of written files', () => {
    const r = run('busybox', ['sh', '-c', 'echo hello > /tmp/a && cat /tmp/a; false || echo fallback; echo more >> /tmp/a; cat /tmp/a; cat /nope; echo "st=$?"']);
    expect(r.logsUntil(T0).map((l) => `${l.stream}:${l.text}`)).toEqual([
      'stdout:hello',
      'stdout:fallback',
      'stdout:hello',
      'stdout:more',
      "stderr:cat: can't open '/nope': No such file or directory",
      'stdout:st=1',
    ]);
  });

  it('words errors as GNU coreutils on debian images', () => {
    const r = run('debian', ['sh', '-c', 'cat /nope; curl x']);
    expect(r.logsUntil(T0).map((l) => l.text)).toEqual(['cat: /nope: No such file or directory', 'sh: 1: curl: not found']);
  });

  it('starts nginx through the entrypoint, prints its lines and serves', () => {
    const r = run('nginx', ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(r.serverAt(T0)).toBeUndefined();
    const s = r.serverAt(T0 + 1000);
    expect(s?.app.name).toBe('nginx');
    const text = r.logsUntil(T0 + 1000).map((l) => l.text);
    expect(text[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(text).toContain('2025/03/03 09:00:00 [notice] 1#1: nginx/1.27.4');
    expect(text.filter((l) => l.includes('start worker process '))).toHaveLength(2);
    const reaction = r.stopReaction(T0 + 5000, 'SIGQUIT');
    expect(reaction).toMatchObject({ code: 0 });
  });

  it('reports a missing command as a start error', () => {
    const r = run('busybox', ['curl', 'x']);
    expect(r.startError).toBe('exec: "curl": executable file not found in $PATH');
  });

  it('fails postgres without a password, as its entrypoint does', () => {
    const r = run('postgres', ['docker-entrypoint.sh', 'postgres']);
    expect(r.exitedBy(T0)?.code).toBe(1);
    expect(r.logsUntil(T0)[0].text).toBe('Error: Database is uninitialized and superuser password is not specified.');
  });

  it('lets a daemonising nginx end the container at once', () => {
    const r = run('nginx', ['nginx']);
    expect(r.exitedBy(T0)?.code).toBe(0);
  });
});

describe('runExec', () => {
  it('runs commands over the container files and records writes', () => {
    const ctx = ctxFor('busybox');
    const o = runExec(ctx, ['sh', '-c', 'echo hi > /tmp/x; cat /tmp/x; hostname'], fs0(), T0);
    expect(o).toMatchObject({ stdout: 'hi\npod1\n', stderr: '', exitCode: 0 });
    expect(o.ops).toEqual([[T0, 'w', '/tmp/x', ''], [T0, 'a', '/tmp/x', 'hi\n']]);
  });

  it('fails a program the image lacks as runc does', () => {
    const o = runExec(ctxFor('busybox'), ['curl', 'x'], fs0(), T0);
    expect(o.notFound).toBe('exec: "curl": executable file not found in $PATH');
    expect(o.exitCode).toBe(126);
  });

  it('has no shell at all in scratch images', () => {
    expect(runExec(ctxFor('hashicorp/http-echo'), ['sh'], fs0(), T0).notFound).toBe('exec: "sh": executable file not found in $PATH');
  });

  it('every catalogue repository has a program for its default command', () => {
    for (const img of CATALOG) {
      const argv = [...img.entrypoint, ...img.cmd];
      const progs = imagePrograms(img);
      const name = argv[0];
      expect(progs.has(name.slice(name.lastIndexOf('/') + 1)), `${img.repository}: ${name}`).toBe(true);
    }
  });
});
