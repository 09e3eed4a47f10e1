import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import {
  CONTINUOUS_VERSION,
  DEDICATED_PROVIDERS,
  DEFAULT_MAJOR_VERSION,
  defaultDiskSizeGB,
  INSTANCE_SIZES,
  LTS_VERSIONS,
  normalizeMajorVersion,
  REGIONS,
  TENANT_SIZES,
  type DedicatedProvider,
} from './catalog.js';
import {
  clusterErrors,
  type AutoScaling,
  type ClusterDoc,
  type ClusterInput,
  type HardwareSpec,
  type RegionConfig,
  type RegionConfigInput,
  type ReplicationSpec,
  type ReplicationSpecInput,
} from './model.js';

// Turning a request's cluster description into the stored one: defaults as Atlas
// applies them, and Atlas's answers for what it refuses.


function isDedicated(p: string): p is DedicatedProvider {
  return (DEDICATED_PROVIDERS as readonly string[]).includes(p);
}

function normalizeHardware(
  spec: Partial<HardwareSpec> | undefined,
  path: string,
  provider: DedicatedProvider,
  fallbackSize: string | undefined,
  defaultNodes: number,
  fallbackDisk?: number,
): HardwareSpec | undefined {
  if (!spec && fallbackSize === undefined) return undefined;
  const instanceSize = spec?.instanceSize ?? fallbackSize;
  if (instanceSize === undefined) throw errors.missingAttribute(`${path}.instanceSize`);
  if (!INSTANCE_SIZES[provider].includes(instanceSize)) throw errors.invalidEnumValue(instanceSize, `${path}.instanceSize`);
  const nodeCount = spec?.nodeCount ?? defaultNodes;
  const out: HardwareSpec = {
    instanceSize,
    nodeCount,
    // Below the minimum Atlas quietly provisions the minimum.
    diskSizeGB: Math.max(spec?.diskSizeGB ?? fallbackDisk ?? defaultDiskSizeGB(instanceSize), 10),
  };
  if (provider === 'AWS') {
    out.ebsVolumeType = spec?.ebsVolumeType ?? 'STANDARD';
    out.diskIOPS = spec?.diskIOPS ?? 3000;
  } else if (spec?.diskIOPS !== undefined) out.diskIOPS = spec.diskIOPS;
  return out;
}

function normalizeRegion(input: RegionConfigInput, path: string): RegionConfig {
  const provider = input.providerName;
  if (provider === undefined) throw errors.missingAttribute(`${path}.providerName`);
  if (input.regionName === undefined) throw errors.missingAttribute(`${path}.regionName`);
  if (provider === 'TENANT') {
    const backing = input.backingProviderName;
    if (backing === undefined) throw errors.missingAttribute(`${path}.backingProviderName`);
    if (!isDedicated(backing)) throw errors.invalidEnumValue(backing, `${path}.backingProviderName`);
    if (!REGIONS[backing].includes(input.regionName)) throw clusterErrors.invalidRegion(input.regionName, backing);
    const size = input.electableSpecs?.instanceSize;
    if (size === undefined) throw errors.missingAttribute(`${path}.electableSpecs.instanceSize`);
    if (!(TENANT_SIZES as readonly string[]).includes(size)) throw errors.invalidEnumValue(size, `${path}.electableSpecs.instanceSize`);
    // Atlas ended M2 and M5 in January 2026 (they became Flex clusters, which have their own API).
    if (size !== 'M0') {
      throw errors.invalidAttribute(`${path}.electableSpecs.instanceSize`, 'M2, M5 and Flex clusters are created through the Flex API');
    }
    if (input.readOnlySpecs?.nodeCount || input.analyticsSpecs?.nodeCount) {
      throw errors.invalidAttribute(`${path}.readOnlySpecs`, 'shared-tier clusters have electable nodes only');
    }
    return {
      providerName: 'TENANT',
      backingProviderName: backing,
      regionName: input.regionName,
      priority: 7,
      electableSpecs: { instanceSize: size, nodeCount: 3, diskSizeGB: defaultDiskSizeGB(size) },
    };
  }
  if (!isDedicated(provider)) throw errors.invalidEnumValue(provider, `${path}.providerName`);
  if (input.backingProviderName !== undefined) {
    throw errors.invalidAttribute(`${path}.backingProviderName`, 'only TENANT regions have a backing provider');
  }
  if (!REGIONS[provider].includes(input.regionName)) throw clusterErrors.invalidRegion(input.regionName, provider);
  const electable = normalizeHardware(input.electableSpecs, `${path}.electableSpecs`, provider, undefined, 3);
  const size = electable?.instanceSize ?? input.readOnlySpecs?.instanceSize ?? input.analyticsSpecs?.instanceSize;
  if (size === undefined) throw errors.missingAttribute(`${path}.electableSpecs`);
  // Every node type of a region shares the electable nodes' disk; read-only nodes also share their size.
  const disk = electable?.diskSizeGB;
  const readOnly = normalizeHardware(input.readOnlySpecs, `${path}.readOnlySpecs`, provider, size, 0, disk)!;
  const analytics = normalizeHardware(input.analyticsSpecs, `${path}.analyticsSpecs`, provider, size, 0, disk)!;
  if (electable && readOnly.nodeCount > 0 && readOnly.instanceSize !== electable.instanceSize) {
    throw errors.invalidAttribute(`${path}.readOnlySpecs.instanceSize`, 'read-only nodes have the size of the electable nodes');
  }
  const electableSpecs = electable ?? { ...readOnly, nodeCount: 0 };
  const defaultAutoScaling: AutoScaling = {
    compute: { enabled: false, predictiveEnabled: false, scaleDownEnabled: false },
    diskGB: { enabled: true },
  };
  return {
    providerName: provider,
    regionName: input.regionName,
    priority: input.priority ?? (electableSpecs.nodeCount > 0 ? 7 : 0),
    electableSpecs,
    readOnlySpecs: readOnly,
    analyticsSpecs: analytics,
    autoScaling: input.autoScaling ?? defaultAutoScaling,
    analyticsAutoScaling: input.analyticsAutoScaling ?? defaultAutoScaling,
  };
}

