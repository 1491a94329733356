/**
 * The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go,
 * v1.32): every active namespace has a ServiceAccount named `default`; it is created when the
 * namespace appears and recreated when it is deleted. Since v1.24 no token Secret is created for
 * it, so the object is just its metadata.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import { isApiError } from '../../api/errors';
import { namespaceTerminating } from '../controller_utils';

/** The service accounts every namespace gets (serviceAccountsToEnsure). */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

/** The service account controller. */
export class ServiceAccountsController extends Controller {
  /** Creates the controller; it watches namespaces and ServiceAccounts. */
  constructor(ctx: ControllerContext) {
    super('serviceaccount-controller', ctx);
    this.store.watch('Namespace', (ev) => {
      if (ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name);
    });
    this.store.watch('ServiceAccount', (ev) => {
      if (ev.type === 'DELETED' && SERVICE_ACCOUNTS_TO_ENSURE.includes(ev.object.metadata.name)) this.queue.add(ev.object.metadata.namespace!);
    });
  }

  /** syncNamespace: creates the missing service accounts of an active namespace. */
  protected sync(namespace: string): void {
    const ns = this.store.get('Namespace', undefined, namespace);
    if (!ns || ns.status?.phase !== 'Active') return;
    let firstErr: unknown;
    for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.store.get('ServiceAccount', namespace, name)) continue;
      try {
        this.store.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (isApiError(e, 'AlreadyExists') || namespaceTerminating(this.store, namespace)) continue;
        firstErr ??= e;
      }
    }
    if (firstErr) throw firstErr;
  }
}
