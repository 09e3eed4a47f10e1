import { isoSeconds } from '../../platform/time.js';
import type { ClusterDoc } from '../clusters/clusters.js';
import { connectionStrings } from '../clusters/operations.js';
import { downloadExpiry, snapshotTimes, type FlexSnapshotDoc, type RestoreJobDoc } from './backups.js';
import { FLEX_DISK_GB, flexConnectionStrings, type FlexDoc } from './flex.js';

// What the Flex API serves, and the legacy cluster shape the cluster API's tenantUpgrade answers with.

type Link = (path: string) => string;

const flexPath = (groupId: string, name: string) => `/api/atlas/v2/groups/${groupId}/flexClusters/${encodeURIComponent(name)}`;

export function flexView(f: FlexDoc, link: Link) {
  return {
    backupSettings: { enabled: true },
    clusterType: 'REPLICASET',
    connectionStrings: flexConnectionStrings(f),
    createDate: f.createDate,
    groupId: f.groupId,
    id: f.id,
    links: [{ href: link(flexPath(f.groupId, f.name)), rel: 'self' }],
    mongoDBVersion: f.mongoDBVersion,
    name: f.name,
    providerSettings: {
      backingProviderName: f.backingProviderName,
      diskSizeGB: FLEX_DISK_GB,
      providerName: 'FLEX',
      regionName: f.regionName,
    },
    stateName: f.stateName,
    tags: f.tags,
    terminationProtectionEnabled: f.terminationProtectionEnabled,
    versionReleaseSystem: 'LTS',
  };
}

const STATUS = { queued: 'QUEUED', inProgress: 'RUNNING', completed: 'COMPLETED', failed: 'FAILED' } as const;

export function snapshotView(f: FlexDoc, snap: FlexSnapshotDoc, duration: number, link: Link) {
  const { startedAt, finishedAt } = snapshotTimes(snap, duration);
  return {
    expiration: isoSeconds(snap.expiresAt),
    finishTime: finishedAt === undefined ? undefined : isoSeconds(finishedAt),
    id: snap.id,
    links: [{ href: link(`${flexPath(f.groupId, f.name)}/backup/snapshots/${snap.id}`), rel: 'self' }],
    mongoDBVersion: snap.mongoDBVersion,
    scheduledTime: isoSeconds(snap.createdAt),
    startTime: startedAt === undefined ? undefined : isoSeconds(startedAt),
    status: STATUS[snap.status],
  };
}

export function restoreJobView(f: FlexDoc, job: RestoreJobDoc, link: Link) {
  const expires = downloadExpiry(job);
  const ready = job.deliveryType === 'DOWNLOAD' && job.status === 'COMPLETED';
  return {
    deliveryType: job.deliveryType,
    expirationDate: expires === undefined ? undefined : isoSeconds(expires),
    id: job.id,
    instanceName: job.instanceName,
    links: [{ href: link(`${flexPath(f.groupId, f.name)}/backup/restoreJobs/${job.id}`), rel: 'self' }],
    projectId: job.groupId,
    restoreFinishedDate: job.finishedAt === undefined ? undefined : isoSeconds(job.finishedAt),
    restoreScheduledDate: isoSeconds(job.scheduledAt),
    snapshotFinishedDate: isoSeconds(job.snapshotFinishedAt),
    snapshotId: job.snapshotId,
    // The archive is served by the emulator itself, under its control prefix.
    snapshotUrl: ready ? link(`/__emulator/flexBackups/${job.id}.tar.gz`) : undefined,
    status: job.status,
    targetDeploymentItemName: job.targetDeploymentItemName,
    targetProjectId: job.targetProjectId,
  };
}

const clusterPath = (groupId: string, name: string) => `/api/atlas/v2/groups/${groupId}/clusters/${encodeURIComponent(name)}`;

/** A free cluster that became Flex, in the legacy cluster shape. */
export function legacyFlexView(f: FlexDoc, link: Link) {
  const strings = flexConnectionStrings(f);
  return {
    backupEnabled: true,
    clusterType: 'REPLICASET',
    connectionStrings: strings,
    createDate: f.createDate,
    // The legacy shape bounds diskSizeGB at 10 and up: a Flex cluster's 5 GB is not said there.
    groupId: f.groupId,
    id: f.id,
    links: [{ href: link(clusterPath(f.groupId, f.name)), rel: 'self' }],
    mongoDBMajorVersion: f.mongoDBVersion.split('.').slice(0, 2).join('.'),
    mongoDBVersion: f.mongoDBVersion,
    mongoURI: strings.standard.split('/?')[0],
    name: f.name,
    numShards: 1,
    paused: false,
    pitEnabled: false,
    providerBackupEnabled: false,
    providerSettings: {
      backingProviderName: f.backingProviderName,
      instanceSizeName: 'FLEX',
      providerName: 'FLEX',
      regionName: f.regionName,
    },
    replicationFactor: 3,
    rootCertType: 'ISRGROOTX1',
    srvAddress: strings.standardSrv,
    stateName: f.stateName,
    tags: f.tags,
    terminationProtectionEnabled: f.terminationProtectionEnabled,
    versionReleaseSystem: 'LTS',
  };
}

/** A free cluster upgraded to a dedicated tier, in the legacy cluster shape. */
export function legacyClusterView(c: ClusterDoc, link: Link) {
  const rc = c.replicationSpecs[0]!.regionConfigs[0]!;
  const compute = rc.autoScaling?.compute;
  const strings = connectionStrings(c);
  return {
    autoScaling: { compute: { enabled: compute?.enabled ?? false, scaleDownEnabled: compute?.scaleDownEnabled ?? false }, diskGBEnabled: rc.autoScaling?.diskGB?.enabled ?? true },
    backupEnabled: c.backupEnabled,
    // The legacy shape spells read preferences in capitals.
    biConnector: { enabled: c.biConnector.enabled, readPreference: c.biConnector.readPreference.toUpperCase() },
    clusterType: c.clusterType,
    connectionStrings: strings,
    createDate: c.createDate,
    diskSizeGB: rc.electableSpecs.diskSizeGB,
    encryptionAtRestProvider: c.encryptionAtRestProvider,
    groupId: c.groupId,
    id: c.id,
    labels: c.labels,
    links: [{ href: link(clusterPath(c.groupId, c.name)), rel: 'self' }],
    mongoDBMajorVersion: c.mongoDBMajorVersion,
    mongoDBVersion: c.mongoDBVersion,
    name: c.name,
    numShards: 1,
    paused: c.paused,
    pitEnabled: c.pitEnabled,
    providerBackupEnabled: c.backupEnabled,
    providerSettings: {
      autoScaling: compute?.enabled ? { compute: { maxInstanceSize: compute.maxInstanceSize, minInstanceSize: compute.minInstanceSize } } : undefined,
      instanceSizeName: rc.electableSpecs.instanceSize,
      providerName: rc.providerName,
      regionName: rc.regionName,
    },
    replicationFactor: rc.electableSpecs.nodeCount,
    rootCertType: c.rootCertType,
    srvAddress: strings.standardSrv,
    stateName: c.stateName,
    tags: c.tags,
    terminationProtectionEnabled: c.terminationProtectionEnabled,
    versionReleaseSystem: c.versionReleaseSystem,
  };
}