function checkShard(spec: RegionConfig[], path: string): void {
  const regions = new Set<string>();
  let electable = 0;
  let lastPriority = 8;
  spec.forEach((rc, i) => {
    const key = `${rc.providerName}:${rc.regionName}`;
    if (regions.has(key)) throw errors.invalidAttribute(`${path}.regionConfigs[${i}].regionName`, 'a region appears twice');
    regions.add(key);
    const n = rc.electableSpecs.nodeCount;
    electable += n;
    if (n > 0) {
      // Election priority: 7 for the preferred region, then strictly lower for each next one.
      if (rc.priority < 1 || rc.priority >= lastPriority || (lastPriority === 8 && rc.priority !== 7)) {
        throw errors.invalidAttribute(`${path}.regionConfigs[${i}].priority`, 'priorities of electable regions descend from 7');
      }
      lastPriority = rc.priority;
    } else if (rc.priority !== 0) {
      throw errors.invalidAttribute(`${path}.regionConfigs[${i}].priority`, 'regions without electable nodes have priority 0');
    }
  });
  if (![3, 5, 7].includes(electable)) throw errors.invalidAttribute('number of electable nodes', 'a shard has 3, 5 or 7 electable nodes');
}

/** Builds the stored replication specs, keeping ids of shards and zones that stay. */
export function buildReplicationSpecs(
  inputs: ReplicationSpecInput[],
  clusterType: string,
  existing: ReplicationSpec[],
  at: number,
): ReplicationSpec[] {
  if (inputs.length === 0) throw errors.invalidAttribute('replicationSpecs', 'at least one replication spec is required');
  if (clusterType === 'REPLICASET' && inputs.length !== 1) {
    throw errors.invalidAttribute('replicationSpecs', 'a replica set has exactly one replication spec');
  }
  const zoneIds = new Map<string, string>(existing.map((s) => [s.zoneName, s.zoneId]));
  const specs = inputs.map((input, i): ReplicationSpec => {
    const path = `replicationSpecs[${i}]`;
    const regions = input.regionConfigs;
    if (!regions || regions.length === 0) throw errors.missingAttribute(`${path}.regionConfigs`);
    const regionConfigs = regions.map((rc, j) => normalizeRegion(rc, `${path}.regionConfigs[${j}]`));
    const tenant = regionConfigs.some((rc) => rc.providerName === 'TENANT');
    if (tenant && (regionConfigs.length !== 1 || inputs.length !== 1 || clusterType !== 'REPLICASET')) {
      throw errors.invalidAttribute(`${path}.regionConfigs`, 'a shared-tier cluster is a replica set in one region');
    }
    if (!tenant) checkShard(regionConfigs, path);
    if (clusterType !== 'REPLICASET' && regionConfigs.some((rc) => ['M10', 'M20'].includes(rc.electableSpecs.instanceSize))) {
      throw errors.invalidAttribute(`${path}.regionConfigs`, 'sharded clusters need M30 or larger');
    }
    // Global clusters place each shard in a named zone.
    if (clusterType === 'GEOSHARDED' && input.zoneName === undefined && !existing[i]) throw errors.missingAttribute(`${path}.zoneName`);
    const zoneName = input.zoneName ?? existing[i]?.zoneName ?? 'Zone 1';
    let zoneId = zoneIds.get(zoneName);
    if (!zoneId) zoneIds.set(zoneName, (zoneId = newObjectId(at)));
    const kept = existing.find((s) => s.id === input.id) ?? existing[i];
    return { id: kept?.id ?? newObjectId(at), zoneId, zoneName, regionConfigs };
  });
  return specs;
}

