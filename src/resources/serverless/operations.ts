import { Type, type Static } from '@sinclair/typebox';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import {
  BACKING_PROVIDERS,
  createServerless,
  deleteServerless,
  getServerless,
  getSnapshot,
  listServerless,
  listSnapshots,
  nextBackupAt,
  serverlessRuntime,
  updateServerless,
  type ServerlessDoc,
  type SnapshotDoc,
} from './serverless.js';
import { isoSeconds } from '../../platform/time.js';
import {
  CLUSTER_NAME_PATTERN,
  DateTime,
  GroupIdParam,
  Links,
  ObjectIdString,
  OBJECT_ID_PATTERN,
  Paginated,
  StringEnum,
} from '../../platform/schemas.js';
import { storePage } from '../../platform/paging.js';

// Atlas retired the serverless API: every operation of it, the snapshot ones
// included, answers with these headers until the sunset, then 410.
const RETIRED = {
  deprecation: 'Wed, 10 Dec 2025 00:00:00 GMT',
  sunset: 'Thu, 15 Jan 2026 00:00:00 GMT',
} satisfies Partial<VersionSpec>;

const STATES = ['IDLE', 'CREATING', 'UPDATING', 'DELETING', 'REPAIRING'] as const;

const ResourceTag = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9 @_.+`;`-]*$' }),
    value: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9@_.+`;`-]*$' }),
  },
  { additionalProperties: false, title: 'ResourceTag' },
);

const BackupOptions = Type.Object(
  { serverlessContinuousBackupEnabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, title: 'ClusterServerlessBackupOptions' },
);

const InstanceName = Type.String({
  pattern: CLUSTER_NAME_PATTERN,
  minLength: 1,
  maxLength: 64,
  description: 'Human-readable label that identifies the serverless instance.',
});

const CreateBody = Type.Object(
  {
    name: InstanceName,
    providerSettings: Type.Object(
      {
        backingProviderName: StringEnum(BACKING_PROVIDERS),
        providerName: Type.Optional(StringEnum(['SERVERLESS'] as const)),
        // Atlas checks the region itself: a missing one is "No region  exists for provider AWS."
        regionName: Type.Optional(Type.String()),
      },
      { additionalProperties: false, title: 'ServerlessProviderSettings' },
    ),
    serverlessBackupOptions: Type.Optional(BackupOptions),
    // Read-only: generated clients may send it back; Atlas ignores it.
    stateName: Type.Optional(StringEnum(STATES)),
    tags: Type.Optional(Type.Array(ResourceTag)),
    terminationProtectionEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'ServerlessInstanceDescriptionCreate' },
);

const UpdateBody = Type.Object(
  {
    serverlessBackupOptions: Type.Optional(BackupOptions),
    tags: Type.Optional(Type.Array(ResourceTag)),
    terminationProtectionEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'ServerlessInstanceDescriptionUpdate' },
);

