/**
 * The mutating admission chain a pod create passes through, in the v1.32 default plugin order
 * (ServiceAccount, then Priority, then DefaultTolerationSeconds; NamespaceLifecycle is the
 * store's namespace check). Mutating admission runs after defaulting and before validation.
 */
import type { KObject } from '../../api/types';
import type { StrategyContext } from '../store';
import { admitServiceAccount } from './serviceaccount';
import { admitPriority } from './priority';
import { admitDefaultTolerationSeconds } from './defaulttolerationseconds';

export { admitServiceAccount, tokenVolumeSource, SERVICE_ACCOUNT_MOUNT_PATH, TOKEN_EXPIRATION_SECONDS } from './serviceaccount';
export { admitPriority, SYSTEM_PRIORITY_CLASSES } from './priority';
export { admitDefaultTolerationSeconds, DEFAULT_TOLERATION_SECONDS } from './defaulttolerationseconds';

/** Runs the mutating admission plugins on a pod being created. */
export function admitPodCreate(pod: KObject, ctx: StrategyContext): void {
  admitServiceAccount(pod, ctx);
  admitPriority(pod);
  admitDefaultTolerationSeconds(pod);
}
