import type { Resource } from '../../platform/resource.js';
import { operations as adviceOperations } from './adviceOperations.js';
import { operations } from './operations.js';

export const performanceAdvisor: Resource = { name: 'performanceAdvisor', operations: [...operations, ...adviceOperations], collections: [], eventTypes: {} };