const ServerlessInstance = Type.Object(
  {
    connectionStrings: Type.Object({ standardSrv: Type.String() }, { additionalProperties: false }),
    createDate: DateTime(),
    groupId: ObjectIdString(),
    id: ObjectIdString(),
    links: Links,
    mongoDBVersion: Type.String(),
    name: Type.String(),
    providerSettings: Type.Object(
      {
        backingProviderName: StringEnum(BACKING_PROVIDERS),
        effectiveDiskSizeGBLimit: Type.Integer(),
        effectiveInstanceSizeName: Type.String(),
        effectiveProviderName: Type.String(),
        nextBackupDate: Type.Optional(DateTime()),
        providerName: StringEnum(['SERVERLESS'] as const),
        regionName: Type.String(),
        tenantBackupEnabled: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    serverlessBackupOptions: Type.Object(
      { serverlessContinuousBackupEnabled: Type.Boolean() },
      { additionalProperties: false },
    ),
    stateName: StringEnum(STATES),
    tags: Type.Array(ResourceTag),
    terminationProtectionEnabled: Type.Boolean(),
  },
  { additionalProperties: false, title: 'ServerlessInstanceDescription' },
);

const Snapshot = Type.Object(
  {
    createdAt: DateTime('Date and time when MongoDB Cloud took the snapshot.'),
    expiresAt: DateTime('Date and time when MongoDB Cloud deletes the snapshot.'),
    frequencyType: StringEnum(['hourly', 'daily', 'weekly', 'monthly'] as const),
    id: Type.String({ pattern: OBJECT_ID_PATTERN }),
    links: Links,
    mongodVersion: Type.String({ pattern: '([\\d]+\\.[\\d]+\\.[\\d]+)' }),
    serverlessInstanceName: Type.String({ pattern: CLUSTER_NAME_PATTERN }),
    snapshotType: StringEnum(['onDemand', 'scheduled'] as const),
    status: StringEnum(['queued', 'inProgress', 'completed', 'failed'] as const),
    storageSizeBytes: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false, title: 'ServerlessBackupSnapshot' },
);

const instancePath = (groupId: string, name: string) => `/api/atlas/v2/groups/${groupId}/serverless/${name}`;

function instanceView(link: (p: string) => string, inst: ServerlessDoc): Static<typeof ServerlessInstance> {
  const self = instancePath(inst.groupId, inst.name);
  const next = nextBackupAt(inst);
  return {
    connectionStrings: { standardSrv: `mongodb+srv://${inst.srvHost}` },
    createDate: isoSeconds(inst.created),
    groupId: inst.groupId,
    id: inst.id,
    links: [
      { href: link(self), rel: 'self' },
      { href: link(`${self}/backup/restoreJobs`), rel: 'https://cloud.mongodb.com/restoreJobs' },
      { href: link(`${self}/backup/snapshots`), rel: 'https://cloud.mongodb.com/snapshots' },
    ],
    mongoDBVersion: inst.mongoDBVersion,
    name: inst.name,
    // As production answers today (recorded): serverless instances run on the shared tenant tier.
    providerSettings: {
      backingProviderName: inst.backingProviderName,
      effectiveDiskSizeGBLimit: 5,
      effectiveInstanceSizeName: 'FLEX',
      effectiveProviderName: 'TENANT',
      ...(next !== undefined ? { nextBackupDate: isoSeconds(next) } : {}),
      providerName: 'SERVERLESS',
      regionName: inst.regionName,
      tenantBackupEnabled: true,
    },
    serverlessBackupOptions: { serverlessContinuousBackupEnabled: inst.continuousBackup },
    stateName: inst.stateName,
    tags: inst.tags,
    terminationProtectionEnabled: inst.terminationProtectionEnabled,
  };
}

function snapshotView(link: (p: string) => string, inst: ServerlessDoc, s: SnapshotDoc): Static<typeof Snapshot> {
  return {
    createdAt: isoSeconds(s.createdAt),
    expiresAt: isoSeconds(s.expiresAt),
    frequencyType: s.frequencyType,
    id: s.id,
    links: [{ href: link(`${instancePath(inst.groupId, inst.name)}/backup/snapshots/${s.id}`), rel: 'self' }],
    mongodVersion: s.mongodVersion,
    serverlessInstanceName: s.instanceName,
    snapshotType: s.snapshotType,
    status: s.status,
    storageSizeBytes: s.storageSizeBytes,
  };
}

const InstanceParams = Type.Object({ groupId: GroupIdParam, name: InstanceName });
const BackupParams = Type.Object({ groupId: GroupIdParam, clusterName: InstanceName });

export const operations = [
  defineOperation({
    operationId: 'listGroupServerlessInstances',
    classicId: 'listServerlessInstances',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serverless',
    tag: 'Serverless Instances',
    summary: 'Return All Serverless Instances in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(ServerlessInstance, 'PaginatedServerlessInstanceDescription'), ...RETIRED } },
    async handler(ctx) {
      const { items, total } = await listServerless(ctx.services.store, ctx.params.groupId, storePage(ctx.page));
      return ctx.list(items.map((i) => instanceView(ctx.link, i)), total);
    },
  }),
  defineOperation({
    operationId: 'createServerlessInstance',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/serverless',
    tag: 'Serverless Instances',
    summary: 'Create One Serverless Instance in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: {
      '2023-01-01': { body: CreateBody, bodyRequired: true, response: ServerlessInstance, status: 201, ...RETIRED },
    },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateBody>;
      const rt = serverlessRuntime(ctx.services);
      const inst = await ctx.services.store.write((tx) =>
        createServerless(tx, rt, ctx.params.groupId, body, ctx.actor, ctx.now),
      );
      return instanceView(ctx.link, inst);
    },
  }),
  defineOperation({
    operationId: 'getGroupServerlessInstance',
    classicId: 'getServerlessInstance',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serverless/{name}',
    tag: 'Serverless Instances',
    summary: 'Return One Serverless Instance from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: InstanceParams,
    versions: { '2023-01-01': { response: ServerlessInstance, ...RETIRED } },
    async handler(ctx) {
      return instanceView(ctx.link, await getServerless(ctx.services.store, ctx.params.groupId, ctx.params.name));
    },
  }),
  defineOperation({
    operationId: 'updateServerlessInstance',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/serverless/{name}',
    tag: 'Serverless Instances',
    summary: 'Update One Serverless Instance in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: InstanceParams,
    versions: { '2023-01-01': { body: UpdateBody, bodyRequired: true, response: ServerlessInstance, ...RETIRED } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateBody>;
      const rt = serverlessRuntime(ctx.services);
      const inst = await ctx.services.store.write((tx) =>
        updateServerless(tx, rt, ctx.params.groupId, ctx.params.name, body, ctx.actor, ctx.now),
      );
      return instanceView(ctx.link, inst);
    },
  }),
  defineOperation({
    operationId: 'deleteServerlessInstance',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/serverless/{name}',
    tag: 'Serverless Instances',
    summary: 'Remove One Serverless Instance from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: InstanceParams,
    versions: {
      '2023-01-01': { response: Type.Object({}, { additionalProperties: false }), status: 202, ...RETIRED },
    },
    async handler(ctx) {
      const rt = serverlessRuntime(ctx.services);
      await ctx.services.store.write((tx) =>
        deleteServerless(tx, rt, ctx.params.groupId, ctx.params.name, ctx.actor, ctx.now),
      );
      return {};
    },
  }),
  defineOperation({
    operationId: 'listGroupServerlessBackupSnapshots',
    classicId: 'listServerlessBackups',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serverless/{clusterName}/backup/snapshots',
    tag: 'Cloud Backups',
    summary: 'Return All Snapshots of One Serverless Instance',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: BackupParams,
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(Snapshot, 'PaginatedApiAtlasServerlessBackupSnapshot'), ...RETIRED } },
    async handler(ctx) {
      const inst = await getServerless(ctx.services.store, ctx.params.groupId, ctx.params.clusterName);
      const all = await listSnapshots(ctx.services.store, inst);
      return ctx.listAll(all, (s) => snapshotView(ctx.link, inst, s));
    },
  }),
  defineOperation({
    operationId: 'getGroupServerlessBackupSnapshot',
    classicId: 'getServerlessBackup',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serverless/{clusterName}/backup/snapshots/{snapshotId}',
    tag: 'Cloud Backups',
    summary: 'Return One Snapshot of One Serverless Instance',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({
      ...BackupParams.properties,
      snapshotId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the desired snapshot.'),
    }),
    versions: { '2023-01-01': { response: Snapshot, ...RETIRED } },
    async handler(ctx) {
      const inst = await getServerless(ctx.services.store, ctx.params.groupId, ctx.params.clusterName);
      return snapshotView(ctx.link, inst, await getSnapshot(ctx.services.store, inst, ctx.params.snapshotId));
    },
  }),
];
