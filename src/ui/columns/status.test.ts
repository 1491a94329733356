import { describe, expect, it } from 'vitest';
import { readyTone, statusTone } from './status';

describe('statusTone', () => {
  it.each([
    ['Running', 'ok'],
    ['Completed', 'ok'],
    ['Pending', 'progress'],
    ['ContainerCreating', 'progress'],
    ['Terminating', 'progress'],
    ['CrashLoopBackOff', 'error'],
    ['ImagePullBackOff', 'error'],
    ['Init:0/2', 'progress'],
    ['Init:CrashLoopBackOff', 'error'],
    ['ExitCode:3', 'error'],
    ['Ready,SchedulingDisabled', 'warn'],
    ['NotReady,SchedulingDisabled', 'error'],
    ['Warning', 'error'],
    ['Normal', 'ok'],
    ['', 'muted'],
    ['Whatever', 'info'],
  ])('%s -> %s', (text, tone) => expect(statusTone(text)).toBe(tone));

  it.each([
    ['3/3', 'ok'],
    ['1/3', 'progress'],
    ['0/3', 'warn'],
    ['0/0', 'muted'],
    ['x', 'info'],
  ])('readyTone(%s) = %s', (text, tone) => expect(readyTone(text)).toBe(tone));
});
