import { eventTypesOf, lifecycleDefaultsOf, operationsOf, type Resource } from '../platform/resource.js';
import { accessList } from './accessList/index.js';
import { alertConfigs } from './alertConfigs/index.js';
import { apiKeys } from './apiKeys/index.js';
import { cloudProviderAccess } from './cloudProviderAccess/index.js';
import { clusters } from './clusters/index.js';
import { cloudBackups } from './cloudBackups/index.js';
import { customDbRoles } from './customDbRoles/index.js';
import { databaseUsers } from './databaseUsers/index.js';
import { encryptionAtRest } from './encryptionAtRest/index.js';
import { events } from './events/index.js';
import { flexClusters } from './flexClusters/index.js';
import { integrations } from './integrations/index.js';
import { maintenanceWindows } from './maintenanceWindows/index.js';
import { monitoring } from './monitoring/index.js';
import { networkPeering } from './networkPeering/index.js';
import { organizations } from './organizations/index.js';
import { people } from './people/index.js';
import { performanceAdvisor } from './performanceAdvisor/index.js';
import { pipelines } from './pipelines/index.js';
import { privateEndpoints } from './privateEndpoints/index.js';
import { projects } from './projects/index.js';
import { projectSettings } from './projectSettings/index.js';
import { searchDeployment } from './searchDeployment/index.js';
import { searchIndexes } from './searchIndexes/index.js';
import { serverless } from './serverless/index.js';
import { serviceAccounts } from './serviceAccounts/index.js';
import { streams } from './streams/index.js';

/**
 * Every Atlas resource family this server serves: the only list. Routing, timers,
 * hooks, control endpoints, event types and lifecycle settings are wired from it.
 * Order matters only where hooks of the same point run (subscribers run in list order).
 */
export const RESOURCES: Resource[] = [
  organizations,
  projects,
  alertConfigs,
  projectSettings,
  performanceAdvisor,
  apiKeys,
  serviceAccounts,
  clusters,
  cloudBackups,
  monitoring,
  events,
  serverless,
  flexClusters,
  pipelines,
  privateEndpoints,
  people,
  customDbRoles,
  databaseUsers,
  accessList,
  cloudProviderAccess,
  encryptionAtRest,
  maintenanceWindows,
  integrations,
  networkPeering,
  searchIndexes,
  searchDeployment,
  streams,
];

/** Every operation served, in list order. */
export const OPERATIONS = operationsOf(RESOURCES);

/** Every event type recorded, by name. */
export const EVENT_TYPES = eventTypesOf(RESOURCES);

/** Default durations of every lifecycle step, by step name. */
export const LIFECYCLE_DEFAULTS = lifecycleDefaultsOf(RESOURCES);
