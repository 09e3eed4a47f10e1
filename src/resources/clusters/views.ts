import { type Static } from '@sinclair/typebox';
import {
  activeGrant,
  featureCompatibilityVersion,
  type ClusterDoc,
  type HardwareSpec,
  type RegionConfig,
} from './clusters.js';
import { clusterDomain, plannedProcesses, replicaSetName } from './processes.js';
import { isoSeconds } from '../../platform/time.js';
import { ClusterOut, GRANT_TYPES } from './schemas.js';

// A stored cluster in the shape Atlas serves it.

export function hardwareView(h: HardwareSpec, providerName: string) {
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

export function regionView(rc: RegionConfig) {
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

export function clusterView(c: ClusterDoc, link: (p: string) => string, now: number): Static<typeof ClusterOut> {
  const self = `/api/atlas/v2/groups/${c.groupId}/clusters/${encodeURIComponent(c.name)}`;
  const grant = activeGrant(c, now);
  return {
    advancedConfiguration: clusterTlsConfiguration(c),
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


/** The TLS part of the cluster's advanced configuration, which the cluster description carries (the rest is served under processArgs). */
function clusterTlsConfiguration(c: ClusterDoc): Static<typeof ClusterOut>['advancedConfiguration'] {
  const a = c.advancedConfiguration as Record<string, never>;
  return {
    customOpensslCipherConfigTls12: a.customOpensslCipherConfigTls12,
    customOpensslCipherConfigTls13: a.customOpensslCipherConfigTls13,
    minimumEnabledTlsProtocol: a.minimumEnabledTlsProtocol,
    tlsCipherConfigMode: a.tlsCipherConfigMode,
  };
}
