import { Type, type Static } from '@sinclair/typebox';
import {
  awsEndpointServiceName,
  azureConnectionName,
  azurePrivateLinkServiceName,
  azurePrivateLinkServiceResourceId,
  createEndpointService,
  createPrivateEndpoint,
  deleteEndpointService,
  deletePrivateEndpoint,
  gcpServiceAttachmentNames,
  getEndpointService,
  getPrivateEndpoint,
  listEndpointServices,
  listServiceEndpoints,
  type EndpointServiceDoc,
  type PrivateEndpointDoc,
} from './privateEndpoints.js';
import { CLOUD_PROVIDERS, type CloudProvider } from '../clusters/regions.js';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { GroupIdParam, Nullable, ObjectIdString, StringEnum } from '../../platform/schemas.js';

const TAG = 'Private Endpoint Services';
const BASE = '/api/atlas/v2/groups/{groupId}/privateEndpoint';

const IPV4_PATTERN = '^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';
const SERVICE_STATUSES = ['INITIATING', 'AVAILABLE', 'WAITING_FOR_USER', 'FAILED', 'DELETING'] as const;

const CloudProviderParam = StringEnum(CLOUD_PROVIDERS, {
  description: 'Cloud service provider that manages this private endpoint service.',
});
const EndpointServiceIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies the private endpoint service.');
const EndpointIdParam = Type.String({
  minLength: 1,
  description:
    'Unique string that identifies the private endpoint: the AWS interface endpoint id, the URL-encoded Azure private endpoint resource id, or the Google Cloud endpoint group name.',
});

const ServiceParams = Type.Object({ groupId: GroupIdParam, cloudProvider: CloudProviderParam });
const OneServiceParams = Type.Object({
  groupId: GroupIdParam,
  cloudProvider: CloudProviderParam,
  endpointServiceId: EndpointServiceIdParam,
});
const OneEndpointParams = Type.Object({
  groupId: GroupIdParam,
  cloudProvider: CloudProviderParam,
  endpointServiceId: EndpointServiceIdParam,
  endpointId: EndpointIdParam,
});

// ---- endpoint services: one shape per provider, told apart by cloudProvider

const serviceCommon = (provider: CloudProvider) => ({
  cloudProvider: StringEnum([provider] as const),
  errorMessage: Nullable(Type.String()),
  id: ObjectIdString('Unique 24-hexadecimal digit string that identifies the Private Endpoint Service.'),
  regionName: Type.String(),
  status: StringEnum(SERVICE_STATUSES),
});

const AwsEndpointService = Type.Object(
  {
    ...serviceCommon('AWS'),
    endpointServiceName: Nullable(Type.String({ pattern: '^com\\.amazonaws\\.vpce\\.[a-z-0-9]+\\.vpce-svc-[0-9a-f]{17}' })),
    interfaceEndpoints: Type.Array(Type.String({ pattern: '^vpce-[0-9a-f]{17}$' })),
  },
  { additionalProperties: false, title: 'AWSPrivateLinkConnection' },
);

const AzureEndpointService = Type.Object(
  {
    ...serviceCommon('AZURE'),
    privateEndpoints: Type.Array(Type.String()),
    privateLinkServiceName: Nullable(Type.String({ pattern: '^pls_[0-9a-f]{24}$' })),
    privateLinkServiceResourceId: Nullable(Type.String()),
  },
  { additionalProperties: false, title: 'AzurePrivateLinkConnection' },
);

const GcpEndpointService = Type.Object(
  {
    ...serviceCommon('GCP'),
    endpointGroupNames: Type.Array(Type.String()),
    serviceAttachmentNames: Type.Array(Type.String()),
  },
  { additionalProperties: false, title: 'GCPEndpointService' },
);

const EndpointService = Type.Union([AwsEndpointService, AzureEndpointService, GcpEndpointService], {
  title: 'EndpointService',
});

const CreateEndpointService = Type.Object(
  {
    portMappingEnabled: Type.Optional(
      Type.Boolean({ description: 'Whether the service uses PSC port mapping (Google Cloud only).' }),
    ),
    providerName: StringEnum(CLOUD_PROVIDERS),
    region: Type.String({
      minLength: 1,
      description: "Region in Atlas's form (US_EAST_1) or the provider's own (us-east-1, eastus2, us-central1).",
    }),
  },
  { additionalProperties: false, title: 'CloudProviderEndpointServiceRequest' },
);

async function serviceView(r: Reader, s: EndpointServiceDoc): Promise<Static<typeof EndpointService>> {
  const endpointIds = (await listServiceEndpoints(r, s.id)).map((e) => e.endpointId);
  const common = {
    errorMessage: s.errorMessage,
    id: s.id,
    regionName: s.regionName,
    status: s.status,
  };
  switch (s.cloudProvider) {
    case 'AWS':
      return {
        ...common,
        cloudProvider: 'AWS',
        endpointServiceName: s.provisioned ? awsEndpointServiceName(s) : null,
        interfaceEndpoints: endpointIds,
      };
    case 'AZURE':
      return {
        ...common,
        cloudProvider: 'AZURE',
        privateEndpoints: endpointIds,
        privateLinkServiceName: s.provisioned ? azurePrivateLinkServiceName(s) : null,
        privateLinkServiceResourceId: s.provisioned ? azurePrivateLinkServiceResourceId(s) : null,
      };
    case 'GCP':
      return {
        ...common,
        cloudProvider: 'GCP',
        endpointGroupNames: endpointIds,
        serviceAttachmentNames: s.provisioned ? gcpServiceAttachmentNames(s) : [],
      };
  }
}

