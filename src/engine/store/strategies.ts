/**
 * The per-kind strategies of the simulated API server. Each kind's defaulting and validation live
 * in api/defaults and api/validation; this table wires them to the store.
 */
import type { KindStrategy } from './store';

/** Strategy per kind. */
export const strategies: Record<string, KindStrategy> = {
  Namespace: {
    prepareForCreate(obj) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
    },
    pendingFinalizers: (obj) => obj.spec?.finalizers?.length ?? 0,
    beginDelete(obj) {
      obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    },
  },
};
