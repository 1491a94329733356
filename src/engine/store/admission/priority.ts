/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go) on pod create:
 * resolves priorityClassName to spec.priority and spec.preemptionPolicy. Podium serves no
 * PriorityClass objects, so only the two system classes exist; a pod without a class gets
 * priority 0 (DefaultPriorityWhenNoDefaultClassExists) and PreemptLowerPriority.
 */
import type { KObject } from '../../api/types';
import { forbiddenFor } from './errors';

/** The system priority classes the API server creates at bootstrap, by name. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Sets priority and preemptionPolicy of a pod being created; throws the plugin's Forbidden errors. */
export function admitPriority(pod: KObject): void {
  const spec = pod.spec;
  let priority = 0;
  const policy = 'PreemptLowerPriority';
  if (spec.priorityClassName) {
    const value = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
    if (value === undefined) throw forbiddenFor(pod, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = value;
  }
  if (spec.priority != null && spec.priority !== priority)
    throw forbiddenFor(
      pod,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  spec.priority = priority;
  if (spec.preemptionPolicy != null && spec.preemptionPolicy !== policy)
    throw forbiddenFor(
      pod,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  spec.preemptionPolicy = policy;
}
