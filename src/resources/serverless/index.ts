import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { serverlessLifecycle } from './lifecycle.js';
import { operations } from './operations.js';

export const serverless: Resource = {
  name: 'serverless',
  operations,
  collections: [SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS],
  eventTypes: EVENT_TYPES,
  lifecycles: [serverlessLifecycle],
  subscribes: [on(deploymentLookup, ownDeployments('serverless', SERVERLESS_INSTANCES))],
};
