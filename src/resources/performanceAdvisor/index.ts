import type { Resource } from '../../platform/resource.js';
import { operations } from './operations.js';

export const performanceAdvisor: Resource = { name: 'performanceAdvisor', operations, collections: [], eventTypes: {} };
