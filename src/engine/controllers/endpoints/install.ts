/** Registers the Service-related controllers of kube-controller-manager and the cloud provider. */
import type { ControllerContext } from '../../client/controller';
import { EndpointsController } from './endpoints_controller';
import { EndpointSliceController } from '../endpointslice/endpointslice_controller';
import { ServiceLBController } from '../servicelb/service_controller';

/** The controllers installServiceControllers registers. */
export interface ServiceControllers {
  endpoints: EndpointsController;
  endpointSlice: EndpointSliceController;
  serviceLB: ServiceLBController;
}

/** Registers the endpoints, endpointslice and service (load balancer) controllers, in that order. */
export function installServiceControllers(ctx: ControllerContext): ServiceControllers {
  return {
    endpoints: ctx.runtime.register(new EndpointsController(ctx)),
    endpointSlice: ctx.runtime.register(new EndpointSliceController(ctx)),
    serviceLB: ctx.runtime.register(new ServiceLBController(ctx)),
  };
}
