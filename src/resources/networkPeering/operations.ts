import { Type } from '@sinclair/typebox';
import { contractQuery, fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam, StringEnum } from '../../platform/schemas.js';
import { errors } from '../../platform/errors.js';
import { getProject } from '../projects/projects.js';
import { containerView, createContainer, deleteContainer, getContainer, listContainers, updateContainer, type ContainerInput } from './containers.js';
import type { Provider } from './model.js';
import { createPeer, deletePeer, getPeer, listPeers, peerView, updatePeer, type PeerInput } from './peers.js';

const TAG = 'Network Peering';
const HEX24 = Type.String({ pattern: '^([a-f0-9]{24})$' });
const Group = Type.Object({ groupId: GroupIdParam });
const Container = Type.Object({ groupId: GroupIdParam, containerId: HEX24 });
const Peer = Type.Object({ groupId: GroupIdParam, peerId: HEX24 });
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_OWNER' } as const;
// The contract's routeTableCidrBlock pattern matches a bare address, yet Atlas takes (and its
// clients send) a network in CIDR notation such as 10.0.0.0/16; peers.ts checks it.
const cidrField = { set: { routeTableCidrBlock: Type.String() } };
// Atlas answers without providerName (AWS is its default), though the contract marks it required.
const ProviderQuery = Type.Object({ providerName: Type.Optional(StringEnum(['AWS', 'AZURE', 'GCP'], { default: 'AWS' })) });

