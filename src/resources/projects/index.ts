import type { Resource } from '../../platform/resource.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const projects: Resource = { name: 'projects', operations, collections: [PROJECTS], eventTypes: EVENT_TYPES };
