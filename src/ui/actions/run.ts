/**
 * Running kubectl from the UI: every action, form and console line goes through runCommand (the
 * same kubectl code path as a typed command), which logs it with its output in the activity list.
 * Read-only fetches for the detail panel (describe, YAML, logs) go through fetchText.
 */
import type { KubectlOutput } from '../../protocol/facade';
import { engine } from '../session/session';
import { getApp, setApp, type ActivityEntry } from '../state/store';
import { isReadOnlyCommand } from './commands';

let nextId = 1;
const MAX_ACTIVITY = 200;

/** Output for a command refused in a read-only tab. */
export const READ_ONLY_OUTPUT: KubectlOutput = {
  stdout: '',
  stderr: 'error: this tab follows a cluster that is open in another tab (read-only). Take it over to make changes.\n',
  exitCode: 1,
};

function log(entry: ActivityEntry): void {
  setApp((s) => ({ activity: [...s.activity, entry].slice(-MAX_ACTIVITY) }));
}

function finish(id: number, result: KubectlOutput): void {
  setApp((s) => ({ activity: s.activity.map((a) => (a.id === id ? { ...a, running: false, result } : a)) }));
}

/** Runs a kubectl command line and logs it; resolves with kubectl's output (never rejects). */
export async function runCommand(
  line: string,
  opts: { stdin?: string; source?: ActivityEntry['source']; cancelId?: string; /** What the activity list shows instead of a successful command's stdout (a whole export is not a note). */ summary?: (out: KubectlOutput) => string } = {},
): Promise<KubectlOutput> {
  const id = nextId++;
  log({ id, line, source: opts.source ?? 'ui', at: Date.now(), running: true });
  let result: KubectlOutput;
  if (getApp().session.role === 'follower' && !isReadOnlyCommand(line)) {
    result = READ_ONLY_OUTPUT;
  } else {
    try {
      result = await engine().kubectl(line, { stdin: opts.stdin, id: opts.cancelId, wait: 'realtime' });
    } catch (e) {
      result = { stdout: '', stderr: `error: the engine did not answer: ${(e as Error)?.message ?? String(e)}\n`, exitCode: 1 };
    }
  }
  finish(id, opts.summary && result.exitCode === 0 ? { ...result, stdout: opts.summary(result) } : result);
  return result;
}

/** Logs a dashboard action that is not a kubectl command (stopping a node), with its outcome. */
export async function runAction(label: string, act: () => Promise<unknown>): Promise<KubectlOutput> {
  const id = nextId++;
  log({ id, line: label, source: 'ui', at: Date.now(), running: true });
  let result: KubectlOutput;
  if (getApp().session.role === 'follower') result = READ_ONLY_OUTPUT;
  else {
    try {
      await act();
      result = { stdout: '', stderr: '', exitCode: 0 };
    } catch (e) {
      result = { stdout: '', stderr: `error: ${(e as Error)?.message ?? String(e)}\n`, exitCode: 1 };
    }
  }
  finish(id, result);
  return result;
}

/** Logs a note (not a command) with its text, as the console and the toasts show it. */
export function note(line: string, text: string): void {
  const id = nextId++;
  log({ id, line, source: 'ui', at: Date.now(), running: false, result: { stdout: text, stderr: '', exitCode: 0 } });
}

/** Cancels a waiting console command (Ctrl-C). */
export function cancelCommand(cancelId: string): void {
  void engine().cancel(cancelId);
}

/**
 * Fetches a command's output into the texts slice unless it is already there for `version`
 * (the object's resourceVersion, or a clock tick for logs).
 */
export async function fetchText(line: string, version: string): Promise<void> {
  const held = getApp().texts[line];
  if (held && (held.version === version || held.loading)) return;
  setApp((s) => ({ texts: { ...s.texts, [line]: { version, loading: true, result: held?.result } } }));
  let result: KubectlOutput;
  try {
    result = await engine().kubectl(line, { wait: 'realtime' });
  } catch (e) {
    result = { stdout: '', stderr: `error: ${(e as Error)?.message ?? String(e)}\n`, exitCode: 1 };
  }
  setApp((s) => ({ texts: { ...s.texts, [line]: { version, loading: false, result } } }));
}

/** Fetches the scheduler's explanation of a pod into the store. */
export async function loadExplanation(namespace: string, pod: string): Promise<void> {
  const key = `${namespace}/${pod}`;
  setApp((s) => ({ explanations: { ...s.explanations, [key]: 'loading' } }));
  try {
    const a = await engine().explainScheduling(namespace, pod);
    setApp((s) => ({ explanations: { ...s.explanations, [key]: a } }));
  } catch (e) {
    setApp((s) => ({ explanations: { ...s.explanations, [key]: { ok: false, error: (e as Error)?.message ?? String(e) } } }));
  }
}
