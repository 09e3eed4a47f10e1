import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { derivedBytes } from '../../platform/derived.js';
import { defineOperation } from '../../platform/http/operation.js';
import { errors } from '../../platform/errors.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import { getCluster } from '../clusters/clusters.js';
import type { ClusterDoc } from '../clusters/model.js';
import { getProject } from '../projects/projects.js';
import { MANAGE, Params, READ } from './operations.js';
import { SNAPSHOT_STEP } from './policy.js';
import { currentSchedule } from './schedule.js';
import { deleteSnapshot, getSnapshot, listSnapshots, type SnapshotDoc } from './snapshots.js';
import { isSharded, snapshotView } from './views.js';

// A sharded cluster's snapshots seen whole: one member snapshot per shard and one
// for the config servers. A replica set has none here.

const TAG = 'Cloud Backups';
const BASE = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/snapshots';
const SnapshotParams = Type.Object({
  groupId: GroupIdParam,
  clusterName: ClusterNameParam,
  snapshotId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the snapshot.'),
});

function shardedView(c: ClusterDoc, s: SnapshotDoc, duration: number, now: number, link: (p: string) => string) {
  const { replicaSetName: _rs, type: _t, cloudProvider, copyRegions: _c, ...common } = snapshotView(c, s, duration, now, link);
  const names = [...c.replicationSpecs.map((_, i) => `atlas-${c.replicaSetToken}-shard-${i}`), `atlas-${c.replicaSetToken}-config-0`];
  const members = names.map((replicaSetName) => ({
    cloudProvider,
    id: derivedBytes([s.id, replicaSetName], 'sha1').toString('hex').slice(0, 24),
    replicaSetName,
  }));
  return {
    ...common,
    configServerType: 'DEDICATED',
    links: [{ href: link(`/api/atlas/v2/groups/${c.groupId}/clusters/${c.name}/backup/snapshots/shardedCluster/${s.id}`), rel: 'self' }],
    members,
    snapshotIds: members.map((m) => m.id),
    type: 'shardedCluster',
  };
}

async function shardedSnapshot(r: Parameters<typeof getSnapshot>[0], c: ClusterDoc, id: string, now: number): Promise<SnapshotDoc> {
  if (!isSharded(c)) throw errors.snapshotNotFound(id, 'cluster', c.name);
  return getSnapshot(r, await currentSchedule(r, c), c, id, now);
}

export const shardedOperations = [
  defineOperation({
    operationId: 'listGroupClusterBackupSnapshotShardedClusters',
    classicId: 'listShardedClusterBackups',
    method: 'GET',
    path: `${BASE}/shardedClusters`,
    tag: TAG,
    summary: 'Return All Sharded Cluster Cloud Backups',
    access: READ,
    params: Params,
    paginated: true,
    versions: fromContract('listGroupClusterBackupSnapshotShardedClusters'),
    async handler(ctx) {
      const c = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      const all = isSharded(c) ? await listSnapshots(ctx.store, await currentSchedule(ctx.store, c), c.id, ctx.now) : [];
      const duration = ctx.duration(SNAPSHOT_STEP);
      return ctx.listAll(all, (s) => shardedView(c, s, duration, ctx.now, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterBackupSnapshotShardedCluster',
    classicId: 'getShardedClusterBackup',
    method: 'GET',
    path: `${BASE}/shardedCluster/{snapshotId}`,
    tag: TAG,
    summary: 'Return One Sharded Cluster Cloud Backup',
    access: READ,
    params: SnapshotParams,
    versions: fromContract('getGroupClusterBackupSnapshotShardedCluster'),
    async handler(ctx) {
      const c = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      const s = await shardedSnapshot(ctx.store, c, ctx.params.snapshotId, ctx.now);
      return shardedView(c, s, ctx.duration(SNAPSHOT_STEP), ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterBackupSnapshotShardedCluster',
    classicId: 'deleteShardedClusterBackup',
    method: 'DELETE',
    path: `${BASE}/shardedCluster/{snapshotId}`,
    tag: TAG,
    summary: 'Remove One Sharded Cluster Cloud Backup',
    access: MANAGE,
    params: SnapshotParams,
    versions: fromContract('deleteGroupClusterBackupSnapshotShardedCluster'),
    async handler(ctx) {
      await ctx.command(async (cmd) => {
        const c = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, c.groupId);
        await deleteSnapshot(cmd, c, project.orgId, await shardedSnapshot(cmd.tx, c, ctx.params.snapshotId, cmd.now));
      });
    },
  }),
];
