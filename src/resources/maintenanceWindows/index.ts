import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { MAINTENANCE_WINDOWS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations, scheduling } from './operations.js';
import { onWindowStart, TIMER } from './window.js';

export const maintenanceWindows: Resource = {
  name: 'maintenanceWindows',
  operations,
  collections: [MAINTENANCE_WINDOWS],
  eventTypes: EVENT_TYPES,
  timers(services) {
    services.scheduler.on(TIMER, (tx, t) => onWindowStart(tx, t.ref, t.due, scheduling(services)));
  },
  subscribes: [
    on(projectDeleted, async (tx, project) => {
      await tx.delete(MAINTENANCE_WINDOWS, project.id);
      await tx.cancelTimers(project.id, TIMER);
    }),
  ],
};
