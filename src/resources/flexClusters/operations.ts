import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { defineOperation, Reply } from '../../platform/http/operation.js';
import { requireProjectRole } from '../../platform/roles.js';
import { getProject } from '../projects/projects.js';
import { clusterScheduling, type ClusterInput } from '../clusters/clusters.js';
import { createFlex, deleteFlex, flexRuntime, getFlex, listFlex, updateFlex, type FlexChanges, type NewFlex } from './flex.js';
import { upgradeFlexCluster, upgradeFreeCluster, type LegacyUpgradeRequest } from './upgrades.js';
import { flexView, legacyClusterView, legacyFlexView } from './views.js';

const TAG = 'Flex Clusters';
const GroupParams = Type.Object({ groupId: GroupIdParam });
const Params = Type.Object({ groupId: GroupIdParam, name: ClusterNameParam });

export const operations = [
  defineOperation({
    operationId: 'listGroupFlexClusters',
    classicId: 'listFlexClusters',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters',
    tag: TAG,
    summary: 'Return All Flex Clusters from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupParams,
    paginated: true,
    versions: fromContract('listGroupFlexClusters'),
    async handler(ctx) {
      return ctx.listAll(await listFlex(ctx.services.store, ctx.params.groupId), (f) => flexView(f, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupFlexCluster',
    classicId: 'createFlexCluster',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters',
    tag: TAG,
    summary: 'Create One Flex Cluster in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    versions: fromContract('createGroupFlexCluster'),
    async handler(ctx) {
      const f = await ctx.services.store.write((tx) =>
        createFlex(tx, flexRuntime(ctx.services), ctx.params.groupId, ctx.body as NewFlex, ctx.actor, ctx.now),
      );
      return new Reply(201, flexView(f, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'getGroupFlexCluster',
    classicId: 'getFlexCluster',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}',
    tag: TAG,
    summary: 'Return One Flex Cluster from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    versions: fromContract('getGroupFlexCluster'),
    async handler(ctx) {
      return flexView(await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupFlexCluster',
    classicId: 'updateFlexCluster',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}',
    tag: TAG,
    summary: 'Update One Flex Cluster in One Project',
    // As for clusters: cluster managers change them; termination protection is the project owner's to change.
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: fromContract('updateGroupFlexCluster'),
    async handler(ctx) {
      const changes = ctx.body as FlexChanges;
      if (changes.terminationProtectionEnabled !== undefined) {
        const current = await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name);
        if (changes.terminationProtectionEnabled !== current.terminationProtectionEnabled) {
          const project = await getProject(ctx.services.store, ctx.params.groupId);
          requireProjectRole(ctx.principal, project.id, project.orgId, 'GROUP_OWNER');
        }
      }
      const f = await ctx.services.store.write((tx) =>
        updateFlex(tx, flexRuntime(ctx.services), ctx.params.groupId, ctx.params.name, changes, ctx.actor, ctx.now),
      );
      return flexView(f, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupFlexCluster',
    classicId: 'deleteFlexCluster',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}',
    tag: TAG,
    summary: 'Remove One Flex Cluster from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Params,
    versions: fromContract('deleteGroupFlexCluster'),
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        deleteFlex(tx, flexRuntime(ctx.services), ctx.params.groupId, ctx.params.name, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'tenantGroupFlexClusterUpgrade',
    classicId: 'upgradeFlexCluster',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters:tenantUpgrade',
    tag: TAG,
    summary: 'Upgrade One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: GroupParams,
    versions: fromContract('tenantGroupFlexClusterUpgrade'),
    async handler(ctx) {
      const f = await ctx.services.store.write((tx) =>
        upgradeFlexCluster(
          tx,
          clusterScheduling(ctx.services),
          ctx.params.groupId,
          ctx.body as ClusterInput & { name: string },
          ctx.actor,
          ctx.now,
        ),
      );
      return flexView(f, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'upgradeGroupClusterTenantUpgrade',
    classicId: 'upgradeSharedCluster',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/tenantUpgrade',
    tag: 'Clusters',
    summary: 'Upgrade One Free Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: GroupParams,
    versions: fromContract('upgradeGroupClusterTenantUpgrade'),
    async handler(ctx) {
      const result = await ctx.services.store.write((tx) =>
        upgradeFreeCluster(
          tx,
          flexRuntime(ctx.services),
          clusterScheduling(ctx.services),
          ctx.params.groupId,
          ctx.body as LegacyUpgradeRequest,
          ctx.actor,
          ctx.now,
        ),
      );
      return result.kind === 'flex' ? legacyFlexView(result.flex, ctx.link) : legacyClusterView(result.cluster, ctx.link);
    },
  }),
];
