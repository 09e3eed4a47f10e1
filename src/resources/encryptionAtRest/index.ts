import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { EAR_PRIVATE_ENDPOINTS, ENCRYPTION_AT_REST } from './collections.js';
import { onAdvance, onDeleted, STEPS } from './endpoints.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer } from '../../platform/store/types.js';
import { EVENT_TYPES } from './events.js';
import { operations, scheduling } from './operations.js';

export const encryptionAtRest: Resource = {
  name: 'encryptionAtRest',
  operations,
  collections: [ENCRYPTION_AT_REST, EAR_PRIVATE_ENDPOINTS],
  eventTypes: EVENT_TYPES,
  lifecycles: [
    // Endpoints move on (requested, then available) and go when deleted; the rules in endpoints.ts load them.
    defineLifecycle<Timer, 'advance' | 'deleted'>({
      name: 'earPrivateEndpoint',
      load: async (_cmd, timer) => timer,
      durations: STEPS,
      transitions: {
        advance: { run: ({ tx, effects }, t) => onAdvance(tx, t.ref, t.due, scheduling(effects)) },
        deleted: { run: ({ tx }, t) => onDeleted(tx, t.ref) },
      },
    }),
  ],
  subscribes: [
    on(projectDeleted, async (tx, project) => {
      await tx.delete(ENCRYPTION_AT_REST, project.id);
      await tx.deleteChildren(EAR_PRIVATE_ENDPOINTS, project.id);
    }),
  ],
};
