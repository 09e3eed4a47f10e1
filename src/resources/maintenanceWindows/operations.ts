import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Effects } from '../../platform/command.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { deferMaintenance, getWindow, resetWindow, toggleAutoDefer, updateWindow, windowView, type Scheduling, type WindowChanges } from './window.js';

const TAG = 'Maintenance Windows';
const params = Type.Object({ groupId: GroupIdParam });
// The preview version of these operations is not served.
const DATED = { only: ['2023-01-01'] };

/** The window's timer, from a command's effects. */
export const scheduling = (effects: Effects): Scheduling => ({ schedule: (_tx, req) => effects.schedule(req) });

export const operations = [
  defineOperation({
    operationId: 'getGroupMaintenanceWindow',
    classicId: 'getMaintenanceWindow',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/maintenanceWindow',
    tag: TAG,
    summary: 'Return One Maintenance Window for One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    versions: fromContract('getGroupMaintenanceWindow', DATED),
    async handler(ctx) {
      return windowView(await getWindow(ctx.store, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupMaintenanceWindow',
    classicId: 'updateMaintenanceWindow',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/maintenanceWindow',
    tag: TAG,
    summary: 'Update Maintenance Window for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('updateGroupMaintenanceWindow', DATED),
    async handler(ctx) {
      const body = ctx.body as WindowChanges;
      await ctx.command(({ tx, effects }) => updateWindow(tx, ctx.params.groupId, body, ctx.actor, ctx.now, scheduling(effects)));
    },
  }),
  defineOperation({
    operationId: 'resetGroupMaintenanceWindow',
    classicId: 'resetMaintenanceWindow',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/maintenanceWindow',
    tag: TAG,
    summary: 'Reset One Maintenance Window for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('resetGroupMaintenanceWindow'),
    async handler(ctx) {
      await ctx.command(({ tx }) => resetWindow(tx, ctx.params.groupId, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'toggleGroupMaintenanceWindowAutoDefer',
    classicId: 'toggleMaintenanceAutoDefer',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/maintenanceWindow/autoDefer',
    tag: TAG,
    summary: 'Toggle Automatic Deferral of Maintenance for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('toggleGroupMaintenanceWindowAutoDefer'),
    async handler(ctx) {
      await ctx.command(({ tx, effects }) => toggleAutoDefer(tx, ctx.params.groupId, ctx.actor, ctx.now, scheduling(effects)));
    },
  }),
  defineOperation({
    operationId: 'deferGroupMaintenanceWindow',
    classicId: 'deferMaintenanceWindow',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/maintenanceWindow/defer',
    tag: TAG,
    summary: 'Defer One Maintenance Window for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('deferGroupMaintenanceWindow'),
    async handler(ctx) {
      await ctx.command(({ tx, effects }) => deferMaintenance(tx, ctx.params.groupId, ctx.actor, ctx.now, scheduling(effects)));
    },
  }),
];
