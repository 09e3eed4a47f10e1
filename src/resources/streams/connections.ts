import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { Reader } from '../../platform/store/types.js';
import { findCluster } from '../clusters/clusters.js';
import { STREAM_CONNECTIONS } from './collections.js';
import { workspaceKey, type ConnectionDoc, type Json } from './model.js';
import { findWorkspace, noteChange } from './workspaces.js';

// Connections of a workspace: where processors read and write. Each type needs
// its own settings; secrets (passwords, keys, client secrets) are kept and never
// served again.

export const CONNECTION_TYPES = [
  'Kafka', 'Cluster', 'Sample', 'Https', 'AWSLambda', 'S3', 'AWSKinesisDataStreams', 'SchemaRegistry', 'GCPPubSub', 'AzureBlobStorage',
] as const;
const SAMPLES = ['sample_stream_solar'];
const SECRETS = new Set(['password', 'sslKey', 'sslKeyPassword', 'clientSecret', 'secret', 'secretAccessKey']);
const KAFKA_MECHANISMS = ['PLAIN', 'SCRAM-256', 'SCRAM-512', 'OAUTHBEARER', 'AWS_MSK_IAM'];
const KAFKA_PROTOCOLS = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_SSL', 'SSL'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const notFound = (name: string) =>
  new ApiError(404, 'STREAM_CONNECTION_NOT_FOUND', `No stream processing connection named ${name} exists.`, [name]);

const connKey = (groupId: string, workspace: string, name: string) => `${workspaceKey(groupId, workspace)}/${name}`;

export async function listConnections(r: Reader, groupId: string, workspace: string): Promise<ConnectionDoc[]> {
  await findWorkspace(r, groupId, workspace);
  return (await r.list<ConnectionDoc>(STREAM_CONNECTIONS, workspaceKey(groupId, workspace))).items;
}

export async function getConnection(r: Reader, groupId: string, workspace: string, name: string): Promise<ConnectionDoc> {
  await findWorkspace(r, groupId, workspace);
  const c = await r.get<ConnectionDoc>(STREAM_CONNECTIONS, connKey(groupId, workspace, name));
  if (!c) throw notFound(name);
  return c;
}

