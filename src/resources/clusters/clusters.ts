import { requireUsableEncryption } from '../encryptionAtRest/keys.js';
import { enforceLimit } from '../projectSettings/limits.js';
import type { Services } from '../../platform/services.js';
import type { Reader, Tx } from '../../platform/store/types.js';
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
import { CLUSTERS } from './collections.js';
import { deploymentKind } from '../../platform/deployments.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM, type Actor, type EventInput } from '../../platform/events.js';
import { recordEvent, EVENT_TYPES } from './events.js';

type EventName = keyof typeof EVENT_TYPES;
import { clusterDeleted, clusterDeleting } from './hooks.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import { getProject, type ProjectDoc, type Tag } from '../projects/projects.js';
import { removeClusterProcesses, syncClusterProcesses } from './processes.js';
import { isoSeconds, parseIsoDate } from '../../platform/time.js';

// ---------------------------------------------------------------- documents

export interface HardwareSpec {
  instanceSize: string;
  nodeCount: number;
  diskSizeGB: number;
  diskIOPS?: number;
  ebsVolumeType?: string;
}

export interface AutoScaling {
  compute?: {
    enabled?: boolean;
    maxInstanceSize?: string;
    minInstanceSize?: string;
    predictiveEnabled?: boolean;
    scaleDownEnabled?: boolean;
  };
  diskGB?: { enabled?: boolean };
}

export interface RegionConfig {
  providerName: string;
  backingProviderName?: string;
  regionName: string;
  priority: number;
  electableSpecs: HardwareSpec;
  readOnlySpecs?: HardwareSpec;
  analyticsSpecs?: HardwareSpec;
  autoScaling?: AutoScaling;
  analyticsAutoScaling?: AutoScaling;
}

export interface ReplicationSpec {
  id: string;
  zoneId: string;
  zoneName: string;
  regionConfigs: RegionConfig[];
}

export interface FcvPin {
  /** The feature compatibility version held while pinned. */
  version: string;
  pinnedAt: number;
  expirationDate: number;
}

export interface EmployeeAccessGrant {
  expirationTime: number;
  grantType: string;
}

export type ClusterState = 'CREATING' | 'IDLE' | 'UPDATING' | 'DELETING';

/** CLUSTERS, parent = groupId, name = cluster name. */
export interface ClusterDoc {
  id: string;
  name: string;
  groupId: string;
  clusterType: string;
  stateName: ClusterState;
  createDate: string;
  mongoDBMajorVersion: string;
  mongoDBVersion: string;
  versionReleaseSystem: string;
  paused: boolean;
  terminationProtectionEnabled: boolean;
  backupEnabled: boolean;
  pitEnabled: boolean;
  redactClientLogData: boolean;
  biConnector: { enabled: boolean; readPreference: string };
  encryptionAtRestProvider: string;
  rootCertType: string;
  diskWarmingMode: string;
  globalClusterSelfManagedSharding: boolean;
  replicaSetScalingStrategy: string;
  configServerManagementMode: string;
  advancedConfiguration: Record<string, unknown>;
  tags: Tag[];
  labels: Tag[];
  replicationSpecs: ReplicationSpec[];
  /** Stable hostname parts: <name>-shard-00-00.<domainToken>.mongodb.net, atlas-<replicaSetToken>-shard-0. */
  domainToken: string;
  replicaSetToken: string;
  /** Connection strings exist once the cluster was first ready. */
  provisioned: boolean;
  fcvPin?: FcvPin;
  employeeAccessGrant?: EmployeeAccessGrant;
  /** Pause or resume requested by the update in flight, reported when it completes. */
  pauseChange?: 'PAUSED' | 'RESUMED';
}

// ------------------------------------------------------------------- errors

