import type { Resource } from '../../platform/resource.js';
import { operations } from './operations.js';

// The feeds read what every other resource records; they own no collection of their own.
export const events: Resource = { name: 'events', operations, collections: [], eventTypes: {} };
