import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { EAR_PRIVATE_ENDPOINTS, ENCRYPTION_AT_REST } from './collections.js';
import { onAdvance, onDeleted, STEPS, TIMERS } from './endpoints.js';
import { EVENT_TYPES } from './events.js';
import { operations, scheduling } from './operations.js';

export const encryptionAtRest: Resource = {
  name: 'encryptionAtRest',
  operations,
  collections: [ENCRYPTION_AT_REST, EAR_PRIVATE_ENDPOINTS],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: STEPS,
  timers(services) {
    const sched = scheduling(services);
    services.scheduler.on(TIMERS.advance, (tx, t) => onAdvance(tx, t.ref, t.due, sched));
    services.scheduler.on(TIMERS.deleted, (tx, t) => onDeleted(tx, t.ref));
  },
  subscribes: [
    on(projectDeleted, async (tx, project) => {
      await tx.delete(ENCRYPTION_AT_REST, project.id);
      await tx.deleteChildren(EAR_PRIVATE_ENDPOINTS, project.id);
    }),
  ],
};
