import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Services } from '../../platform/services.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { deferMaintenance, getWindow, resetWindow, toggleAutoDefer, updateWindow, windowView, type Scheduling, type WindowChanges } from './window.js';

const TAG = 'Maintenance Windows';
const params = Type.Object({ groupId: GroupIdParam });
// The preview version of these operations is not served.
const DATED = { only: ['2023-01-01'] };

export const scheduling = (services: Services): Scheduling => ({ schedule: (tx, req) => services.scheduler.schedule(tx, req) });

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
      return windowView(await getWindow(ctx.services.store, ctx.params.groupId));
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
      await ctx.services.store.write((tx) => updateWindow(tx, ctx.params.groupId, body, ctx.actor, ctx.now, scheduling(ctx.services)));
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
      await ctx.services.store.write((tx) => resetWindow(tx, ctx.params.groupId, ctx.actor, ctx.now));
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
      await ctx.services.store.write((tx) => toggleAutoDefer(tx, ctx.params.groupId, ctx.actor, ctx.now, scheduling(ctx.services)));
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
      await ctx.services.store.write((tx) => deferMaintenance(tx, ctx.params.groupId, ctx.actor, ctx.now, scheduling(ctx.services)));
    },
  }),
];
