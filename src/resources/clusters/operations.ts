import { Type, type Static } from '@sinclair/typebox';
import {
  activeGrant,
  clusterScheduling,
  createCluster,
  featureCompatibilityVersion,
  getCluster,
  grantEmployeeAccess,
  listClusters,
  pinFcv,
  requestClusterDelete,
  revokeEmployeeAccess,
  unpinFcv,
  updateCluster,
  type ClusterDoc,
  type ClusterInput,
  type HardwareSpec,
  type RegionConfig,
} from './clusters.js';
import { ORGS, PROJECTS } from '../../platform/tenancy.js';
import type { Reader } from '../../platform/store/types.js';
import { clusterSummaries, type ClusterSummary } from './hooks.js';
import type { OrgDoc } from '../organizations/orgs.js';
import { clusterDomain, plannedProcesses, replicaSetName } from './processes.js';
import { getProject, type ProjectDoc } from '../projects/projects.js';
import { canSeeProject, requireProjectRole } from '../../platform/roles.js';
import { isoSeconds } from '../../platform/time.js';
import { defineOperation, Reply } from '../../platform/http/operation.js';
import { fromLegacy, LEGACY_HEADERS, LEGACY_VERSION, LegacyClusterIn, LegacyClusterOut, toLegacy } from './legacy.js';
import { ClusterIn, ClusterOut, Empty, GRANT_TYPES } from './schemas.js';
import { ClusterNameParam, DateTime, GroupIdParam, Paginated, StringEnum } from '../../platform/schemas.js';

const TAG = 'Clusters';
const Params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const GroupParams = Type.Object({ groupId: GroupIdParam });
const EffectiveQuery = {
  useEffectiveInstanceFields: Type.Optional(
    Type.Boolean({ default: false, description: 'Reports client-specified and effective hardware separately.' }),
  ),
};

function hardwareView(h: HardwareSpec, providerName: string) {
  if (providerName === 'TENANT') {
    return { effectiveInstanceSize: h.instanceSize, instanceSize: h.instanceSize };
  }
  return {
    diskIOPS: h.diskIOPS,
    diskSizeGB: h.diskSizeGB,
    ebsVolumeType: h.ebsVolumeType,
    instanceSize: h.instanceSize,
    nodeCount: h.nodeCount,
  };
}

function regionView(rc: RegionConfig) {
  const electable = hardwareView(rc.electableSpecs, rc.providerName);
  if (rc.providerName === 'TENANT') {
    return {
      backingProviderName: rc.backingProviderName,
      electableSpecs: electable,
      priority: rc.priority,
      providerName: rc.providerName,
      regionName: rc.regionName,
    };
  }
  const readOnly = rc.readOnlySpecs && hardwareView(rc.readOnlySpecs, rc.providerName);
  const analytics = rc.analyticsSpecs && hardwareView(rc.analyticsSpecs, rc.providerName);
  return {
    analyticsAutoScaling: rc.analyticsAutoScaling,
    analyticsSpecs: analytics,
    autoScaling: rc.autoScaling,
    effectiveAnalyticsSpecs: analytics,
    effectiveElectableSpecs: electable,
    effectiveReadOnlySpecs: readOnly,
    electableSpecs: electable,
    priority: rc.priority,
    providerName: rc.providerName,
    readOnlySpecs: readOnly,
    regionName: rc.regionName,
  };
}

/** Connection strings appear once the cluster was first ready; until then Atlas sends {}. */
export function connectionStrings(c: ClusterDoc): { standard?: string; standardSrv?: string } {
  if (!c.provisioned) return {};
  const srv = `mongodb+srv://${clusterDomain(c)}`;
  const nodes = plannedProcesses(c);
  if (c.clusterType === 'REPLICASET') {
    // Clients connect through the aliases that carry the cluster's name.
    const hosts = nodes.map((p) => `${p.userAlias}:${p.port}`).join(',');
    return { standard: `mongodb://${hosts}/?ssl=true&authSource=admin&replicaSet=${replicaSetName(c, 0)}`, standardSrv: srv };
  }
  const routers = nodes
    .filter((p) => p.typeName === 'SHARD_MONGOS')
    .map((p) => `${p.userAlias}:${p.port}`)
    .join(',');
  return { standard: `mongodb://${routers}/?ssl=true&authSource=admin`, standardSrv: srv };
}

