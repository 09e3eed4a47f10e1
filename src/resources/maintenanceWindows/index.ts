import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { MAINTENANCE_WINDOWS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations, scheduling } from './operations.js';
import { onWindowStart, TIMER } from './window.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer } from '../../platform/store/types.js';

export const maintenanceWindows: Resource = {
  name: 'maintenanceWindows',
  operations,
  collections: [MAINTENANCE_WINDOWS],
  eventTypes: EVENT_TYPES,
  lifecycles: [
    // A window starts on its weekday and hour (window.ts keeps the next one scheduled).
    defineLifecycle<Timer, 'start'>({
      name: 'maintenance',
      load: async (_cmd, timer) => timer,
      transitions: { start: { run: ({ tx, effects }, t) => onWindowStart(tx, t.ref, t.due, scheduling(effects)) } },
    }),
  ],
  subscribes: [
    on(projectDeleted, async (tx, project) => {
      await tx.delete(MAINTENANCE_WINDOWS, project.id);
      await tx.cancelTimers(project.id, TIMER);
    }),
  ],
};
