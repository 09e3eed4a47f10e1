import type { Command } from '../../platform/command.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS } from './collections.js';
import { advanceBackups, firstSlotAfterReady } from './backups.js';
import { recordEvent } from './events.js';
import { instanceEvent, putInstance, type ServerlessDoc, type ServerlessState } from './model.js';

/** Plays the snapshot schedule up to the present and waits for its next change. */
export async function backupsTo(cmd: Command, inst: ServerlessDoc, horizon: number): Promise<void> {
  const next = await advanceBackups(cmd, inst, horizon);
  await serverlessLifecycle.start(cmd, 'backup', inst.id, { due: next });
}

/**
 * CREATING → IDLE ⇄ UPDATING, any → DELETING → gone; while it lives, a snapshot
 * every six hours (backups.ts).
 */
export const serverlessLifecycle = defineLifecycle<ServerlessDoc, 'ready' | 'updated' | 'deleted' | 'backup'>({
  name: 'serverless',
  load: ({ tx }, timer) => tx.get<ServerlessDoc>(SERVERLESS_INSTANCES, timer.ref),
  state: { get: (i) => i.stateName, set: (i, s) => (i.stateName = s as ServerlessState) },
  states: ['CREATING', 'IDLE', 'UPDATING', 'DELETING'],
  durations: { 'serverless.create': 3000, 'serverless.update': 2000, 'serverless.delete': 2000, 'serverless.snapshot': 2000 },
  transitions: {
    ready: {
      duration: 'serverless.create',
      from: ['CREATING'],
      to: 'IDLE',
      records: ['SERVERLESS_INSTANCE_READY'],
      timerId: null,
      run: async (cmd, inst) => {
        inst.nextSlot = firstSlotAfterReady(inst, cmd.now);
        await putInstance(cmd.tx, inst);
        await recordEvent(cmd.tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_READY', cmd.actor, cmd.now));
        await backupsTo(cmd, inst, cmd.now);
      },
    },
    updated: {
      duration: 'serverless.update',
      // A later update restarts the wait: the instance is IDLE once the last change has applied.
      from: ['CREATING', 'IDLE', 'UPDATING'],
      records: ['SERVERLESS_INSTANCE_UPDATE_COMPLETED'],
      run: async (cmd, inst) => {
        if (inst.stateName === 'UPDATING') {
          inst.stateName = 'IDLE';
          await putInstance(cmd.tx, inst);
        }
        await recordEvent(cmd.tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_UPDATE_COMPLETED', cmd.actor, cmd.now));
      },
    },
    deleted: {
      duration: 'serverless.delete',
      records: ['SERVERLESS_INSTANCE_DELETED'],
      timerId: null,
      run: async (cmd, inst) => {
        // Atlas deletes an instance's backups with it.
        await cmd.tx.deleteChildren(SERVERLESS_SNAPSHOTS, inst.id);
        await cmd.tx.delete(SERVERLESS_INSTANCES, inst.id);
        await cmd.effects.cancel(inst.id);
        await recordEvent(cmd.tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_DELETED', cmd.actor, cmd.now));
      },
    },
    backup: {
      from: ['IDLE', 'UPDATING'],
      records: [],
      // Catches up to the present in one pass: nothing else changes an instance's
      // snapshots between its own timers, so the history is the same as step by step.
      run: async (cmd, inst) => {
        if (inst.nextSlot === 0) return;
        await backupsTo(cmd, inst, cmd.effects.present());
      },
    },
  },
});