function clusterView(c: ClusterDoc, link: (p: string) => string, now: number): Static<typeof ClusterOut> {
  const self = `/api/atlas/v2/groups/${c.groupId}/clusters/${encodeURIComponent(c.name)}`;
  const grant = activeGrant(c, now);
  return {
    advancedConfiguration: c.advancedConfiguration,
    backupEnabled: c.backupEnabled,
    biConnector: c.biConnector as { enabled?: boolean; readPreference?: 'primary' | 'secondary' | 'analytics' },
    clusterType: c.clusterType as Static<typeof ClusterOut>['clusterType'],
    configServerManagementMode: c.clusterType === 'REPLICASET' ? undefined : c.configServerManagementMode,
    configServerType: c.clusterType === 'REPLICASET' ? undefined : 'DEDICATED',
    connectionStrings: connectionStrings(c),
    createDate: c.createDate,
    diskWarmingMode: c.diskWarmingMode,
    encryptionAtRestProvider: c.encryptionAtRestProvider,
    featureCompatibilityVersion: featureCompatibilityVersion(c),
    featureCompatibilityVersionExpirationDate: c.fcvPin ? isoSeconds(c.fcvPin.expirationDate) : undefined,
    globalClusterSelfManagedSharding: c.globalClusterSelfManagedSharding,
    groupId: c.groupId,
    id: c.id,
    labels: c.labels,
    links: [
      { href: link(self), rel: 'self' },
      { href: link(`${self}/backup/restoreJobs`), rel: 'https://cloud.mongodb.com/restoreJobs' },
      { href: link(`${self}/backup/snapshots`), rel: 'https://cloud.mongodb.com/snapshots' },
    ],
    mongoDBEmployeeAccessGrant: grant
      ? { expirationTime: isoSeconds(grant.expirationTime), grantType: grant.grantType as (typeof GRANT_TYPES)[number] }
      : undefined,
    mongoDBMajorVersion: c.mongoDBMajorVersion,
    mongoDBVersion: c.mongoDBVersion,
    name: c.name,
    paused: c.paused,
    pitEnabled: c.pitEnabled,
    redactClientLogData: c.redactClientLogData,
    replicaSetScalingStrategy: c.replicaSetScalingStrategy,
    replicationSpecs: c.replicationSpecs.map((s) => ({
      id: s.id,
      regionConfigs: s.regionConfigs.map(regionView),
      zoneId: s.zoneId,
      zoneName: s.zoneName,
    })),
    rootCertType: c.rootCertType,
    stateName: c.stateName,
    tags: c.tags,
    terminationProtectionEnabled: c.terminationProtectionEnabled,
    versionReleaseSystem: c.versionReleaseSystem as 'LTS' | 'CONTINUOUS',
  };
}

// 2024-10-23 serves the 2024-08-05 shape (it adds query options only); 2023-02-01 is the older shape.
const v20240805 = (extra: Record<string, unknown> = {}) => ({ response: ClusterOut, ...extra });
const legacy = (extra: Record<string, unknown> = {}) => ({ response: LegacyClusterOut, ...LEGACY_HEADERS, ...extra });

/** The cluster in the shape of the version served. */
function render(version: string, c: ClusterDoc, link: (p: string) => string, now: number) {
  const view = clusterView(c, link, now);
  return version === LEGACY_VERSION ? toLegacy(view) : view;
}

function input(version: string, body: unknown): ClusterInput & Record<string, unknown> {
  return (version === LEGACY_VERSION ? fromLegacy(body as Parameters<typeof fromLegacy>[0]) : body) as ClusterInput &
    Record<string, unknown>;
}

const OrgGroupCluster = Type.Object({
  alertCount: Type.Integer(),
  authEnabled: Type.Boolean(),
  availability: StringEnum(['available', 'dead', 'unavailable', 'warning']),
  backupEnabled: Type.Boolean(),
  clusterId: Type.String(),
  dataSizeBytes: Type.Integer(),
  name: Type.String(),
  nodeCount: Type.Integer(),
  sslEnabled: Type.Boolean(),
  type: StringEnum(['REPLICA_SET', 'SHARDED_CLUSTER']),
  versions: Type.Array(Type.String()),
});

