import type { Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import type { Actor, EventInput } from '../../platform/events.js';
import type { Tag } from '../projects/model.js';
import { CLUSTERS } from './collections.js';
import type { EVENT_TYPES } from './events.js';

export type EventName = keyof typeof EVENT_TYPES;


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

export interface ManagedNamespace {
  db: string;
  collection: string;
  customShardKey: string;
  isCustomShardKeyHashed: boolean;
  isShardKeyUnique: boolean;
  numInitialChunks?: number;
  presplitHashedZones: boolean;
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
  /** Per shard, which electable node is primary (default the first); a test failover moves it. */
  primaries?: number[];
  /** A test failover is under way (the cluster's change status is PENDING). */
  failoverPending?: boolean;
  /** Global cluster settings: location code → zone name, and the managed namespaces. */
  geoSharding?: { customZoneMapping: Record<string, string>; managedNamespaces: ManagedNamespace[] };
  /** Regions whose nodes are down in a simulated outage, since when (ISO 8601). */
  outage?: { regions: { providerName: string; regionName: string }[]; since: string };
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
  tenantProcessArgs: (name: string) =>
    new ApiError(400, 'TENANT_CLUSTER_UPDATE_UNSUPPORTED', `The advanced configuration of shared-tier cluster ${name} cannot be changed.`, [name]),
  restartUnavailable: (name: string, why: string) =>
    new ApiError(400, 'CLUSTER_RESTART_INVALID', `Cannot start a test failover of cluster ${name}: ${why}.`, [name]),
  fcvNotPinned: (name: string) =>
    new ApiError(400, 'FCV_NOT_PINNED', `The feature compatibility version of cluster ${name} is not pinned.`, [name]),
};

// What a request may set.

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
export const READ_ONLY_FIELDS = new Set([
  'id', 'groupId', 'createDate', 'stateName', 'links', 'connectionStrings', 'mongoDBVersion',
  'featureCompatibilityVersion', 'featureCompatibilityVersionExpirationDate', 'mongoDBEmployeeAccessGrant',
  'configServerType', 'acceptDataRisksAndForceReplicaSetReconfig',
]);


/** A cluster event: every one names the cluster and its project. */
export function clusterEvent(c: ClusterDoc, type: EventName, actor: Actor, at: number, orgId: string): EventInput<EventName> {
  return { type, at, actor, orgId, groupId: c.groupId, clusterName: c.name };
}

export async function saveCluster(tx: Tx, c: ClusterDoc): Promise<void> {
  await tx.put(CLUSTERS, c.id, c, { parent: c.groupId, name: c.name });
}

export function isTenant(c: Pick<ClusterDoc, 'replicationSpecs'>): boolean {
  return c.replicationSpecs.some((s) => s.regionConfigs.some((rc) => rc.providerName === 'TENANT'));
}
