import type { Resource } from '../../platform/resource.js';
import { ORGS } from '../../platform/tenancy.js';
import { operations } from './operations.js';

export const organizations: Resource = { name: 'organizations', operations, collections: [ORGS], eventTypes: {} };