/** The project's clusters, then what other families list among them (Flex clusters). */
async function projectClusterSummaries(store: Reader, groupId: string): Promise<ClusterSummary[]> {
  const own = (await listClusters(store, groupId)).map((c): ClusterSummary => ({
    alertCount: 0,
    authEnabled: true,
    availability: (c.stateName === 'IDLE' || c.stateName === 'UPDATING') && !c.paused ? 'available' : 'unavailable',
    backupEnabled: c.backupEnabled,
    clusterId: c.id,
    dataSizeBytes: 0,
    name: c.name,
    nodeCount: plannedProcesses(c).filter((x) => x.typeName !== 'SHARD_MONGOS').length,
    sslEnabled: true,
    type: c.clusterType === 'REPLICASET' ? 'REPLICA_SET' : 'SHARDED_CLUSTER',
    versions: [c.mongoDBVersion],
  }));
  const others = { groupId, summaries: [] as ClusterSummary[] };
  await clusterSummaries.run(store, others, 0);
  return [...own, ...others.summaries];
}

const OrgGroup = Type.Object(
  {
    clusters: Type.Array(OrgGroupCluster),
    groupId: Type.String(),
    groupName: Type.String(),
    orgId: Type.String(),
    orgName: Type.String(),
    planType: Type.String(),
    tags: Type.Array(Type.String()),
  },
  { title: 'OrgGroup' },
);

const GrantBody = Type.Object(
  {
    expirationTime: DateTime('Expiration date for the employee access grant.'),
    grantType: StringEnum(GRANT_TYPES),
  },
  { additionalProperties: false, title: 'EmployeeAccessGrantView' },
);

const PinBody = Type.Object(
  { expirationDate: Type.Optional(DateTime('Expiration date of the fixed FCV.')) },
  { additionalProperties: false, title: 'PinFCV' },
);

