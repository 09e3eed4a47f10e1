import { Type } from '@sinclair/typebox';
import { getManagedSlowMs, setManagedSlowMs } from '../domain/projectSettings.js';
import { defineOperation } from '../http/operation.js';
import { GroupIdParam } from './schemas.js';

const params = Type.Object({ groupId: GroupIdParam });

// Atlas puts these three in its "Performance Advisor" endpoint set, one token
// bucket per project (see RATE_LIMIT_DEFAULTS.managedSlowMs).
export const operations = [
  defineOperation({
    operationId: 'getManagedSlowMs',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/managedSlowMs',
    tag: 'Performance Advisor',
    summary: 'Return Managed Slow Operation Threshold Status',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    rateLimit: 'managedSlowMs',
    versions: { '2023-01-01': { response: Type.Boolean({ title: 'ManagedSlowMs' }) } },
    async handler(ctx) {
      return getManagedSlowMs(ctx.services.store, ctx.params.groupId);
    },
  }),
  defineOperation({
    operationId: 'enableSlowOperationThresholding',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/managedSlowMs/enable',
    tag: 'Performance Advisor',
    summary: 'Enable Managed Slow Operation Threshold',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    rateLimit: 'managedSlowMs',
    versions: { '2023-01-01': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) => setManagedSlowMs(tx, ctx.params.groupId, true, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'disableSlowOperationThresholding',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/managedSlowMs/disable',
    tag: 'Performance Advisor',
    summary: 'Disable Managed Slow Operation Threshold',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    rateLimit: 'managedSlowMs',
    versions: { '2023-01-01': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) => setManagedSlowMs(tx, ctx.params.groupId, false, ctx.actor, ctx.now));
    },
  }),
];
