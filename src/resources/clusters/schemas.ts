import { Type, type TSchema } from '@sinclair/typebox';
import { ALL_INSTANCE_SIZES, PROVIDER_NAMES } from './catalog.js';
import { DateTime, Links, StringEnum } from '../../platform/schemas.js';

// The cluster shapes of resource versions 2024-08-05 and 2024-10-23
// (ClusterDescription20240805), for requests and responses.

export const CLUSTER_TYPES = ['REPLICASET', 'SHARDED', 'GEOSHARDED'] as const;
const STATE_NAMES = ['IDLE', 'CREATING', 'UPDATING', 'DELETING', 'REPAIRING'] as const;
export const GRANT_TYPES = [
  'CLUSTER_DATABASE_LOGS',
  'CLUSTER_INFRASTRUCTURE',
  'CLUSTER_INFRASTRUCTURE_AND_APP_SERVICES_SYNC_DATA',
] as const;

const strict = { additionalProperties: false };
const InstanceSize = StringEnum(ALL_INSTANCE_SIZES);
const Provider = StringEnum(PROVIDER_NAMES);
const BackingProvider = StringEnum(['AWS', 'AZURE', 'GCP']);
const EbsVolumeType = StringEnum(['STANDARD', 'PROVISIONED', 'HIGH_PERFORMANCE']);

const KeyValue = (title: string) =>
  Type.Object(
    {
      key: Type.String({ minLength: 1, maxLength: 255 }),
      value: Type.String({ minLength: 1, maxLength: 255 }),
    },
    { ...strict, title },
  );

/** Resource tags take the characters Atlas allows in tags of every resource. */
const ResourceTag = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9 @_.+`;`-]*$' }),
    value: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9@_.+`;`-]*$' }),
  },
  { ...strict, title: 'ResourceTag' },
);

const HardwareIn = Type.Object(
  {
    diskIOPS: Type.Optional(Type.Integer({ minimum: 0 })),
    diskSizeGB: Type.Optional(Type.Number({ minimum: 0, maximum: 14400 })),
    diskThroughput: Type.Optional(Type.Integer()),
    ebsVolumeType: Type.Optional(EbsVolumeType),
    effectiveInstanceSize: Type.Optional(Type.String()),
    instanceSize: Type.Optional(InstanceSize),
    nodeCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  },
  strict,
);

const ElectableIn = Type.Object(
  { ...HardwareIn.properties, nodeCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 })) },
  strict,
);

const AutoScalingSchema = (input: boolean) =>
  Type.Object(
    {
      compute: Type.Optional(
        Type.Object(
          {
            enabled: Type.Optional(Type.Boolean()),
            maxInstanceSize: Type.Optional(input ? InstanceSize : Type.String()),
            minInstanceSize: Type.Optional(input ? InstanceSize : Type.String()),
            predictiveEnabled: Type.Optional(Type.Boolean()),
            scaleDownEnabled: Type.Optional(Type.Boolean()),
          },
          input ? strict : {},
        ),
      ),
      diskGB: Type.Optional(Type.Object({ enabled: Type.Optional(Type.Boolean()) }, input ? strict : {})),
    },
    input ? strict : {},
  );

const RegionConfigIn = Type.Object(
  {
    analyticsAutoScaling: Type.Optional(AutoScalingSchema(true)),
    analyticsSpecs: Type.Optional(HardwareIn),
    autoScaling: Type.Optional(AutoScalingSchema(true)),
    backingProviderName: Type.Optional(BackingProvider),
    effectiveAnalyticsSpecs: Type.Optional(Type.Unknown()),
    effectiveElectableSpecs: Type.Optional(Type.Unknown()),
    effectiveReadOnlySpecs: Type.Optional(Type.Unknown()),
    electableSpecs: Type.Optional(ElectableIn),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 })),
    providerName: Type.Optional(Provider),
    readOnlySpecs: Type.Optional(HardwareIn),
    regionName: Type.Optional(Type.String()),
  },
  { ...strict, title: 'CloudRegionConfig20240805' },
);

