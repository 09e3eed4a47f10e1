import type { FastifyInstance } from 'fastify';
import type { Operation } from '../platform/http/operation.js';
import type { Services } from '../platform/services.js';
import { operations as alertConfigs } from '../resources/alertConfigs/operations.js';
import { operations as apiKeys } from '../resources/apiKeys/operations.js';
import { operations as auditing } from '../resources/projectSettings/operations.js';
import { operations as clusters } from '../resources/clusters/operations.js';
import { operations as events } from '../resources/events/operations.js';
import { operations as monitoring } from '../resources/monitoring/operations.js';
import { operations as organizations } from '../resources/organizations/operations.js';
import { operations as performanceAdvisor } from '../resources/performanceAdvisor/operations.js';
import { operations as pipelines } from '../resources/pipelines/operations.js';
import { operations as privateEndpoints } from '../resources/privateEndpoints/operations.js';
import { operations as processes } from '../resources/clusters/processOperations.js';
import { operations as projects } from '../resources/projects/operations.js';
import { operations as serverless } from '../resources/serverless/operations.js';
import { operations as serviceAccounts } from '../resources/serviceAccounts/operations.js';
import { registerMonitoringControl } from '../resources/monitoring/control.js';
import { registerPrivateEndpointFaultRoutes } from '../resources/privateEndpoints/control.js';

/** Every Atlas operation this server serves. Routing, validation and the OpenAPI document come from this list. */
export const OPERATIONS: Operation[] = [
  ...organizations,
  ...projects,
  ...alertConfigs,
  ...auditing,
  ...performanceAdvisor,
  ...apiKeys,
  ...serviceAccounts,
  ...clusters,
  ...processes,
  ...monitoring,
  ...events,
  ...serverless,
  ...pipelines,
  ...privateEndpoints,
];

/**
 * Modules' own control endpoints (under /__emulator/, e.g. "make the next
 * private endpoint service fail"), registered beside the built-in ones.
 */
export const CONTROL_ROUTES: ((app: FastifyInstance, services: Services) => void)[] = [
  registerPrivateEndpointFaultRoutes,
  registerMonitoringControl,
];
