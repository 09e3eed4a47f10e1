import type { FastifyInstance } from 'fastify';
import type { Operation } from '../http/operation.js';
import type { Services } from '../services.js';
import { operations as alertConfigs } from './alertConfigs.js';
import { operations as apiKeys } from './apiKeys.js';
import { operations as auditing } from './auditing.js';
import { operations as clusters } from './clusters.js';
import { operations as events } from './events.js';
import { operations as monitoring } from './monitoring.js';
import { operations as organizations } from './organizations.js';
import { operations as performanceAdvisor } from './performanceAdvisor.js';
import { operations as pipelines } from './pipelines.js';
import { operations as privateEndpoints } from './privateEndpoints.js';
import { operations as processes } from './processes.js';
import { operations as projects } from './projects.js';
import { operations as serverless } from './serverless.js';
import { operations as serviceAccounts } from './serviceAccounts.js';
import { registerMonitoringControl } from '../control/monitoring.js';
import { registerPrivateEndpointFaultRoutes } from '../control/privateEndpointFaults.js';

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
