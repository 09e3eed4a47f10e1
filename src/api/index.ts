import type { Operation } from '../http/operation.js';
import { operations as alertConfigs } from './alertConfigs.js';
import { operations as organizations } from './organizations.js';
import { operations as projects } from './projects.js';

/** Every Atlas operation this server serves. Routing, validation and the OpenAPI document come from this list. */
export const OPERATIONS: Operation[] = [...organizations, ...projects, ...alertConfigs];
