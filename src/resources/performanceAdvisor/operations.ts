import { Type } from '@sinclair/typebox';
import { getManagedSlowMs, setManagedSlowMs } from '../projectSettings/projectSettings.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';

const params = Type.Object({ groupId: GroupIdParam });

/** Enable and disable: the same call, asking for the other setting. */
function toggle(operationId: string, classicId: string, method: 'POST' | 'DELETE', action: string, summary: string, enabled: boolean) {
  return defineOperation({
    operationId,
    classicId,
    method,
    path: `/api/atlas/v2/groups/{groupId}/managedSlowMs/${action}`,
    tag: 'Performance Advisor',
    summary,
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    rateLimit: 'managedSlowMs',
    versions: { '2023-01-01': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) => setManagedSlowMs(tx, ctx.params.groupId, enabled, ctx.actor, ctx.now));
    },
  });
}

// Atlas puts these three in its "Performance Advisor" endpoint set, one token
// bucket per project (see RATE_LIMIT_DEFAULTS.managedSlowMs).
export const operations = [
  defineOperation({
    operationId: 'getGroupManagedSlowMs',
    classicId: 'getManagedSlowMs',
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
  toggle('enableGroupManagedSlowMs', 'enableSlowOperationThresholding', 'POST', 'enable', 'Enable Managed Slow Operation Threshold', true),
  toggle('disableGroupManagedSlowMs', 'disableSlowOperationThresholding', 'DELETE', 'disable', 'Disable Managed Slow Operation Threshold', false),
];
