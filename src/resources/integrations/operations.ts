import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam, StringEnum } from '../../platform/schemas.js';
import { deleteIntegration, getIntegration, integrationView, INTEGRATION_TYPES, listIntegrations, putIntegration } from './integrations.js';

// Atlas records no events for integrations.
const TAG = 'Third-Party Integrations';
const params = Type.Object({ groupId: GroupIdParam });
const typeParams = Type.Object({ groupId: GroupIdParam, integrationType: StringEnum(INTEGRATION_TYPES) });

export const operations = [
  defineOperation({
    operationId: 'listGroupIntegrations',
    classicId: 'listThirdPartyIntegrations',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/integrations',
    tag: TAG,
    summary: 'Return All Active Third-Party Service Integrations',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    paginated: true,
    versions: fromContract('listGroupIntegrations'),
    async handler(ctx) {
      return ctx.listAll(await listIntegrations(ctx.services.store, ctx.params.groupId), integrationView);
    },
  }),
  defineOperation({
    operationId: 'getGroupIntegration',
    classicId: 'getThirdPartyIntegration',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/integrations/{integrationType}',
    tag: TAG,
    summary: 'Return One Third-Party Service Integration',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: typeParams,
    versions: fromContract('getGroupIntegration'),
    async handler(ctx) {
      return integrationView(await getIntegration(ctx.services.store, ctx.params.groupId, ctx.params.integrationType));
    },
  }),
  ...(['createGroupIntegration', 'updateGroupIntegration'] as const).map((operationId) =>
    defineOperation({
      operationId,
      classicId: operationId === 'createGroupIntegration' ? 'createThirdPartyIntegration' : 'updateThirdPartyIntegration',
      method: operationId === 'createGroupIntegration' ? 'POST' : 'PUT',
      path: '/api/atlas/v2/groups/{groupId}/integrations/{integrationType}',
      tag: TAG,
      summary: operationId === 'createGroupIntegration' ? 'Configure One Third-Party Service Integration' : 'Update One Third-Party Service Integration',
      access: { scope: 'project', role: 'GROUP_OWNER' },
      params: typeParams,
      paginated: true,
      versions: fromContract(operationId),
      async handler(ctx) {
        const body = ctx.body as Record<string, unknown>;
        const replace = operationId === 'updateGroupIntegration';
        await ctx.services.store.write((tx) => putIntegration(tx, ctx.params.groupId, ctx.params.integrationType, body, replace));
        return ctx.listAll(await listIntegrations(ctx.services.store, ctx.params.groupId), integrationView);
      },
    }),
  ),
  defineOperation({
    operationId: 'deleteGroupIntegration',
    classicId: 'deleteThirdPartyIntegration',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/integrations/{integrationType}',
    tag: TAG,
    summary: 'Remove One Third-Party Service Integration',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: typeParams,
    versions: fromContract('deleteGroupIntegration'),
    async handler(ctx) {
      await ctx.services.store.write((tx) => deleteIntegration(tx, ctx.params.groupId, ctx.params.integrationType));
    },
  }),
];