export const operations = [
  defineOperation({
    operationId: 'listGroupContainers', classicId: 'listPeeringContainerByCloudProvider',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/containers', tag: TAG,
    summary: 'Return All Network Peering Containers in One Project for One Cloud Provider',
    access: READ, params: Group, query: ProviderQuery, paginated: true,
    versions: fromContract('listGroupContainers'),
    async handler(ctx) {
      const all = await listContainers(ctx.store, ctx.params.groupId, (ctx.query.providerName ?? 'AWS') as Provider);
      return ctx.listAll(all, containerView);
    },
  }),
  defineOperation({
    operationId: 'listGroupContainerAll', classicId: 'listPeeringContainers',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/containers/all', tag: TAG,
    summary: 'Return All Network Peering Containers in One Project',
    access: READ, params: Group, paginated: true,
    versions: fromContract('listGroupContainerAll'),
    async handler(ctx) {
      return ctx.listAll(await listContainers(ctx.store, ctx.params.groupId), containerView);
    },
  }),
  defineOperation({
    operationId: 'createGroupContainer', classicId: 'createPeeringContainer',
    method: 'POST', path: '/api/atlas/v2/groups/{groupId}/containers', tag: TAG,
    summary: 'Create One New Network Peering Container',
    access: WRITE, params: Group,
    versions: fromContract('createGroupContainer', { status: 201 }),
    async handler(ctx) {
      const body = ctx.body as ContainerInput;
      return containerView(await ctx.command((cmd) => createContainer(cmd, ctx.params.groupId, body)));
    },
  }),
  defineOperation({
    operationId: 'getGroupContainer', classicId: 'getPeeringContainer',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/containers/{containerId}', tag: TAG,
    summary: 'Return One Network Peering Container',
    access: READ, params: Container,
    versions: fromContract('getGroupContainer'),
    async handler(ctx) {
      return containerView(await getContainer(ctx.store, ctx.params.groupId, ctx.params.containerId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupContainer', classicId: 'updatePeeringContainer',
    method: 'PATCH', path: '/api/atlas/v2/groups/{groupId}/containers/{containerId}', tag: TAG,
    summary: 'Update One Network Peering Container',
    access: WRITE, params: Container,
    versions: fromContract('updateGroupContainer'),
    async handler(ctx) {
      const body = ctx.body as ContainerInput;
      return containerView(await ctx.command((cmd) => updateContainer(cmd, ctx.params.groupId, ctx.params.containerId, body)));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupContainer', classicId: 'deletePeeringContainer',
    method: 'DELETE', path: '/api/atlas/v2/groups/{groupId}/containers/{containerId}', tag: TAG,
    summary: 'Remove One Network Peering Container',
    access: WRITE, params: Container,
    versions: fromContract('deleteGroupContainer'),
    async handler(ctx) {
      await ctx.command((cmd) => deleteContainer(cmd, ctx.params.groupId, ctx.params.containerId));
    },
  }),
  defineOperation({
    operationId: 'listGroupPeers', classicId: 'listPeeringConnections',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/peers', tag: TAG,
    summary: 'Return All Network Peering Connections in One Project',
    access: READ, params: Group, query: contractQuery('listGroupPeers'), paginated: true,
    versions: fromContract('listGroupPeers'),
    async handler(ctx) {
      const provider = ((ctx.query as { providerName?: string }).providerName ?? 'AWS') as Provider;
      return ctx.listAll(await listPeers(ctx.store, ctx.params.groupId, provider), peerView);
    },
  }),
  defineOperation({
    operationId: 'createGroupPeer', classicId: 'createPeeringConnection',
    method: 'POST', path: '/api/atlas/v2/groups/{groupId}/peers', tag: TAG,
    summary: 'Create One Network Peering Connection',
    access: WRITE, params: Group,
    versions: fromContract('createGroupPeer', { status: 201, body: cidrField }),
    async handler(ctx) {
      const body = ctx.body as PeerInput;
      return peerView(await ctx.command((cmd) => createPeer(cmd, ctx.params.groupId, body)));
    },
  }),
  defineOperation({
    operationId: 'getGroupPeer', classicId: 'getPeeringConnection',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/peers/{peerId}', tag: TAG,
    summary: 'Return One Network Peering Connection in One Project',
    access: READ, params: Peer,
    versions: fromContract('getGroupPeer'),
    async handler(ctx) {
      return peerView(await getPeer(ctx.store, ctx.params.groupId, ctx.params.peerId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupPeer', classicId: 'updatePeeringConnection',
    method: 'PATCH', path: '/api/atlas/v2/groups/{groupId}/peers/{peerId}', tag: TAG,
    summary: 'Update One Network Peering Connection',
    access: WRITE, params: Peer,
    versions: fromContract('updateGroupPeer', { body: cidrField }),
    async handler(ctx) {
      const body = ctx.body as PeerInput;
      return peerView(await ctx.command((cmd) => updatePeer(cmd, ctx.params.groupId, ctx.params.peerId, body)));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupPeer', classicId: 'deletePeeringConnection',
    method: 'DELETE', path: '/api/atlas/v2/groups/{groupId}/peers/{peerId}', tag: TAG,
    summary: 'Remove One Existing Network Peering Connection',
    access: WRITE, params: Peer,
    versions: fromContract('deleteGroupPeer'),
    async handler(ctx) {
      await ctx.command((cmd) => deletePeer(cmd, ctx.params.groupId, ctx.params.peerId));
      return {};
    },
  }),
  defineOperation({
    operationId: 'verifyGroupPrivateIpMode', classicId: 'verifyConnectViaPeeringOnlyModeForOneProject',
    method: 'GET', path: '/api/atlas/v2/groups/{groupId}/privateIpMode', tag: TAG,
    summary: 'Verify Connect via Peering-Only Mode for One Project',
    access: READ, params: Group,
    versions: fromContract('verifyGroupPrivateIpMode'),
    async handler(ctx) {
      await getProject(ctx.store, ctx.params.groupId);
      return { enabled: false };
    },
  }),
  defineOperation({
    operationId: 'disableGroupPrivateIpModePeering', classicId: 'disablePeering',
    method: 'PATCH', path: '/api/atlas/v2/groups/{groupId}/privateIpMode', tag: TAG,
    summary: 'Disable Connect via Peering-Only Mode for One Project',
    access: WRITE, params: Group,
    versions: fromContract('disableGroupPrivateIpModePeering'),
    async handler(ctx) {
      await getProject(ctx.store, ctx.params.groupId);
      // Peering-only mode is retired: it can be turned off (it always is), never on.
      if ((ctx.body as { enabled: boolean }).enabled) throw errors.invalidAttribute('enabled', 'connect via peering-only mode can no longer be enabled');
      return { enabled: false };
    },
  }),
];
