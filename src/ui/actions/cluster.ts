/** Whole-cluster actions: reset, crash recovery, and probing which kubectl verbs exist yet. */
import { engine, recover, recoverFresh } from '../session/session';
import { getApp, patchSession, setApp } from '../state/store';
import { openDialog } from './objects';
import { runAction } from './run';

/** Asks, then replaces the cluster with a fresh one (the saved one is overwritten). */
export function confirmReset(): void {
  openDialog({
    type: 'confirm',
    title: 'Reset the cluster?',
    body: 'Everything you created is deleted and a fresh three-node cluster starts. Export it as YAML first if you want to keep it.',
    confirm: 'Reset cluster',
    danger: true,
    onConfirm: () => void resetCluster(),
  });
}

/** Replaces the cluster with a fresh one. */
export async function resetCluster(): Promise<void> {
  await runAction('# reset cluster', async () => {
    await engine().reset();
    setApp({ texts: {}, explanations: {} });
    patchSession({ restoreProblem: undefined, restored: false, migratedFrom: undefined });
  });
}

/** Restarts the engine from the last saved state. */
export async function recoverFromSave(): Promise<void> {
  setApp({ texts: {}, explanations: {} });
  await recover();
}

/** Starts a fresh engine and cluster (when even the saved state fails). */
export async function startFresh(): Promise<void> {
  setApp({ texts: {}, explanations: {} });
  await recoverFresh();
}

/** Dismisses the restore problem notice. */
export function dismissRestoreProblem(): void {
  patchSession({ restoreProblem: undefined, migratedFrom: undefined });
}

/** Dismisses reported engine errors. */
export function dismissEngineErrors(): void {
  setApp({ engineErrors: [] });
}

/** Whether the tab may change the cluster. */
export function canWrite(): boolean {
  return getApp().session.role === 'owner';
}
