/**
 * One colour language for every status in the dashboard: each STATUS text (pod, node, namespace,
 * event type, ready counts) maps to a tone, and the tone to a colour in the stylesheet.
 */

/** ok: green; progress: blue (on its way); warn: amber; error: red; muted: grey; info: neutral. */
export type Tone = 'ok' | 'progress' | 'warn' | 'error' | 'muted' | 'info';

const OK = new Set(['Running', 'Ready', 'Active', 'Completed', 'Succeeded', 'Normal', 'Bound', 'Available', 'True']);
const PROGRESS = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'Scheduled']);
const ERROR = new Set([
  'Error',
  'Failed',
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'OOMKilled',
  'NotReady',
  'Unknown',
  'Evicted',
  'NodeLost',
  'Warning',
  'ContainerStatusUnknown',
  'False',
]);
const WARN = new Set(['SchedulingDisabled', 'SchedulingGated', 'Unschedulable', 'NodeAffinity', 'Preempting']);

/** The tone of a status text; comma lists (`Ready,SchedulingDisabled`) take the worst part. */
export function statusTone(text: string): Tone {
  if (!text) return 'muted';
  if (text.includes(',')) {
    const tones = text.split(',').map((t) => statusTone(t.trim()));
    for (const t of ['error', 'warn', 'progress', 'ok'] as Tone[]) if (tones.includes(t)) return t;
    return 'info';
  }
  if (OK.has(text)) return 'ok';
  if (ERROR.has(text)) return 'error';
  if (PROGRESS.has(text)) return 'progress';
  if (WARN.has(text)) return 'warn';
  if (text.startsWith('Init:')) {
    const rest = text.slice(5);
    return /^\d+\/\d+$/.test(rest) ? 'progress' : 'error';
  }
  if (text.startsWith('Signal:') || text.startsWith('ExitCode:')) return 'error';
  if (text === 'Terminating') return 'progress';
  return 'info';
}

/** The tone of a `ready/total` count: ok when complete, progress when partly, error at 0 of >0. */
export function readyTone(text: string): Tone {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return 'info';
  const [ready, total] = [Number(m[1]), Number(m[2])];
  if (total === 0) return 'muted';
  if (ready >= total) return 'ok';
  return ready === 0 ? 'warn' : 'progress';
}