export const operations = [
  defineOperation({
    operationId: 'listClusterDetails',
    classicId: 'listClustersForAllProjects',
    method: 'GET',
    path: '/api/atlas/v2/clusters',
    tag: TAG,
    summary: 'Return All Authorized Clusters in All Projects',
    access: { scope: 'any' },
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(OrgGroup, 'PaginatedOrgGroupView') } },
    async handler(ctx) {
      const store = ctx.services.store;
      const org = await store.get<OrgDoc>(ORGS, ctx.principal.orgId);
      const { items } = await store.list<ProjectDoc>(PROJECTS, ctx.principal.orgId);
      const visible = items.filter((p) => canSeeProject(ctx.principal, p.id, p.orgId));
      return ctx.listAll(visible, async (p) => ({
        clusters: await projectClusterSummaries(store, p.id),
        groupId: p.id,
        groupName: p.name,
        orgId: p.orgId,
        orgName: org?.name ?? '',
        planType: 'Atlas',
        tags: p.tags.map((t) => `${t.key}:${t.value}`),
      }));
    },
  }),
  defineOperation({
    operationId: 'listGroupClusters',
    classicId: 'listClusters',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters',
    tag: TAG,
    summary: 'Return All Clusters in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupParams,
    paginated: true,
    query: Type.Object({
      ...EffectiveQuery,
      includeDeletedWithRetainedBackups: Type.Optional(Type.Boolean({ default: false })),
    }),
    versions: {
      [LEGACY_VERSION]: legacy({ response: Paginated(LegacyClusterOut, 'PaginatedAdvancedClusterDescription') }),
      '2024-08-05': { response: Paginated(ClusterOut, 'PaginatedClusterDescription20240805') },
    },
    async handler(ctx) {
      const all = await listClusters(ctx.services.store, ctx.params.groupId);
      return ctx.listAll(all, (c) => render(ctx.version, c, ctx.link, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'createGroupCluster',
    classicId: 'createCluster',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters',
    tag: TAG,
    summary: 'Create One Cluster in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    query: Type.Object(EffectiveQuery),
    versions: {
      [LEGACY_VERSION]: legacy({ body: LegacyClusterIn, bodyRequired: true, status: 201 }),
      '2024-08-05': v20240805({ body: ClusterIn, bodyRequired: true, status: 201 }),
      '2024-10-23': v20240805({ body: ClusterIn, bodyRequired: true, status: 201 }),
    },
    async handler(ctx) {
      const c = await ctx.services.store.write((tx) =>
        createCluster(tx, ctx.params.groupId, input(ctx.version, ctx.body), ctx.actor, ctx.now, clusterScheduling(ctx.services)),
      );
      return render(ctx.version, c, ctx.link, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'getGroupCluster',
    classicId: 'getCluster',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
    tag: TAG,
    summary: 'Return One Cluster from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    query: Type.Object(EffectiveQuery),
    versions: { [LEGACY_VERSION]: legacy(), '2024-08-05': v20240805() },
    async handler(ctx) {
      const c = await getCluster(ctx.services.store, ctx.params.groupId, ctx.params.clusterName);
      return render(ctx.version, c, ctx.link, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'updateGroupCluster',
    classicId: 'updateCluster',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
    tag: TAG,
    summary: 'Update One Cluster in One Project',
    // Cluster managers change clusters; termination protection is the project owner's to change.
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    query: Type.Object(EffectiveQuery),
    versions: {
      [LEGACY_VERSION]: legacy({ body: LegacyClusterIn, bodyRequired: true }),
      '2024-08-05': v20240805({ body: ClusterIn, bodyRequired: true }),
      '2024-10-23': v20240805({ body: ClusterIn, bodyRequired: true }),
    },
    async handler(ctx) {
      const protection = (ctx.body as ClusterInput).terminationProtectionEnabled;
      if (protection !== undefined) {
        const current = await getCluster(ctx.services.store, ctx.params.groupId, ctx.params.clusterName);
        if (protection !== current.terminationProtectionEnabled) {
          const project = await getProject(ctx.services.store, ctx.params.groupId);
          requireProjectRole(ctx.principal, project.id, project.orgId, 'GROUP_OWNER');
        }
      }
      const c = await ctx.services.store.write((tx) =>
        updateCluster(
          tx,
          ctx.params.groupId,
          ctx.params.clusterName,
          input(ctx.version, ctx.body),
          ctx.actor,
          ctx.now,
          clusterScheduling(ctx.services),
        ),
      );
      return render(ctx.version, c, ctx.link, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupCluster',
    classicId: 'deleteCluster',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
    tag: TAG,
    summary: 'Remove One Cluster from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Params,
    query: Type.Object({ retainBackups: Type.Optional(Type.Boolean()) }),
    versions: { '2023-02-01': { response: Empty, status: 202 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        requestClusterDelete(tx, ctx.params.groupId, ctx.params.clusterName, ctx.actor, ctx.now, clusterScheduling(ctx.services)),
      );
      return new Reply(202, {});
    },
  }),
  defineOperation({
    operationId: 'grantGroupClusterMongoDbEmployeeAccess',
    classicId: 'grantMongoDbEmployeeAccess',
    // MongoDB's docs name Project Owner or Project Support Access Manager; the latter is not
    // modelled here, and cluster operators hold Project Cluster Manager, which suffices.
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:grantMongoDBEmployeeAccess',
    tag: TAG,
    summary: 'Grant MongoDB Employee Cluster Access for One Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: { '2024-08-05': { body: GrantBody, bodyRequired: true, status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        grantEmployeeAccess(
          tx,
          ctx.params.groupId,
          ctx.params.clusterName,
          ctx.body as Static<typeof GrantBody>,
          ctx.actor,
          ctx.now,
        ),
      );
    },
  }),
  defineOperation({
    operationId: 'revokeGroupClusterMongoDbEmployeeAccess',
    classicId: 'revokeMongoDbEmployeeAccess',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:revokeMongoDBEmployeeAccess',
    tag: TAG,
    summary: 'Revoke MongoDB Employee Cluster Access for One Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: { '2024-08-05': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        revokeEmployeeAccess(tx, ctx.params.groupId, ctx.params.clusterName, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'pinGroupClusterFeatureCompatibilityVersion',
    classicId: 'pinFeatureCompatibilityVersion',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:pinFeatureCompatibilityVersion',
    tag: TAG,
    summary: 'Pin Feature Compatibility Version for One Cluster in One Project',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: { '2024-05-30': { body: PinBody, status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        pinFcv(
          tx,
          ctx.params.groupId,
          ctx.params.clusterName,
          ctx.body as Static<typeof PinBody> | undefined,
          ctx.actor,
          ctx.now,
          clusterScheduling(ctx.services),
        ),
      );
    },
  }),
  defineOperation({
    operationId: 'unpinGroupClusterFeatureCompatibilityVersion',
    classicId: 'unpinFeatureCompatibilityVersion',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:unpinFeatureCompatibilityVersion',
    tag: TAG,
    summary: 'Unpin Feature Compatibility Version for One Cluster in One Project',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: { '2024-05-30': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        unpinFcv(tx, ctx.params.groupId, ctx.params.clusterName, ctx.actor, ctx.now, clusterScheduling(ctx.services)),
      );
    },
  }),
];
