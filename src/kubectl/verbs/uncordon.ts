/** `kubectl uncordon NODE`: clears spec.unschedulable; `node/x uncordoned` or `already uncordoned`. */
import type { Verb } from '../registry';
import { dryRunStrategy } from '../manifest';
import { nodesFor, runCordonOrUncordon } from './cordon';
import { recordedVerb } from './write-help';

/** `kubectl uncordon`. */
export const uncordonVerb: Verb = recordedVerb('uncordon', {
  name: 'uncordon',
  group: 'Cluster Management Commands',
  run: (ctx, args, flags) => {
    const dryRun = dryRunStrategy(ctx, flags);
    const { nodes, errors } = nodesFor(ctx, 'uncordon', 'uncordon NODE', args, flags);
    if (errors.length) throw errors[0];
    runCordonOrUncordon(ctx, nodes, false, dryRun);
    return 0;
  },
});