// ---- interface endpoints

const endpointCommon = (provider: CloudProvider) => ({
  cloudProvider: StringEnum([provider] as const),
  deleteRequested: Type.Boolean(),
  errorMessage: Nullable(Type.String()),
});

const AwsInterfaceEndpoint = Type.Object(
  {
    ...endpointCommon('AWS'),
    connectionStatus: StringEnum(['PENDING_ACCEPTANCE', 'PENDING', 'AVAILABLE', 'REJECTED', 'DELETING'] as const),
    interfaceEndpointId: Type.String({ pattern: '^vpce-[0-9a-f]{17}$' }),
  },
  { additionalProperties: false, title: 'AWSInterfaceEndpoint' },
);

const AzurePrivateEndpoint = Type.Object(
  {
    ...endpointCommon('AZURE'),
    privateEndpointConnectionName: Type.String(),
    privateEndpointIPAddress: Type.String({ pattern: IPV4_PATTERN }),
    privateEndpointResourceId: Type.String(),
    status: StringEnum(['INITIATING', 'AVAILABLE', 'FAILED', 'DELETING'] as const),
  },
  { additionalProperties: false, title: 'AzurePrivateEndpoint' },
);

const GcpEndpointGroup = Type.Object(
  {
    ...endpointCommon('GCP'),
    endpointGroupName: Type.String(),
    endpoints: Type.Array(
      Type.Object(
        {
          endpointName: Type.String(),
          ipAddress: Type.String({ pattern: IPV4_PATTERN }),
          status: StringEnum(['INITIATING', 'AVAILABLE', 'FAILED', 'DELETING'] as const),
        },
        { additionalProperties: false, title: 'GCPConsumerForwardingRule' },
      ),
    ),
    status: StringEnum(['INITIATING', 'AVAILABLE', 'FAILED', 'DELETING'] as const),
  },
  { additionalProperties: false, title: 'GCPEndpointGroup' },
);

const PrivateLinkEndpoint = Type.Union([AwsInterfaceEndpoint, AzurePrivateEndpoint, GcpEndpointGroup], {
  title: 'PrivateLinkEndpoint',
});

const CreateEndpoint = Type.Object(
  {
    cloudProvider: Type.Optional(StringEnum(CLOUD_PROVIDERS)),
    endpointGroupName: Type.Optional(Type.String({ minLength: 1, description: 'GCP: name of the endpoint group.' })),
    endpoints: Type.Optional(
      Type.Array(
        Type.Object(
          {
            endpointName: Type.String({ minLength: 1 }),
            ipAddress: Type.String({ pattern: IPV4_PATTERN }),
          },
          { additionalProperties: false, title: 'CreateGCPForwardingRuleRequest' },
        ),
      ),
    ),
    gcpProjectId: Type.Optional(
      Type.String({
        pattern: '^[a-z][0-9a-z-]{4,28}[0-9a-z]$',
        description: 'GCP: the Google Cloud project in which the endpoints were created.',
      }),
    ),
    id: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'AWS: the interface endpoint id (vpce-...). Azure: the private endpoint resource id.',
      }),
    ),
    privateEndpointIPAddress: Type.Optional(
      Type.String({ pattern: IPV4_PATTERN, description: 'Azure: IPv4 address of the private endpoint in your VNet.' }),
    ),
  },
  { additionalProperties: false, title: 'CreateEndpointRequest' },
);

// AWS reports its own connection states; a failed connection is one AWS rejected.
const AWS_CONNECTION_STATUS = {
  INITIATING: 'PENDING_ACCEPTANCE',
  AVAILABLE: 'AVAILABLE',
  FAILED: 'REJECTED',
  DELETING: 'DELETING',
} as const;

function endpointView(e: PrivateEndpointDoc): Static<typeof PrivateLinkEndpoint> {
  const common = { deleteRequested: e.deleteRequested, errorMessage: e.errorMessage };
  switch (e.cloudProvider) {
    case 'AWS':
      return {
        ...common,
        cloudProvider: 'AWS',
        connectionStatus: AWS_CONNECTION_STATUS[e.status],
        interfaceEndpointId: e.endpointId,
      };
    case 'AZURE':
      return {
        ...common,
        cloudProvider: 'AZURE',
        privateEndpointConnectionName: azureConnectionName(e.endpointId),
        privateEndpointIPAddress: e.privateEndpointIPAddress!,
        privateEndpointResourceId: e.endpointId,
        status: e.status,
      };
    case 'GCP':
      return {
        ...common,
        cloudProvider: 'GCP',
        endpointGroupName: e.endpointId,
        endpoints: (e.endpoints ?? []).map((r) => ({ ...r, status: e.status })),
        status: e.status,
      };
  }
}

