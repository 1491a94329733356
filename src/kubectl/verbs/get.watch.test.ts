import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/cluster';
import type { KObject } from '../../engine/api/types';
import { KIT_NOW, kitEngine, kubectl, ns, runningPod } from '../testing/kit';

/**
 * A kit engine with a scripted cluster: `web` (Running) exists; at +5s it gets a label, at +10s
 * `api` is created (label app=api), at +20s `web` is deleted. Nothing happens afterwards.
 */
function scripted(): Engine {
  const engine = kitEngine([ns('default'), runningPod('web', { ageSeconds: 60 })]);
  const { runtime, store } = engine;
  runtime.register({
    name: 'script',
    onTimer(type: string) {
      if (type === 'label') {
        const web = structuredClone(store.get('Pod', 'default', 'web')!) as KObject;
        web.metadata.labels = { ...web.metadata.labels, tier: 'front' };
        store.update(web);
      } else if (type === 'create') {
        const api = runningPod('api', { labels: { app: 'api' }, ageSeconds: 0 });
        api.metadata.creationTimestamp = new Date(runtime.now).toISOString().replace(/\.\d+Z$/, 'Z');
        store.create(api);
      } else if (type === 'delete') store.delete('Pod', 'default', 'web');
    },
  });
  runtime.setTimer('script', KIT_NOW + 5_000, 'label');
  runtime.setTimer('script', KIT_NOW + 10_000, 'create');
  runtime.setTimer('script', KIT_NOW + 20_000, 'delete');
  return engine;
}

const QUIET_NOTE = 'podium: stopped watching after 20s of simulated time: the cluster is quiet (add --request-timeout=DURATION to watch for a fixed time).\n';

describe('kubectl get --watch on the simulated clock', () => {
  it('prints the list, then one row per change, and stops when the cluster is quiet (advance mode)', async () => {
    const r = await kubectl(scripted(), 'get pods -w');
    expect(r.stdout).toBe(
      [
        'NAME   READY   STATUS    RESTARTS   AGE',
        'web    1/1     Running   0          60s',
        'web    1/1     Running   0          65s',
        'api    1/1     Running   0          0s',
        'web    1/1     Running   0          80s',
        '',
      ].join('\n'),
    );
    expect([r.stderr, r.exitCode]).toEqual([QUIET_NOTE, 0]);
  });

  it('--watch-only skips the initial list; the header comes with the first change', async () => {
    const r = await kubectl(scripted(), 'get pods --watch-only');
    expect(r.stdout.split('\n')).toEqual([
      'NAME   READY   STATUS    RESTARTS   AGE',
      'web    1/1     Running   0          65s',
      'api    1/1     Running   0          0s',
      'web    1/1     Running   0          80s',
      '',
    ]);
  });

  it('--output-watch-events adds the EVENT column', async () => {
    const r = await kubectl(scripted(), 'get pods -w --output-watch-events');
    expect(r.stdout.split('\n')).toEqual([
      'EVENT      NAME   READY   STATUS    RESTARTS   AGE',
      'ADDED      web    1/1     Running   0          60s',
      'MODIFIED   web    1/1     Running   0          65s',
      'ADDED      api    1/1     Running   0          0s',
      'DELETED    web    1/1     Running   0          80s',
      '',
    ]);
  });

  it('-l follows objects entering and leaving the selection', async () => {
    const r = await kubectl(scripted(), 'get pods -w -l tier=front --output-watch-events');
    // kubectl pads the event type to 8 characters ("ADDED   ", cli-runtime tableprinter.go formattedEventType).
    expect(r.stdout.split('\n')).toEqual(['EVENT      NAME   READY   STATUS    RESTARTS   AGE', 'ADDED      web    1/1     Running   0          65s', 'DELETED    web    1/1     Running   0          80s', '']);
    expect(r.stderr).toBe(QUIET_NOTE);
  });

  it('a single named object', async () => {
    const r = await kubectl(scripted(), 'get pod api -w -o name');
    expect([r.stdout, r.exitCode]).toEqual(['', 1]);
    expect(r.stderr).toBe('Error from server (NotFound): pods "api" not found\n');
  });

  it('-o name prints one line per event', async () => {
    const r = await kubectl(scripted(), 'get pods -w -o name');
    expect(r.stdout).toBe('pod/web\npod/web\npod/api\npod/web\n');
  });

  it('-o yaml separates documents with ---', async () => {
    const r = await kubectl(scripted(), 'get pods -w -o yaml --request-timeout=7s');
    const docs = r.stdout.split('---\n');
    expect(docs).toHaveLength(2);
    expect(docs.every((d) => d.startsWith('apiVersion: v1\nkind: Pod\n'))).toBe(true);
    expect(docs[1]).toContain('    tier: front\n');
  });

  it('-o json --output-watch-events prints compact type/object events', async () => {
    const r = await kubectl(scripted(), 'get pods -w -o json --output-watch-events --request-timeout=7s');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['ADDED', 'MODIFIED']);
  });

  it('--request-timeout watches for exactly that long, without the quiet note', async () => {
    const engine = scripted();
    const r = await kubectl(engine, 'get pods -w --request-timeout=12s');
    expect(r.stdout.split('\n')).toHaveLength(5);
    expect([r.stderr, r.exitCode]).toEqual(['', 0]);
    expect(engine.runtime.now).toBe(KIT_NOW + 12_000);
  });

  it('stops after WATCH_MAX_MS when the cluster never gets quiet', async () => {
    const engine = kitEngine([ns('default'), runningPod('web')]);
    engine.runtime.register({
      name: 'ticker',
      onTimer() {
        engine.runtime.after('ticker', 60_000, 'tick');
      },
    });
    engine.runtime.after('ticker', 60_000, 'tick');
    const r = await kubectl(engine, 'get pods -w');
    expect(r.stderr).toBe('podium: stopped watching after 10m of simulated time: the 10m limit was reached (add --request-timeout=DURATION to watch for a fixed time).\n');
    expect(engine.runtime.now).toBe(KIT_NOW + 600_000);
  });

  it('in realtime mode Ctrl-C ends the watch with exit code 1', async () => {
    const ac = new AbortController();
    const run = kubectl(scripted(), 'get pods -w', { wait: 'realtime', signal: ac.signal });
    ac.abort();
    const r = await run;
    expect([r.stdout.split('\n')[1], r.exitCode]).toEqual(['web    1/1     Running   0          60s', 1]);
  });

  it('several names of one type: printed, then kubectl refuses to watch them', async () => {
    const engine = scripted();
    engine.store.create(runningPod('db', { labels: { app: 'db' } }));
    const r = await kubectl(engine, 'get pod web db -w');
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['NAME', 'web', 'db', '']);
    expect([r.stderr, r.exitCode]).toEqual(['error: you may only watch a single resource or type of resource at a time\n', 1]);
  });

  it.each([
    ['get pods,svc -w', 'error: you may only specify a single resource type\n'],
    ['get pod/web svc/web -w', 'Error from server (NotFound): services "web" not found\n'],
    ['get pods --output-watch-events', 'error: --output-watch-events option can only be used with --watch or --watch-only\n'],
  ])('%s', async (line, stderr) => {
    const r = await kubectl(scripted(), line);
    expect([r.stderr, r.exitCode]).toEqual([stderr, 1]);
  });
});
