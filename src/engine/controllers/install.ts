/**
 * Installs the controllers (kube-controller-manager's loops) in a fixed order. The order is part
 * of determinism: the runtime drains components round-robin in registration order, so never
 * reorder lines or register conditionally.
 */
import type { Engine } from '../cluster';
import type { Component } from '../sim/runtime';
import type { ControllerContext } from '../client/controller';
import { installWorkloadIndexes } from './controller_utils';
import { NamespaceController } from './namespace/namespace_controller';
import { ServiceAccountsController } from './serviceaccount/serviceaccounts_controller';
import { RootCACertPublisher } from './serviceaccount/root_ca_cert_publisher';
import { REPLICATION_CONTROLLER_FLAVOR, REPLICA_SET_FLAVOR, ReplicaSetController } from './replicaset/replica_set';
import { DaemonSetsController } from './daemonset/daemon_controller';
import { GarbageCollector } from './garbagecollector/garbagecollector';
import { PodGCController } from './garbagecollector/podgc';
import { installDeploymentController } from './deployment/deployment_controller';
import { installNodeLifecycleControllers } from './nodelifecycle/install';
import { installServiceControllers } from './endpoints/install';

/** The controllers installWorkloadControllers registers, for tests and for other parts. */
export interface WorkloadControllers {
  namespace: NamespaceController;
  serviceAccounts: ServiceAccountsController;
  rootCACertPublisher: RootCACertPublisher;
  replicaSet: ReplicaSetController;
  replicationController: ReplicaSetController;
  daemonSet: DaemonSetsController;
  garbageCollector: GarbageCollector;
  podGC: PodGCController;
}

function add<C extends Component>(ctx: ControllerContext, c: C): C {
  return ctx.runtime.register(c);
}

/**
 * Registers the namespace, service-account and root-CA controllers (they come first so that a
 * namespace has its `default` ServiceAccount and `kube-root-ca.crt` before anything else runs in it).
 */
export function installNamespaceControllers(ctx: ControllerContext): Pick<WorkloadControllers, 'namespace' | 'serviceAccounts' | 'rootCACertPublisher'> {
  installWorkloadIndexes(ctx.store);
  return {
    namespace: add(ctx, new NamespaceController(ctx)),
    serviceAccounts: add(ctx, new ServiceAccountsController(ctx)),
    rootCACertPublisher: add(ctx, new RootCACertPublisher(ctx)),
  };
}

/** Registers the ReplicaSet, ReplicationController and DaemonSet controllers. */
export function installReplicaControllers(ctx: ControllerContext): Pick<WorkloadControllers, 'replicaSet' | 'replicationController' | 'daemonSet'> {
  return {
    replicaSet: add(ctx, new ReplicaSetController(ctx, REPLICA_SET_FLAVOR)),
    replicationController: add(ctx, new ReplicaSetController(ctx, REPLICATION_CONTROLLER_FLAVOR)),
    daemonSet: add(ctx, new DaemonSetsController(ctx)),
  };
}

/** Registers the garbage collector and the pod garbage collector. */
export function installGarbageCollectors(ctx: ControllerContext): Pick<WorkloadControllers, 'garbageCollector' | 'podGC'> {
  return {
    garbageCollector: add(ctx, new GarbageCollector(ctx)),
    podGC: add(ctx, new PodGCController(ctx)),
  };
}

/** Registers every controller on the engine's runtime. */
export function installControllers(engine: Engine): void {
  const ctx: ControllerContext = { runtime: engine.runtime, store: engine.store, recorder: engine.recorder };

  installNamespaceControllers(ctx);

  // ---- Deployment controller (owned by the deployment/ author): register it on the line below.
  installDeploymentController(ctx);
  // ---- end Deployment controller

  installReplicaControllers(ctx);

  // ---- Node lifecycle controller (owned by the nodelifecycle/ author): register it on the line below.
  installNodeLifecycleControllers(engine);
  // ---- end node lifecycle controller

  installGarbageCollectors(ctx);

  // ---- Service controllers (owned by the network author, issue 3): endpoints, endpointslice, service LB.
  installServiceControllers(ctx);
  // ---- end Service controllers
}