const ReplicationSpecIn = Type.Object(
  {
    id: Type.Optional(Type.String()),
    regionConfigs: Type.Optional(Type.Array(RegionConfigIn)),
    zoneId: Type.Optional(Type.String()),
    zoneName: Type.Optional(Type.String()),
  },
  { ...strict, title: 'ReplicationSpec20240805' },
);

const AdvancedConfiguration = (input: boolean) =>
  Type.Object(
    {
      customOpensslCipherConfigTls12: Type.Optional(Type.Array(Type.String())),
      customOpensslCipherConfigTls13: Type.Optional(Type.Array(Type.String())),
      minimumEnabledTlsProtocol: Type.Optional(StringEnum(['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'])),
      tlsCipherConfigMode: Type.Optional(StringEnum(['CUSTOM', 'DEFAULT'])),
    },
    input ? strict : {},
  );

const BiConnector = (input: boolean) =>
  Type.Object(
    {
      enabled: Type.Optional(Type.Boolean()),
      readPreference: Type.Optional(StringEnum(['primary', 'secondary', 'analytics'])),
    },
    input ? strict : {},
  );

/** Writable fields, shared by create and update; clients may echo read-only ones, which are ignored. */
const clusterInFields = {
  acceptDataRisksAndForceReplicaSetReconfig: Type.Optional(Type.String({ format: 'date-time' })),
  advancedConfiguration: Type.Optional(AdvancedConfiguration(true)),
  backupEnabled: Type.Optional(Type.Boolean()),
  biConnector: Type.Optional(BiConnector(true)),
  clusterType: Type.Optional(StringEnum(CLUSTER_TYPES)),
  configServerManagementMode: Type.Optional(StringEnum(['ATLAS_MANAGED', 'FIXED_TO_DEDICATED'])),
  configServerType: Type.Optional(Type.Unknown()),
  connectionStrings: Type.Optional(Type.Unknown()),
  createDate: Type.Optional(Type.Unknown()),
  diskWarmingMode: Type.Optional(StringEnum(['FULLY_WARMED', 'VISIBLE_EARLIER'])),
  encryptionAtRestProvider: Type.Optional(StringEnum(['NONE', 'AWS', 'AZURE', 'GCP'])),
  featureCompatibilityVersion: Type.Optional(Type.Unknown()),
  featureCompatibilityVersionExpirationDate: Type.Optional(Type.Unknown()),
  globalClusterSelfManagedSharding: Type.Optional(Type.Boolean()),
  groupId: Type.Optional(Type.Unknown()),
  id: Type.Optional(Type.Unknown()),
  labels: Type.Optional(Type.Array(KeyValue('ComponentLabel'))),
  links: Type.Optional(Type.Unknown()),
  mongoDBEmployeeAccessGrant: Type.Optional(Type.Unknown()),
  mongoDBMajorVersion: Type.Optional(Type.String()),
  mongoDBVersion: Type.Optional(Type.Unknown()),
  name: Type.Optional(Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9-]*$', minLength: 1, maxLength: 64 })),
  paused: Type.Optional(Type.Boolean()),
  pitEnabled: Type.Optional(Type.Boolean()),
  redactClientLogData: Type.Optional(Type.Boolean()),
  replicaSetScalingStrategy: Type.Optional(StringEnum(['WORKLOAD_TYPE', 'SEQUENTIAL', 'NODE_TYPE'])),
  replicationSpecs: Type.Optional(Type.Array(ReplicationSpecIn)),
  rootCertType: Type.Optional(StringEnum(['ISRGROOTX1'])),
  stateName: Type.Optional(Type.Unknown()),
  tags: Type.Optional(Type.Array(ResourceTag)),
  terminationProtectionEnabled: Type.Optional(Type.Boolean()),
  versionReleaseSystem: Type.Optional(StringEnum(['LTS', 'CONTINUOUS'])),
};

