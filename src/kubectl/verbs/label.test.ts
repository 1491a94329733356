import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { labelChangeMessage, parseAnnotationPairs, parseLabelPairs, resourcesAndPairs } from './label';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

describe('label and annotate parsing', () => {
  it.each([
    [{ a: '1' }, { a: '1' }, 'not labeled'],
    [{}, { a: '1' }, 'labeled'],
    [{ a: '1' }, { a: '2' }, 'labeled'],
    [{ a: '1' }, {}, 'unlabeled'],
    [{ a: '1' }, { b: '1' }, 'label(s) changed'],
  ])('labelChangeMessage(%j, %j) = %s', (a, b, msg) => {
    expect(labelChangeMessage(a, b)).toBe(msg);
  });

  it.each([
    [() => parseLabelPairs(['a=b=c']), 'invalid label spec: a=b=c'],
    [() => parseLabelPairs(['a=b c']), 'invalid label value: "a=b c": a valid label must be an empty string'],
    [() => parseLabelPairs(['a=1', 'a-']), 'can not both modify and remove a label in the same command'],
    [() => parseAnnotationPairs(['=x']), 'invalid annotation format: =x'],
    [() => parseAnnotationPairs(['a=1', 'a-']), 'can not both modify and remove the following annotation(s) in the same command: a'],
    [() => resourcesAndPairs(['pod', 'a=1', 'web'], 'label'), 'all resources must be specified before label changes: web'],
  ])('error %#', (fn, msg) => {
    expect(fn).toThrow(msg);
  });

  it('annotation values may contain =', () => {
    expect(parseAnnotationPairs(['note=a=b', 'old-'])).toEqual({ set: { note: 'a=b' }, remove: ['old'] });
  });
});

describe('kubectl label / annotate', () => {
  it('labels, refuses to overwrite without --overwrite, removes with key-', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('label deployment web tier=fe')).stdout).toBe('deployment.apps/web labeled\n');
    expect(await kubectl('label deployment web tier=be')).toEqual({ stdout: '', stderr: "error: 'tier' already has a value (fe), and --overwrite is false\n", exitCode: 1 });
    expect((await kubectl('label deployment web tier=fe')).stdout).toBe('deployment.apps/web not labeled\n');
    expect((await kubectl('label deployment web tier=be --overwrite')).stdout).toBe('deployment.apps/web labeled\n');
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.labels).toEqual({ app: 'web', tier: 'be' });
    expect((await kubectl('label deploy/web tier-')).stdout).toBe('deployment.apps/web unlabeled\n');
    expect((await kubectl('label deploy/web tier-')).stdout).toBe('label "tier" not found.\ndeployment.apps/web not labeled\n');
  });

  it('labels every object with --all or -l, and lists with --list', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment a --image=nginx');
    await kubectl('create deployment b --image=nginx');
    expect((await kubectl('label deployments --all env=dev')).stdout).toBe('deployment.apps/a labeled\ndeployment.apps/b labeled\n');
    expect((await kubectl('label deployments -l app=a team=x')).stdout).toBe('deployment.apps/a labeled\n');
    expect((await kubectl('label deployment a --list')).stdout).toBe('app=a\nenv=dev\nteam=x\n');
  });

  it('--resource-version must match', async () => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('label deployment web a=b --resource-version=1')).stderr).toMatch(/^Error from server \(Conflict\): Operation cannot be fulfilled on deployments.apps "web"/);
  });

  it('annotates, with the annotation refusal wording', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx');
    expect((await kubectl('annotate deployment web description=front')).stdout).toBe('deployment.apps/web annotated\n');
    expect((await kubectl('annotate deployment web description=back')).stderr).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (front)\n",
    );
    expect((await kubectl('annotate deployment web kubernetes.io/change-cause=why')).exitCode).toBe(0);
    await kubectl('annotate deployment web description-');
    expect(engine.store.get('Deployment', 'default', 'web')!.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'kubernetes.io/change-cause': 'why' });
  });

  it.each([
    ['label deployment web', 'error: at least one label update is required\n'],
    ['label a=b', 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
    ['annotate deployment web', 'error: at least one annotation update is required\n'],
    ['label deployment nope a=b', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    await kubectl('create deployment web --image=nginx');
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