/** The settings a type needs, checked; answers them as kept. */
async function checkSettings(cmd: Command, groupId: string, type: string, s: Json): Promise<Json> {
  const need = (field: string, v: unknown): void => {
    if (v === undefined || v === null || v === '') throw errors.missingAttribute(field);
  };
  switch (type) {
    case 'Kafka': {
      need('bootstrapServers', s.bootstrapServers);
      const auth = isObject(s.authentication) ? s.authentication : {};
      if (auth.mechanism !== undefined && !KAFKA_MECHANISMS.includes(auth.mechanism as string)) throw errors.invalidEnumValue(String(auth.mechanism), 'authentication.mechanism');
      if (['PLAIN', 'SCRAM-256', 'SCRAM-512'].includes(auth.mechanism as string)) {
        need('authentication.username', auth.username);
        need('authentication.password', auth.password);
      }
      const security = isObject(s.security) ? s.security : {};
      if (security.protocol !== undefined && !KAFKA_PROTOCOLS.includes(security.protocol as string)) throw errors.invalidEnumValue(String(security.protocol), 'security.protocol');
      if (security.protocol === 'SSL' || security.protocol === 'SASL_SSL') {
        if (security.brokerPublicCertificate !== undefined && typeof security.brokerPublicCertificate !== 'string') throw errors.invalidAttribute('security.brokerPublicCertificate');
      }
      return s;
    }
    case 'Cluster': {
      need('clusterName', s.clusterName);
      const clusterGroup = (s.clusterGroupId as string | undefined) ?? groupId;
      if (!(await findCluster(cmd.tx, clusterGroup, s.clusterName as string))) {
        throw new ApiError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${String(s.clusterName)} exists in group ${clusterGroup}.`, [s.clusterName, clusterGroup]);
      }
      const role = isObject(s.dbRoleToExecute) ? s.dbRoleToExecute : { role: 'atlasAdmin', type: 'BUILT_IN' };
      if (role.type !== 'BUILT_IN' && role.type !== 'CUSTOM') throw errors.invalidEnumValue(String(role.type), 'dbRoleToExecute.type');
      need('dbRoleToExecute.role', role.role);
      return { ...s, dbRoleToExecute: role };
    }
    case 'Https':
      need('url', s.url);
      if (!/^https:\/\/[^\s/]+/.test(String(s.url))) throw errors.invalidAttribute('url', 'an https:// URL');
      return s;
    case 'AWSLambda':
    case 'S3':
    case 'AWSKinesisDataStreams':
      need('aws.roleArn', isObject(s.aws) ? s.aws.roleArn : undefined);
      if (!/^arn:aws:iam::\d{12}:role\/.+/.test(String((s.aws as Json).roleArn))) throw errors.invalidAttribute('aws.roleArn', 'an IAM role ARN');
      return s;
    case 'SchemaRegistry':
      need('schemaRegistryUrls', Array.isArray(s.schemaRegistryUrls) && s.schemaRegistryUrls.length ? s.schemaRegistryUrls : undefined);
      return s;
    default:
      return s;
  }
}

export interface ConnectionInput extends Json {
  name?: string;
  type?: string;
}

export async function createConnection(cmd: Command, groupId: string, workspace: string, input: ConnectionInput): Promise<ConnectionDoc> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  const { name, type, ...settings } = input;
  if (!name) throw errors.missingAttribute('name');
  if (!type) throw errors.missingAttribute('type');
  if (!(CONNECTION_TYPES as readonly string[]).includes(type)) throw errors.invalidEnumValue(type, 'type');
  if (type === 'Sample' && !SAMPLES.includes(name)) throw errors.invalidAttribute('name', `a sample connection is named ${SAMPLES.join(' or ')}`);
  if (await cmd.tx.get(STREAM_CONNECTIONS, connKey(groupId, workspace, name))) {
    throw new ApiError(409, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS', `A connection named ${name} already exists in workspace ${workspace}.`, [name]);
  }
  const c: ConnectionDoc = { groupId, workspace, name, type, settings: await checkSettings(cmd, groupId, type, settings) };
  await cmd.tx.put(STREAM_CONNECTIONS, connKey(groupId, workspace, name), c, { parent: workspaceKey(groupId, workspace), name });
  await noteChange(cmd, w, 'STREAM_TENANT_CONNECTION_CREATED', name);
  return c;
}

export async function updateConnection(cmd: Command, groupId: string, workspace: string, name: string, input: ConnectionInput): Promise<ConnectionDoc> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  const c = await getConnection(cmd.tx, groupId, workspace, name);
  const { name: newName, type, ...settings } = input;
  if (newName !== undefined && newName !== name) throw errors.invalidAttribute('name', 'a connection keeps its name');
  if (type !== undefined && type !== c.type) throw errors.invalidAttribute('type', 'a connection keeps its type');
  c.settings = await checkSettings(cmd, groupId, c.type, { ...c.settings, ...settings });
  await cmd.tx.put(STREAM_CONNECTIONS, connKey(groupId, workspace, name), c, { parent: workspaceKey(groupId, workspace), name });
  await noteChange(cmd, w, 'STREAM_TENANT_CONNECTION_UPDATED', name);
  return c;
}

export async function deleteConnection(cmd: Command, groupId: string, workspace: string, name: string, usedBy: string[]): Promise<void> {
  const w = await findWorkspace(cmd.tx, groupId, workspace);
  await getConnection(cmd.tx, groupId, workspace, name);
  if (usedBy.length > 0) {
    throw new ApiError(409, 'STREAM_CONNECTION_IN_USE', `Connection ${name} is used by stream processor ${usedBy[0]}.`, [name, usedBy[0]]);
  }
  await cmd.tx.delete(STREAM_CONNECTIONS, connKey(groupId, workspace, name));
  await noteChange(cmd, w, 'STREAM_TENANT_CONNECTION_DELETED', name);
}

/** A connection as served: its settings without secrets. */
export function connectionView(c: ConnectionDoc, link: (p: string) => string): Json {
  const strip = (v: unknown): unknown =>
    isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !SECRETS.has(k)).map(([k, x]) => [k, strip(x)])) : v;
  return {
    ...(strip(c.settings) as Json),
    links: [{ href: link(`/api/atlas/v2/groups/${c.groupId}/streams/${c.workspace}/connections/${c.name}`), rel: 'self' }],
    name: c.name,
    type: c.type,
  };
}