export const ClusterIn = Type.Object(clusterInFields, { ...strict, title: 'ClusterDescription20240805' });

// ---------------------------------------------------------------- responses

const HardwareOut = Type.Object({
  diskIOPS: Type.Optional(Type.Integer()),
  diskSizeGB: Type.Optional(Type.Number()),
  ebsVolumeType: Type.Optional(Type.String()),
  effectiveInstanceSize: Type.Optional(Type.String()),
  instanceSize: Type.String(),
  nodeCount: Type.Optional(Type.Integer()),
});

const RegionConfigOut = Type.Object(
  {
    analyticsAutoScaling: Type.Optional(AutoScalingSchema(false)),
    analyticsSpecs: Type.Optional(HardwareOut),
    autoScaling: Type.Optional(AutoScalingSchema(false)),
    backingProviderName: Type.Optional(Type.String()),
    effectiveAnalyticsSpecs: Type.Optional(HardwareOut),
    effectiveElectableSpecs: Type.Optional(HardwareOut),
    effectiveReadOnlySpecs: Type.Optional(HardwareOut),
    electableSpecs: HardwareOut,
    priority: Type.Integer(),
    providerName: Type.String(),
    readOnlySpecs: Type.Optional(HardwareOut),
    regionName: Type.String(),
  },
  { title: 'CloudRegionConfig20240805' },
);

const ConnectionStrings = Type.Object(
  {
    standard: Type.Optional(Type.String()),
    standardSrv: Type.Optional(Type.String()),
  },
  { title: 'ClusterConnectionStrings' },
);

const EmployeeAccessGrant = Type.Object(
  {
    expirationTime: DateTime(),
    grantType: StringEnum(GRANT_TYPES),
    links: Type.Optional(Links),
  },
  { title: 'EmployeeAccessGrantView' },
);

export const ClusterOut = Type.Object(
  {
    advancedConfiguration: AdvancedConfiguration(false),
    backupEnabled: Type.Boolean(),
    biConnector: BiConnector(false),
    clusterType: StringEnum(CLUSTER_TYPES),
    configServerManagementMode: Type.Optional(Type.String()),
    configServerType: Type.Optional(Type.String()),
    connectionStrings: ConnectionStrings,
    createDate: DateTime(),
    diskWarmingMode: Type.String(),
    encryptionAtRestProvider: Type.String(),
    featureCompatibilityVersion: Type.String(),
    featureCompatibilityVersionExpirationDate: Type.Optional(DateTime()),
    globalClusterSelfManagedSharding: Type.Boolean(),
    groupId: Type.String({ pattern: '^([a-f0-9]{24})$' }),
    id: Type.String({ pattern: '^([a-f0-9]{24})$' }),
    labels: Type.Array(KeyValue('ComponentLabel')),
    links: Links,
    mongoDBEmployeeAccessGrant: Type.Optional(EmployeeAccessGrant),
    mongoDBMajorVersion: Type.String(),
    mongoDBVersion: Type.String(),
    name: Type.String(),
    paused: Type.Boolean(),
    pitEnabled: Type.Boolean(),
    redactClientLogData: Type.Boolean(),
    replicaSetScalingStrategy: Type.String(),
    replicationSpecs: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          regionConfigs: Type.Array(RegionConfigOut),
          zoneId: Type.String(),
          zoneName: Type.String(),
        },
        { title: 'ReplicationSpec20240805' },
      ),
    ),
    rootCertType: Type.String(),
    stateName: StringEnum(STATE_NAMES),
    tags: Type.Array(KeyValue('ResourceTag')),
    terminationProtectionEnabled: Type.Boolean(),
    versionReleaseSystem: StringEnum(['LTS', 'CONTINUOUS']),
  },
  { title: 'ClusterDescription20240805' },
);

export const Empty: TSchema = Type.Object({}, { additionalProperties: false, title: 'NoBody' });
