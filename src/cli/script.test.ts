import { describe, expect, it, vi } from 'vitest';
import { filesNamed, parseScript, sleepMs, stripComment } from './script';
import { main, runScenario } from './main';

// The scenario shell runs the write-side verbs only here, so that it does not depend on verbs other
// parts are still writing.
vi.mock('../kubectl/verbs/index', async () => ({ VERBS: (await import('../kubectl/verbs/write')).WRITE_VERBS }));

describe('parseScript', () => {
  it('drops comments and blank lines, joins continuations, attaches here-documents', () => {
    const cmds = parseScript(
      [
        '#!/bin/bash',
        '# a comment',
        '',
        'kubectl create deployment web \\',
        '  --image=nginx   # trailing comment',
        "kubectl apply -f - <<'EOF'",
        'kind: Namespace',
        'EOF',
        'echo "a # not a comment"',
      ].join('\n'),
    );
    expect(cmds.map((c) => [c.line, c.text, c.stdin])).toEqual([
      [4, 'kubectl create deployment web   --image=nginx', undefined],
      [6, "kubectl apply -f - <<'EOF'", 'kind: Namespace\n'],
      [9, 'echo "a # not a comment"', undefined],
    ]);
  });

  it('handles <<-EOF (leading tabs stripped) and unquoted delimiters with escapes', () => {
    const [c] = parseScript('kubectl apply -f - <<-END\n\tkind: Namespace\n\tname: \\$x\n\tEND\n');
    expect(c.stdin).toBe('kind: Namespace\nname: $x\n');
  });

  it('reports an unterminated here-document as bash does', () => {
    expect(() => parseScript('kubectl apply -f - <<EOF\nkind: x\n')).toThrow("here-document at line 1 delimited by end-of-file (wanted `EOF')");
  });

  it.each([
    ['a # b', 'a'],
    ["echo '#x'", "echo '#x'"],
    ['echo a#b', 'echo a#b'],
  ])('stripComment(%j)', (text, want) => {
    expect(stripComment(text)).toBe(want);
  });

  it.each([
    ['5', 5000],
    ['1.5', 1500],
    ['2m', 120000],
    ['1h', 3600000],
    ['x', undefined],
  ])('sleepMs(%j)', (arg, ms) => {
    expect(sleepMs(arg)).toBe(ms);
  });

  it('finds the files a kubectl line names', () => {
    expect(filesNamed(['apply', '-f', 'a.yaml', '--filename=b.yaml,c.yaml', '-fd.yaml', '-f', '-', 'patch', '--patch-file', 'p.yaml'])).toEqual([
      'a.yaml',
      'b.yaml',
      'c.yaml',
      'd.yaml',
      'p.yaml',
    ]);
  });
});

describe('runScenario', () => {
  it('prints a transcript and advances the clock with sleep', async () => {
    const r = await runScenario(
      [
        'kubectl create deployment web --image=nginx --replicas=2',
        'sleep 30',
        'kubectl rollout status deployment/web',
        'echo done',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(0);
    expect(r.transcript).toContain('$ kubectl create deployment web --image=nginx --replicas=2\ndeployment.apps/web created\n$ sleep 30\n$ kubectl rollout status deployment/web\n');
    expect(r.transcript).toContain('deployment "web" successfully rolled out\n$ echo done\ndone\n');
  });

  it('applies a here-document manifest', async () => {
    const r = await runScenario("kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\nEOF\n");
    expect(r.transcript).toBe("$ kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\nEOF\nnamespace/demo created\n");
    expect(r.exitCode).toBe(0);
  });

  it('reads -f files through the given reader', async () => {
    const r = await runScenario('kubectl create -f ns.yaml', { files: { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n' } });
    expect(r.stdout).toContain('namespace/x created');
  });

  it('without set -e goes on and exits with the last status', async () => {
    const r = await runScenario('kubectl delete pod nope\necho after\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.stdout).toContain('after\n');
    expect(r.exitCode).toBe(0);
  });

  it('with set -e stops at the first failure with its status', async () => {
    const r = await runScenario('set -e\nkubectl delete pod nope\necho unreachable\n');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toContain('unreachable');
  });

  it('|| true keeps set -e going; && skips after a failure without exiting', async () => {
    const r = await runScenario('set -e\nkubectl delete pod nope || true\nfalse && echo skipped\necho reached\n');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('reached\n');
    expect(r.stdout).not.toMatch(/^skipped$/m);
  });

  it('exit N and command not found behave as in bash', async () => {
    expect((await runScenario('exit 3\necho no')).exitCode).toBe(3);
    const r = await runScenario('frobnicate', { scriptName: 's.sh' });
    expect(r.stderr).toBe('s.sh: line 1: frobnicate: command not found\n');
    expect(r.exitCode).toBe(127);
  });

  it('refuses shell features it does not interpret', async () => {
    const r = await runScenario('kubectl get pods | grep web', { scriptName: 's.sh' });
    expect(r.stderr).toBe('s.sh: line 1: podium: pipelines are not supported by podium run\n');
    expect(r.exitCode).toBe(2);
  });

  it('set -x traces commands on stderr', async () => {
    const r = await runScenario("set -x\necho 'a b'\n");
    expect(r.stderr).toBe("+ echo 'a b'\n");
  });
});

describe('main', () => {
  it('prints usage and rejects bad flags', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(['--help'], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(0);
    expect(out.join('')).toContain('Usage: podium run SCRIPT');
    expect(await main(['run', 'x.sh', '--seed', 'abc'], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toContain('podium: --seed needs an integer, got "abc"');
    expect(await main(['run', '/nonexistent/x.sh'], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(127);
  });
});