export function withDiskSize(specs: ReplicationSpec[], diskSizeGB: number | undefined): ReplicationSpec[] {
  if (diskSizeGB === undefined) return specs;
  const resize = (h: HardwareSpec | undefined) => (h ? { ...h, diskSizeGB } : h);
  return specs.map((s) => ({
    ...s,
    regionConfigs: s.regionConfigs.map((rc) =>
      rc.providerName === 'TENANT'
        ? rc
        : { ...rc, electableSpecs: resize(rc.electableSpecs)!, readOnlySpecs: resize(rc.readOnlySpecs), analyticsSpecs: resize(rc.analyticsSpecs) },
    ),
  }));
}

export function resolveVersion(
  input: { mongoDBMajorVersion?: string; versionReleaseSystem?: string },
  current: ClusterDoc | undefined,
): { mongoDBMajorVersion: string; mongoDBVersion: string; versionReleaseSystem: string } {
  const system = input.versionReleaseSystem ?? current?.versionReleaseSystem ?? 'LTS';
  if (system === 'CONTINUOUS') {
    if (input.mongoDBMajorVersion !== undefined) {
      throw errors.invalidAttribute('mongoDBMajorVersion', 'rapid-release clusters take no major version');
    }
    return { mongoDBMajorVersion: CONTINUOUS_VERSION.major, mongoDBVersion: CONTINUOUS_VERSION.full, versionReleaseSystem: system };
  }
  let major = current?.versionReleaseSystem === 'LTS' ? current.mongoDBMajorVersion : DEFAULT_MAJOR_VERSION;
  if (input.mongoDBMajorVersion !== undefined) {
    const asked = normalizeMajorVersion(input.mongoDBMajorVersion);
    if (!asked) throw errors.invalidAttribute('mongoDBMajorVersion', `${input.mongoDBMajorVersion} is not an available version`);
    if (current && current.versionReleaseSystem === 'LTS' && asked !== current.mongoDBMajorVersion) {
      const order = Object.keys(LTS_VERSIONS);
      const step = order.indexOf(asked) - order.indexOf(current.mongoDBMajorVersion);
      // Upgrades go one release at a time; a downgrade needs the FCV pinned at the target.
      const downgradeOk = step === -1 && current.fcvPin?.version === asked;
      if (step > 1 || (step < 0 && !downgradeOk)) {
        throw errors.invalidAttribute('mongoDBMajorVersion', `cannot change from ${current.mongoDBMajorVersion} to ${asked}`);
      }
    }
    major = asked;
  }
  return { mongoDBMajorVersion: major, mongoDBVersion: LTS_VERSIONS[major]!, versionReleaseSystem: system };
}

/** Options a create or an update sets as given. */
export function applyOptions(c: ClusterDoc, input: ClusterInput): void {
  if (input.terminationProtectionEnabled !== undefined) c.terminationProtectionEnabled = input.terminationProtectionEnabled;
  if (input.backupEnabled !== undefined) c.backupEnabled = input.backupEnabled;
  if (input.pitEnabled !== undefined) c.pitEnabled = input.pitEnabled;
  if (input.redactClientLogData !== undefined) c.redactClientLogData = input.redactClientLogData;
  if (input.biConnector !== undefined) c.biConnector = { ...c.biConnector, ...input.biConnector };
  if (input.encryptionAtRestProvider !== undefined) c.encryptionAtRestProvider = input.encryptionAtRestProvider;
  if (input.rootCertType !== undefined) c.rootCertType = input.rootCertType;
  if (input.diskWarmingMode !== undefined) c.diskWarmingMode = input.diskWarmingMode;
  if (input.replicaSetScalingStrategy !== undefined) c.replicaSetScalingStrategy = input.replicaSetScalingStrategy;
  if (input.configServerManagementMode !== undefined) c.configServerManagementMode = input.configServerManagementMode;
  if (input.advancedConfiguration !== undefined) c.advancedConfiguration = { ...c.advancedConfiguration, ...input.advancedConfiguration };
  if (input.tags !== undefined) c.tags = input.tags;
  if (input.labels !== undefined) c.labels = input.labels;
  if (c.pitEnabled && !c.backupEnabled) throw errors.invalidAttribute('pitEnabled', 'continuous backup needs backupEnabled');
}
