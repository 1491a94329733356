/**
 * The one way the UI reaches the engine: a comlink wrapper around the engine worker, typed by the
 * facade interface in src/protocol/facade.ts. Errors and deaths of the worker are reported to the
 * caller; nothing else in the UI touches the Worker object.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { EngineFacade } from '../protocol/facade';

/** A running engine worker. */
export interface EngineClient {
  /** The facade; every call is async. */
  api: Remote<EngineFacade>;
  /** Ends the worker. */
  dispose(): void;
}

/** Starts the engine worker; `onError` hears uncaught errors and failed messages from it. */
export function connectEngine(onError: (message: string) => void): EngineClient {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'podium-engine' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onError(e.message || 'the engine worker failed to start or threw an uncaught error');
  });
  worker.addEventListener('messageerror', () => onError('a message from the engine worker could not be read'));
  const api = wrap<EngineFacade>(worker);
  return {
    api,
    dispose() {
      try {
        api[releaseProxy]();
      } catch {
        // Already gone.
      }
      worker.terminate();
    },
  };
}
