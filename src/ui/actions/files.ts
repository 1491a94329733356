/**
 * Files in and out: "Export all as YAML" (kubectl get of every kind -o yaml, downloaded), importing
 * an export or any manifest file (kubectl apply -f -), and downloading saved states.
 */
import { engine } from '../session/session';
import { getApp } from '../state/store';
import { APPLY_STDIN_CMD, exportAllCmd } from './commands';
import { note, runCommand } from './run';

/** Offers text as a file download (a same-origin blob URL; nothing leaves the page). */
export function downloadText(filename: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stamp of the simulated time: `2025-03-03T09-12-00`. */
export function simStamp(now = getApp().clock.now): string {
  return new Date(now).toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Exports every object as one YAML list, downloaded as podium-<time>.yaml. */
export async function exportAll(): Promise<void> {
  const file = `podium-${simStamp()}.yaml`;
  const r = await runCommand(exportAllCmd(), { summary: (out) => `${(out.stdout.match(/^- apiVersion: /gm) ?? []).length} objects saved as ${file}` });
  if (r.exitCode === 0) downloadText(file, r.stdout, 'application/yaml');
}

/**
 * Applies a manifest file: any YAML/JSON manifest as it is, or a Podium export cleaned of what the
 * cluster made itself (see importManifest.ts, loaded on demand with the YAML parser).
 */
export async function importFile(file: File): Promise<void> {
  const text = await file.text();
  const { prepareImport } = await import('./importManifest');
  const prepared = prepareImport(text);
  if (prepared.rewritten)
    note(`# import ${file.name}: an export of a cluster`, `${prepared.skipped.length} objects the cluster makes itself are left out (their controllers recreate them):\n${prepared.skipped.join('\n')}`);
  await runCommand(APPLY_STDIN_CMD, { stdin: prepared.text });
}

/** Downloads a saved state (`current` or a kept unusable one) as JSON. */
export async function downloadSaved(key: string): Promise<boolean> {
  const blob = await engine().savedBlob(key);
  if (!blob) return false;
  downloadText(`${blob.key.replace(/[^a-z0-9-]+/gi, '-')}.json`, blob.text, 'application/json');
  return true;
}