export const clusterErrors = {
  notFound: (name: string, groupId: string) =>
    new ApiError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${groupId}.`, [name, groupId]),
  duplicateName: (name: string, groupId: string) =>
    new ApiError(409, 'DUPLICATE_CLUSTER_NAME', `A cluster named ${name} is already present in group ${groupId}.`, [
      name,
      groupId,
    ]),
  flexInClusterApi: (name: string) =>
    new ApiError(400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API', `Flex cluster ${name} cannot be used in the Cluster API.`, [name]),
  serverlessInClusterApi: (name: string) =>
    new ApiError(
      400,
      'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API',
      `Cannot use the cluster API to manage the serverless instance ${name}.`,
      [name],
    ),
  terminationProtected: (name: string) =>
    new ApiError(
      400,
      'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED',
      'Cannot terminate a cluster when termination protection is enabled. Disable termination protection and try again.',
      [name],
    ),
  alreadyDeleting: (name: string) =>
    new ApiError(400, 'CLUSTER_ALREADY_REQUESTED_DELETION', `Cluster ${name} has already been requested for deletion.`, [
      name,
    ]),
  pausedUpdate: (name: string) =>
    new ApiError(400, 'CANNOT_UPDATE_PAUSED_CLUSTER', `Cluster ${name} is paused; resume it before changing anything else.`, [
      name,
    ]),
  updateAndPause: (name: string) =>
    new ApiError(400, 'CANNOT_UPDATE_AND_PAUSE_CLUSTER', `Cluster ${name} cannot be paused and changed in one request.`, [
      name,
    ]),
  invalidRegion: (region: string, provider: string) =>
    new ApiError(400, 'INVALID_REGION', `No region ${region} exists for provider ${provider}.`, [region, provider]),
  fcvPinUnsupported: (name: string, why: string) =>
    new ApiError(400, 'FCV_PINNING_NOT_SUPPORTED', `Feature compatibility version pinning is not available for cluster ${name}: ${why}.`, [
      name,
    ]),
  fcvNotPinned: (name: string) =>
    new ApiError(400, 'FCV_NOT_PINNED', `The feature compatibility version of cluster ${name} is not pinned.`, [name]),
};

// -------------------------------------------------------------------- input

/** A request's region configuration before defaults (the shape of the 2024-08-05 body). */
export interface RegionConfigInput {
  providerName?: string;
  backingProviderName?: string;
  regionName?: string;
  priority?: number;
  electableSpecs?: Partial<HardwareSpec>;
  readOnlySpecs?: Partial<HardwareSpec>;
  analyticsSpecs?: Partial<HardwareSpec>;
  autoScaling?: AutoScaling;
  analyticsAutoScaling?: AutoScaling;
}

export interface ReplicationSpecInput {
  id?: string;
  zoneId?: string;
  zoneName?: string;
  regionConfigs?: RegionConfigInput[];
}

export interface ClusterInput {
  name?: string;
  /** One disk size for every node (the 2023-02-01 shape). */
  diskSizeGB?: number;
  clusterType?: string;
  replicationSpecs?: ReplicationSpecInput[];
  mongoDBMajorVersion?: string;
  versionReleaseSystem?: string;
  paused?: boolean;
  terminationProtectionEnabled?: boolean;
  backupEnabled?: boolean;
  pitEnabled?: boolean;
  redactClientLogData?: boolean;
  biConnector?: { enabled?: boolean; readPreference?: string };
  encryptionAtRestProvider?: string;
  rootCertType?: string;
  diskWarmingMode?: string;
  globalClusterSelfManagedSharding?: boolean;
  replicaSetScalingStrategy?: string;
  configServerManagementMode?: string;
  advancedConfiguration?: Record<string, unknown>;
  tags?: Tag[];
  labels?: Tag[];
}

/** Body fields that do not change the cluster: read-only ones that clients echo back, and the outage-recovery acknowledgement. */
const READ_ONLY_FIELDS = new Set([
  'id', 'groupId', 'createDate', 'stateName', 'links', 'connectionStrings', 'mongoDBVersion',
  'featureCompatibilityVersion', 'featureCompatibilityVersionExpirationDate', 'mongoDBEmployeeAccessGrant',
  'configServerType', 'acceptDataRisksAndForceReplicaSetReconfig',
]);

// ------------------------------------------------------------------- lookups

export async function findCluster(r: Reader, groupId: string, name: string): Promise<ClusterDoc | undefined> {
  return r.getByName<ClusterDoc>(CLUSTERS, groupId, name);
}

/** The cluster, or Atlas's answer for the name of a serverless instance or Flex cluster, or of nothing. */
export async function getCluster(r: Reader, groupId: string, name: string): Promise<ClusterDoc> {
  const c = await findCluster(r, groupId, name);
  if (c) return c;
  const kind = await deploymentKind(r, groupId, name);
  if (kind === 'serverless') throw clusterErrors.serverlessInClusterApi(name);
  if (kind === 'flex') throw clusterErrors.flexInClusterApi(name);
  throw clusterErrors.notFound(name, groupId);
}

export async function listClusters(r: Reader, groupId: string): Promise<ClusterDoc[]> {
  return (await r.list<ClusterDoc>(CLUSTERS, groupId)).items;
}

export function isTenant(c: Pick<ClusterDoc, 'replicationSpecs'>): boolean {
  return c.replicationSpecs.some((s) => s.regionConfigs.some((rc) => rc.providerName === 'TENANT'));
}

/** The FCV the cluster reports: the pinned one while pinned, else its major version. */
export function featureCompatibilityVersion(c: ClusterDoc): string {
  return c.fcvPin?.version ?? c.mongoDBMajorVersion;
}

/** The grant while it lasts: expiry follows the emulated clock. */
export function activeGrant(c: ClusterDoc, now: number): EmployeeAccessGrant | undefined {
  return c.employeeAccessGrant && c.employeeAccessGrant.expirationTime > now ? c.employeeAccessGrant : undefined;
}

// --------------------------------------------------------------- validation

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

// --------------------------------------------------------------- lifecycle

export const TIMERS = {
  ready: 'cluster.ready',
  updated: 'cluster.updated',
  deleted: 'cluster.deleted',
  fcvPinExpired: 'cluster.fcvPinExpired',
} as const;

export interface Scheduling {
  schedule(tx: Tx, req: { kind: string; ref: string; due: number; id?: string }): Promise<void>;
  lifecycle(step: string): number;
}

export function event(c: ClusterDoc, type: EventName, actor: Actor, at: number, orgId: string): EventInput<EventName> {
  return { type, at, actor, orgId, groupId: c.groupId, clusterName: c.name };
}

export async function save(tx: Tx, c: ClusterDoc): Promise<void> {
  await tx.put(CLUSTERS, c.id, c, { parent: c.groupId, name: c.name });
}

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

/** A cluster as Atlas creates it before the request's options apply. */
export function newClusterDoc(
  groupId: string,
  name: string,
  clusterType: string,
  replicationSpecs: ReplicationSpec[],
  version: ReturnType<typeof resolveVersion>,
  at: number,
): ClusterDoc {
  return {
    id: newObjectId(at),
    name,
    groupId,
    clusterType,
    stateName: 'CREATING',
    createDate: isoSeconds(at),
    ...version,
    paused: false,
    terminationProtectionEnabled: false,
    backupEnabled: false,
    pitEnabled: false,
    redactClientLogData: false,
    biConnector: { enabled: false, readPreference: 'secondary' },
    encryptionAtRestProvider: 'NONE',
    rootCertType: 'ISRGROOTX1',
    diskWarmingMode: 'FULLY_WARMED',
    globalClusterSelfManagedSharding: false,
    replicaSetScalingStrategy: 'WORKLOAD_TYPE',
    configServerManagementMode: 'ATLAS_MANAGED',
    advancedConfiguration: {
      customOpensslCipherConfigTls12: [],
      minimumEnabledTlsProtocol: 'TLS1_2',
      tlsCipherConfigMode: 'DEFAULT',
    },
    tags: [],
    labels: [],
    replicationSpecs,
    domainToken: randomToken(6),
    replicaSetToken: randomToken(6),
    provisioned: false,
  };
}

export async function createCluster(
  tx: Tx,
  groupId: string,
  input: ClusterInput,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<ClusterDoc> {
  const project = await getProject(tx, groupId);
  const name = input.name;
  if (name === undefined) throw errors.missingAttribute('name');
  const taken = await deploymentKind(tx, groupId, name);
  if (taken === 'serverless') throw clusterErrors.serverlessInClusterApi(name);
  if (taken) throw clusterErrors.duplicateName(name, groupId);
  await enforceLimit(tx, groupId, 'atlas.project.deployment.clusters', (await tx.count(CLUSTERS, groupId)) + 1);
  await requireUsableEncryption(tx, groupId, input.encryptionAtRestProvider);
  if (!input.replicationSpecs) throw errors.missingAttribute('replicationSpecs');
  if (input.paused) throw errors.invalidAttribute('paused', 'a cluster is created running');
  const clusterType = input.clusterType ?? 'REPLICASET';
  const replicationSpecs = withDiskSize(buildReplicationSpecs(input.replicationSpecs, clusterType, [], at), input.diskSizeGB);
  const c = newClusterDoc(groupId, name, clusterType, replicationSpecs, resolveVersion(input, undefined), at);
  c.globalClusterSelfManagedSharding = input.globalClusterSelfManagedSharding ?? false;
  applyOptions(c, input);
  await save(tx, c);
  await recordEvent(tx, event(c, 'CLUSTER_CREATED', actor, at, project.orgId));
  await sched.schedule(tx, { kind: TIMERS.ready, ref: c.id, due: at + sched.lifecycle('cluster.create') });
  return c;
}

/** The cluster a request changes, with its project; a cluster being deleted takes no change. */
async function clusterToChange(tx: Tx, groupId: string, name: string): Promise<{ project: ProjectDoc; c: ClusterDoc }> {
  const project = await getProject(tx, groupId);
  const c = await getCluster(tx, groupId, name);
  if (c.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(c.name);
  return { project, c };
}

/** Puts the cluster through UPDATING; the completion timer of an earlier change is replaced. */
export async function beginUpdate(tx: Tx, c: ClusterDoc, actor: Actor, at: number, orgId: string, sched: Scheduling): Promise<void> {
  await recordEvent(tx, event(c, 'CLUSTER_UPDATE_SUBMITTED', actor, at, orgId));
  // A cluster still being created takes the change into its creation.
  if (c.stateName === 'CREATING') return;
  c.stateName = 'UPDATING';
  await sched.schedule(tx, {
    kind: TIMERS.updated,
    ref: c.id,
    id: `${c.id}:update`,
    due: at + sched.lifecycle('cluster.update'),
  });
}

export async function updateCluster(
  tx: Tx,
  groupId: string,
  name: string,
  raw: ClusterInput & Record<string, unknown>,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<ClusterDoc> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  const input: ClusterInput = raw;
  if (input.name !== undefined && input.name !== c.name) throw errors.invalidAttribute('name', 'a cluster cannot be renamed');
  if (input.encryptionAtRestProvider !== c.encryptionAtRestProvider) await requireUsableEncryption(tx, groupId, input.encryptionAtRestProvider);
  const changes = Object.keys(raw).filter((k) => k !== 'paused' && k !== 'name' && !READ_ONLY_FIELDS.has(k));
  if (c.paused && input.paused !== false) throw clusterErrors.pausedUpdate(c.name);
  if (c.paused && changes.length > 0) throw clusterErrors.pausedUpdate(c.name);
  if (input.paused === true && !c.paused) {
    if (changes.length > 0) throw clusterErrors.updateAndPause(c.name);
    if (c.stateName === 'CREATING') throw errors.invalidAttribute('paused', 'a cluster being created cannot be paused');
    if (isTenant(c)) throw errors.invalidAttribute('paused', 'shared-tier clusters cannot be paused');
  }
  if (input.clusterType !== undefined && input.clusterType !== c.clusterType) {
    const allowed = (c.clusterType === 'REPLICASET' && input.clusterType === 'SHARDED') ||
      (c.clusterType === 'SHARDED' && input.clusterType === 'GEOSHARDED');
    if (!allowed) throw errors.invalidAttribute('clusterType', `cannot change from ${c.clusterType} to ${input.clusterType}`);
  }
  const clusterType = input.clusterType ?? c.clusterType;
  if (input.replicationSpecs !== undefined || clusterType !== c.clusterType) {
    const specs = buildReplicationSpecs(
      input.replicationSpecs ?? c.replicationSpecs,
      clusterType,
      c.replicationSpecs,
      at,
    );
    if (isTenant(c) !== isTenant({ replicationSpecs: specs })) {
      throw errors.invalidAttribute('replicationSpecs', 'moving between shared and dedicated tiers is an upgrade, not an update');
    }
    c.replicationSpecs = specs;
  }
  c.replicationSpecs = withDiskSize(c.replicationSpecs, input.diskSizeGB);
  c.clusterType = clusterType;
  if (input.mongoDBMajorVersion !== undefined || input.versionReleaseSystem !== undefined) {
    Object.assign(c, resolveVersion(input, c));
  }
  applyOptions(c, input);
  if (input.paused !== undefined && input.paused !== c.paused) {
    c.paused = input.paused;
    c.pauseChange = input.paused ? 'PAUSED' : 'RESUMED';
  }
  await beginUpdate(tx, c, actor, at, project.orgId, sched);
  await save(tx, c);
  return c;
}

export async function requestClusterDelete(
  tx: Tx,
  groupId: string,
  name: string,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<void> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  if (c.terminationProtectionEnabled) throw clusterErrors.terminationProtected(c.name);
  await clusterDeleting.run(tx, { groupId, name: c.name }, at);
  c.stateName = 'DELETING';
  await tx.cancelTimers(c.id);
  await save(tx, c);
  await recordEvent(tx, event(c, 'CLUSTER_DELETE_SUBMITTED', actor, at, project.orgId));
  await sched.schedule(tx, { kind: TIMERS.deleted, ref: c.id, due: at + sched.lifecycle('cluster.delete') });
}

// Timer handlers: each runs at the timer's due time with no actor (the system acts).
async function loadForTimer(tx: Tx, id: string): Promise<{ c: ClusterDoc; orgId: string } | undefined> {
  const c = await tx.get<ClusterDoc>(CLUSTERS, id);
  if (!c) return undefined;
  const project = await tx.get<{ orgId: string }>(PROJECTS, c.groupId);
  return project ? { c, orgId: project.orgId } : undefined;
}

async function onClusterReady(tx: Tx, id: string, at: number): Promise<void> {
  const found = await loadForTimer(tx, id);
  if (!found || found.c.stateName !== 'CREATING') return;
  const { c, orgId } = found;
  c.stateName = 'IDLE';
  c.provisioned = true;
  await syncClusterProcesses(tx, c, at);
  const pause = takePauseChange(c);
  await save(tx, c);
  await recordEvent(tx, event(c, 'CLUSTER_READY', SYSTEM, at, orgId));
  if (pause) await recordEvent(tx, event(c, pause, SYSTEM, at, orgId));
}

function takePauseChange(c: ClusterDoc): 'CLUSTER_PAUSED' | 'CLUSTER_RESUMED' | undefined {
  const change = c.pauseChange;
  delete c.pauseChange;
  return change === undefined ? undefined : change === 'PAUSED' ? 'CLUSTER_PAUSED' : 'CLUSTER_RESUMED';
}

async function onClusterUpdated(tx: Tx, id: string, at: number): Promise<void> {
  const found = await loadForTimer(tx, id);
  if (!found || found.c.stateName !== 'UPDATING') return;
  const { c, orgId } = found;
  c.stateName = 'IDLE';
  await syncClusterProcesses(tx, c, at);
  const pause = takePauseChange(c);
  await save(tx, c);
  await recordEvent(tx, event(c, 'CLUSTER_UPDATE_COMPLETED', SYSTEM, at, orgId));
  if (pause) await recordEvent(tx, event(c, pause, SYSTEM, at, orgId));
}

async function onClusterDeleted(tx: Tx, id: string, at: number): Promise<void> {
  const found = await loadForTimer(tx, id);
  if (!found || found.c.stateName !== 'DELETING') return;
  const { c, orgId } = found;
  await removeClusterProcesses(tx, c.groupId, c.name);
  await tx.delete(CLUSTERS, c.id);
  await clusterDeleted.run(tx, { groupId: c.groupId, name: c.name }, at);
  await recordEvent(tx, event(c, 'CLUSTER_DELETED', SYSTEM, at, orgId));
}

/** An expired pin lifts itself: the cluster goes back to its own version through an update. */
async function onFcvPinExpired(tx: Tx, id: string, at: number, sched: Scheduling): Promise<void> {
  const found = await loadForTimer(tx, id);
  if (!found || !found.c.fcvPin || found.c.fcvPin.expirationDate > at || found.c.stateName === 'DELETING') return;
  const { c, orgId } = found;
  delete c.fcvPin;
  await recordEvent(tx, event(c, 'FCV_UNPINNED', SYSTEM, at, orgId));
  await beginUpdate(tx, c, SYSTEM, at, orgId, sched);
  await save(tx, c);
}

// ----------------------------------------------------------------- actions

export async function grantEmployeeAccess(
  tx: Tx,
  groupId: string,
  name: string,
  input: { expirationTime: string; grantType: string },
  actor: Actor,
  at: number,
): Promise<void> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  const expires = parseIsoDate(input.expirationTime);
  if (expires === undefined) throw errors.invalidAttribute('expirationTime', 'is not an ISO 8601 date and time');
  if (expires <= at) throw errors.invalidAttribute('expirationTime', 'must be in the future');
  // Kept to the millisecond: a grant accepted as in the future must show until that moment.
  c.employeeAccessGrant = { expirationTime: expires, grantType: input.grantType };
  await save(tx, c);
  await recordEvent(tx, {
    ...event(c, 'EMPLOYEE_ACCESS_GRANTED', actor, at, project.orgId),
    raw: { grantType: input.grantType, expirationTime: isoSeconds(expires) },
  });
}

export async function revokeEmployeeAccess(tx: Tx, groupId: string, name: string, actor: Actor, at: number): Promise<void> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  // Nothing to revoke (never granted, or expired) is not an error, and changes nothing.
  if (!activeGrant(c, at)) return;
  delete c.employeeAccessGrant;
  await save(tx, c);
  await recordEvent(tx, event(c, 'EMPLOYEE_ACCESS_REVOKED', actor, at, project.orgId));
}

const FOUR_WEEKS_MS = 28 * 86_400_000;

function checkFcvPinnable(c: ClusterDoc): void {
  if (c.paused) throw clusterErrors.pausedUpdate(c.name);
  if (isTenant(c)) throw clusterErrors.fcvPinUnsupported(c.name, 'shared-tier and Flex clusters follow Atlas-managed versions');
  if (c.versionReleaseSystem === 'CONTINUOUS') throw clusterErrors.fcvPinUnsupported(c.name, 'the cluster is on rapid release');
}

export async function pinFcv(
  tx: Tx,
  groupId: string,
  name: string,
  input: { expirationDate?: string } | undefined,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<void> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  checkFcvPinnable(c);
  // A second pin keeps the pinned version and its pin date; only the expiration moves. The
  // pin moment keeps its milliseconds: "four weeks from now" computed by a client just
  // before the request must not land past the limit.
  const pinnedAt = c.fcvPin?.pinnedAt ?? at;
  const limit = pinnedAt + FOUR_WEEKS_MS;
  let expirationDate = Math.floor(limit / 1000) * 1000;
  if (input?.expirationDate !== undefined) {
    const asked = parseIsoDate(input.expirationDate);
    if (asked === undefined) throw errors.invalidAttribute('expirationDate', 'is not an ISO 8601 date and time');
    if (asked <= at) throw errors.invalidAttribute('expirationDate', 'must be in the future');
    if (asked > limit) throw errors.invalidAttribute('expirationDate', 'cannot be more than 4 weeks after the pin date');
    // Kept to the millisecond: rounded down, a date within this second would already be past.
    expirationDate = asked;
  }
  const first = c.fcvPin === undefined;
  c.fcvPin = { version: featureCompatibilityVersion(c), pinnedAt, expirationDate };
  await sched.schedule(tx, { kind: TIMERS.fcvPinExpired, ref: c.id, id: `${c.id}:fcvPin`, due: expirationDate });
  await recordEvent(tx, {
    ...event(c, first ? 'FCV_PINNED' : 'FCV_PIN_EXPIRATION_DATE_UPDATED', actor, at, project.orgId),
    raw: { featureCompatibilityVersion: c.fcvPin.version, expirationDate: isoSeconds(expirationDate) },
  });
  await beginUpdate(tx, c, actor, at, project.orgId, sched);
  await save(tx, c);
}

export async function unpinFcv(
  tx: Tx,
  groupId: string,
  name: string,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<void> {
  const { project, c } = await clusterToChange(tx, groupId, name);
  checkFcvPinnable(c);
  if (!c.fcvPin) throw clusterErrors.fcvNotPinned(c.name);
  delete c.fcvPin;
  await tx.cancelTimers(c.id, TIMERS.fcvPinExpired);
  await recordEvent(tx, event(c, 'FCV_UNPINNED', actor, at, project.orgId));
  await beginUpdate(tx, c, actor, at, project.orgId, sched);
  await save(tx, c);
}

export function clusterScheduling(services: Services): Scheduling {
  return {
    schedule: (tx, req) => services.scheduler.schedule(tx, req),
    lifecycle: (step) => services.lifecycle(step),
  };
}

/** Timer handlers of the cluster lifecycle (listed in src/sim/lifecycles.ts). */
export function registerClusterLifecycles(services: Services): void {
  const sched = clusterScheduling(services);
  services.scheduler.on(TIMERS.ready, (tx, t) => onClusterReady(tx, t.ref, t.due));
  services.scheduler.on(TIMERS.updated, (tx, t) => onClusterUpdated(tx, t.ref, t.due));
  services.scheduler.on(TIMERS.deleted, (tx, t) => onClusterDeleted(tx, t.ref, t.due));
  services.scheduler.on(TIMERS.fcvPinExpired, (tx, t) => onFcvPinExpired(tx, t.ref, t.due, sched));
}
