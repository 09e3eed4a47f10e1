import type { FastifyInstance } from 'fastify';
import type { Operation } from '../http/operation.js';
import type { Services } from '../services.js';
import { operations as alertConfigs } from './alertConfigs.js';
import { operations as clusters } from './clusters.js';
import { operations as organizations } from './organizations.js';
import { operations as processes } from './processes.js';
import { operations as projects } from './projects.js';

/** Every Atlas operation this server serves. Routing, validation and the OpenAPI document come from this list. */
export const OPERATIONS: Operation[] = [...organizations, ...projects, ...alertConfigs, ...clusters, ...processes];

/**
 * Modules' own control endpoints (under /__emulator/, e.g. "make the next
 * private endpoint service fail"), registered beside the built-in ones.
 */
export const CONTROL_ROUTES: ((app: FastifyInstance, services: Services) => void)[] = [];
