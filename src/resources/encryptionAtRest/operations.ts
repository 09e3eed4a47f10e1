import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Services } from '../../platform/services.js';
import { GroupIdParam, ObjectIdString, StringEnum } from '../../platform/schemas.js';
import { createEndpoint, deleteEndpoint, endpointView, getEndpoint, listEndpoints, type Scheduling } from './endpoints.js';
import { encryptionView, getEncryption, updateEncryption } from './keys.js';

const TAG = 'Encryption at Rest using Customer Key Management';
const params = Type.Object({ groupId: GroupIdParam });
const providerParams = Type.Object({ groupId: GroupIdParam, cloudProvider: StringEnum(['AZURE', 'AWS']) });
const endpointParams = Type.Object({
  groupId: GroupIdParam,
  cloudProvider: StringEnum(['AZURE', 'AWS']),
  endpointId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the private endpoint.'),
});

export const scheduling = (services: Services): Scheduling => ({
  schedule: (tx, req) => services.scheduler.schedule(tx, req),
  lifecycle: (step) => services.lifecycle(step),
});

export const operations = [
  defineOperation({
    operationId: 'getGroupEncryptionAtRest',
    classicId: 'getEncryptionAtRest',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest',
    tag: TAG,
    summary: 'Return One Configuration for Encryption at Rest using Customer-Managed Keys for One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    versions: fromContract('getGroupEncryptionAtRest'),
    async handler(ctx) {
      return encryptionView(await getEncryption(ctx.services.store, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupEncryptionAtRest',
    classicId: 'updateEncryptionAtRest',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest',
    tag: TAG,
    summary: 'Update Configuration for Encryption at Rest using Customer-Managed Keys for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('updateGroupEncryptionAtRest'),
    async handler(ctx) {
      const body = ctx.body as Parameters<typeof updateEncryption>[2];
      return encryptionView(await ctx.services.store.write((tx) => updateEncryption(tx, ctx.params.groupId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'listGroupEncryptionAtRestPrivateEndpoints',
    classicId: 'getEncryptionAtRestPrivateEndpointsForCloudProvider',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints',
    tag: TAG,
    summary: 'Return Private Endpoints of One Cloud Provider for Encryption at Rest',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: providerParams,
    paginated: true,
    versions: fromContract('listGroupEncryptionAtRestPrivateEndpoints'),
    async handler(ctx) {
      return ctx.listAll(await listEndpoints(ctx.services.store, ctx.params.groupId, ctx.params.cloudProvider), endpointView);
    },
  }),
  defineOperation({
    operationId: 'createGroupEncryptionAtRestPrivateEndpoint',
    classicId: 'createEncryptionAtRestPrivateEndpoint',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints',
    tag: TAG,
    summary: 'Create One Private Endpoint in a Region for Encryption at Rest',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: providerParams,
    versions: fromContract('createGroupEncryptionAtRestPrivateEndpoint'),
    async handler(ctx) {
      const { regionName } = ctx.body as { regionName?: string };
      const provider = ctx.params.cloudProvider as 'AWS' | 'AZURE';
      const e = await ctx.services.store.write((tx) =>
        createEndpoint(tx, ctx.params.groupId, provider, regionName, ctx.actor, ctx.now, scheduling(ctx.services)),
      );
      return endpointView(e);
    },
  }),
  defineOperation({
    operationId: 'getGroupEncryptionAtRestPrivateEndpoint',
    classicId: 'getEncryptionAtRestPrivateEndpoint',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints/{endpointId}',
    tag: TAG,
    summary: 'Return One Private Endpoint for Encryption at Rest',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: endpointParams,
    versions: fromContract('getGroupEncryptionAtRestPrivateEndpoint'),
    async handler(ctx) {
      return endpointView(await getEndpoint(ctx.services.store, ctx.params.groupId, ctx.params.cloudProvider, ctx.params.endpointId));
    },
  }),
  defineOperation({
    operationId: 'requestGroupEncryptionAtRestPrivateEndpointDeletion',
    classicId: 'requestEncryptionAtRestPrivateEndpointDeletion',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints/{endpointId}',
    tag: TAG,
    summary: 'Delete One Private Endpoint for Encryption at Rest',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: endpointParams,
    versions: fromContract('requestGroupEncryptionAtRestPrivateEndpointDeletion'),
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        deleteEndpoint(tx, ctx.params.groupId, ctx.params.cloudProvider, ctx.params.endpointId, ctx.actor, ctx.now, scheduling(ctx.services)),
      );
    },
  }),
];