const version = <S extends VersionSpec>(spec: S): { '2023-01-01': S } => ({ '2023-01-01': spec });

export const operations = [
  defineOperation({
    operationId: 'createGroupPrivateEndpointEndpointService',
    classicId: 'createPrivateEndpointService',
    method: 'POST',
    path: `${BASE}/endpointService`,
    tag: TAG,
    summary: 'Create One Private Endpoint Service for One Provider',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    // Production answers 201 (recorded), though the specification says 200.
    versions: version({ body: CreateEndpointService, bodyRequired: true, response: EndpointService, status: 201 }),
    provisioningFault: true,
    async handler(ctx) {
      const created = await ctx.command((cmd) => createEndpointService(cmd, ctx.params.groupId, ctx.body));
      return serviceView(ctx.store, created);
    },
  }),
  defineOperation({
    operationId: 'listGroupPrivateEndpointEndpointService',
    classicId: 'listPrivateEndpointServices',
    method: 'GET',
    path: `${BASE}/{cloudProvider}/endpointService`,
    tag: TAG,
    summary: 'Return All Private Endpoint Services for One Provider',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: ServiceParams,
    versions: version({ response: Type.Array(EndpointService, { title: 'EndpointServices' }) }),
    async handler(ctx) {
      const { store } = ctx;
      const all = await listEndpointServices(store, ctx.params.groupId, ctx.params.cloudProvider);
      return Promise.all(all.map((s) => serviceView(store, s)));
    },
  }),
  defineOperation({
    operationId: 'getGroupPrivateEndpointEndpointService',
    classicId: 'getPrivateEndpointService',
    method: 'GET',
    path: `${BASE}/{cloudProvider}/endpointService/{endpointServiceId}`,
    tag: TAG,
    summary: 'Return One Private Endpoint Service for One Provider',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: OneServiceParams,
    versions: version({ response: EndpointService }),
    async handler(ctx) {
      const { store } = ctx;
      const { groupId, cloudProvider, endpointServiceId } = ctx.params;
      return serviceView(store, await getEndpointService(store, groupId, cloudProvider, endpointServiceId));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupPrivateEndpointEndpointService',
    classicId: 'deletePrivateEndpointService',
    method: 'DELETE',
    path: `${BASE}/{cloudProvider}/endpointService/{endpointServiceId}`,
    tag: TAG,
    summary: 'Remove One Private Endpoint Service for One Provider',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: OneServiceParams,
    versions: version({ status: 204 }),
    async handler(ctx) {
      const { groupId, cloudProvider, endpointServiceId } = ctx.params;
      await ctx.command((cmd) => deleteEndpointService(cmd, groupId, cloudProvider, endpointServiceId));
    },
  }),
  defineOperation({
    operationId: 'createGroupPrivateEndpointEndpointServiceEndpoint',
    classicId: 'createPrivateEndpoint',
    method: 'POST',
    path: `${BASE}/{cloudProvider}/endpointService/{endpointServiceId}/endpoint`,
    tag: TAG,
    summary: 'Create One Private Endpoint for One Provider',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: OneServiceParams,
    // The specification says 200; unlike the service create, no recording says otherwise.
    versions: version({ body: CreateEndpoint, bodyRequired: true, response: PrivateLinkEndpoint }),
    provisioningFault: true,
    async handler(ctx) {
      const { groupId, cloudProvider, endpointServiceId } = ctx.params;
      const created = await ctx.command((cmd) =>
        createPrivateEndpoint(cmd, groupId, cloudProvider, endpointServiceId, ctx.body),
      );
      return endpointView(created);
    },
  }),
  defineOperation({
    operationId: 'getGroupPrivateEndpointEndpointServiceEndpoint',
    classicId: 'getPrivateEndpoint',
    method: 'GET',
    path: `${BASE}/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId}`,
    tag: TAG,
    summary: 'Return One Private Endpoint for One Provider',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: OneEndpointParams,
    versions: version({ response: PrivateLinkEndpoint }),
    async handler(ctx) {
      const { groupId, cloudProvider, endpointServiceId, endpointId } = ctx.params;
      return endpointView(
        await getPrivateEndpoint(ctx.store, groupId, cloudProvider, endpointServiceId, endpointId),
      );
    },
  }),
  defineOperation({
    operationId: 'deleteGroupPrivateEndpointEndpointServiceEndpoint',
    classicId: 'deletePrivateEndpoint',
    method: 'DELETE',
    path: `${BASE}/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId}`,
    tag: TAG,
    summary: 'Remove One Private Endpoint for One Provider',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: OneEndpointParams,
    versions: version({ status: 204 }),
    async handler(ctx) {
      const { groupId, cloudProvider, endpointServiceId, endpointId } = ctx.params;
      await ctx.command((cmd) => deletePrivateEndpoint(cmd, groupId, cloudProvider, endpointServiceId, endpointId));
    },
  }),
];
