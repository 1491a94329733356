/**
 * Installs the API server's per-kind strategies (defaulting, validation, admission, graceful
 * deletion) and the indexes the controllers rely on.
 */
import type { Engine } from '../cluster';
import { KINDS } from '../api/registry';
import { controllerRef, type KObject } from '../api/types';
import { EVENT_TTL_SECONDS } from '../client/events';
import { strategies } from './strategies';

/** Wires strategies and indexes into the engine's store. */
export function installApiServer(engine: Engine): void {
  const { store } = engine;
  for (const [kind, s] of Object.entries(strategies)) store.setStrategy(kind, s);
  store.setStrategy('Event', { ...(strategies.Event ?? {}), ttlSeconds: EVENT_TTL_SECONDS });
  // Every kind: dependents by owner uid (garbage collector), controlled objects by controller uid.
  for (const info of KINDS) {
    store.addIndex(info.kind, 'owner', (o: KObject) => o.metadata.ownerReferences?.map((r) => r.uid));
    store.addIndex(info.kind, 'controller', (o: KObject) => controllerRef(o)?.uid);
  }
  store.addIndex('Pod', 'node', (o: KObject) => o.spec?.nodeName || undefined);
  // No index of Events by involved object: the API server has none either (describe filters the
  // namespace's events, as a field selector does), and with ~140,000 Events after a 10,000-pod
  // rollout the index cost a Map entry per object and a Set operation per Event written or expired.
}
