import { gzipSync } from 'node:zlib';
import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { STREAM_CONNECTIONS, STREAM_PROCESSORS, STREAM_WORKSPACES } from './collections.js';
import { recordEvent, type StreamEvent } from './events.js';
import { workspaceKey, type ConnectionDoc, type Json, type WorkspaceDoc } from './model.js';

// Stream processing workspaces (Atlas's API calls them tenants and instances).

export const TIERS = ['SP2', 'SP5', 'SP10', 'SP30', 'SP50'] as const;
const DEFAULT_TIER = 'SP30';
const AUDIT_KEEP = 1000;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;

export interface WorkspaceInput {
  name?: string;
  dataProcessRegion?: { cloudProvider?: string; region?: string };
  streamConfig?: { tier?: string; maxTierSize?: string } | null;
  failoverRegions?: unknown[];
}

export const workspaceNotFound = (name: string) =>
  new ApiError(404, 'STREAM_TENANT_NOT_FOUND_FOR_NAME', `No stream processing workspace named ${name} exists.`, [name]);

export async function findWorkspace(r: Reader, groupId: string, name: string): Promise<WorkspaceDoc> {
  await getProject(r, groupId);
  const w = await r.getByName<WorkspaceDoc>(STREAM_WORKSPACES, groupId, name);
  if (!w) throw workspaceNotFound(name);
  return w;
}

export async function listWorkspaces(r: Reader, groupId: string): Promise<WorkspaceDoc[]> {
  await getProject(r, groupId);
  return (await r.list<WorkspaceDoc>(STREAM_WORKSPACES, groupId)).items;
}

export async function saveWorkspace(tx: Tx, w: WorkspaceDoc): Promise<void> {
  await tx.put(STREAM_WORKSPACES, w.id, w, { parent: w.groupId, name: w.name });
}

/** Records the change as an event and as a line of the workspace's audit log. */
export async function noteChange(cmd: Command, w: WorkspaceDoc, type: StreamEvent, target: string): Promise<void> {
  const project = await getProject(cmd.tx, w.groupId);
  w.audit = [...w.audit, { at: cmd.now, action: type, target, user: actorName(cmd) }].slice(-AUDIT_KEEP);
  await saveWorkspace(cmd.tx, w);
  await recordEvent(cmd.tx, { type, at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId: w.groupId, raw: { instanceName: w.name, target } });
}

const actorName = ({ actor }: Command) =>
  actor.kind === 'apiKey' ? actor.publicKey : actor.kind === 'serviceAccount' ? actor.clientId : 'system';

function checkTier(tier: string | undefined, field: string): void {
  if (tier !== undefined && !(TIERS as readonly string[]).includes(tier)) throw errors.invalidEnumValue(tier, field);
}

export async function createWorkspace(cmd: Command, groupId: string, input: WorkspaceInput, sample: boolean): Promise<WorkspaceDoc> {
  const { tx, now } = cmd;
  await getProject(tx, groupId);
  const name = input.name;
  if (!name) throw errors.missingAttribute('name');
  if (!NAME.test(name)) throw errors.invalidAttribute('name', 'letters, digits, - and _, at most 64');
  const region = input.dataProcessRegion;
  if (!region?.cloudProvider) throw errors.missingAttribute('dataProcessRegion.cloudProvider');
  if (!region.region) throw errors.missingAttribute('dataProcessRegion.region');
  if (!['AWS', 'AZURE', 'GCP'].includes(region.cloudProvider)) throw errors.invalidEnumValue(region.cloudProvider, 'dataProcessRegion.cloudProvider');
  checkTier(input.streamConfig?.tier, 'streamConfig.tier');
  checkTier(input.streamConfig?.maxTierSize, 'streamConfig.maxTierSize');
  if (await tx.getByName(STREAM_WORKSPACES, groupId, name)) {
    throw new ApiError(409, 'STREAM_TENANT_NAME_ALREADY_EXISTS', `A stream processing workspace named ${name} already exists.`, [name]);
  }
  const id = newObjectId(now);
  const host = `${region.region.toLowerCase().replace(/_/g, '-')}.a.query.mongodb.net`;
  const w: WorkspaceDoc = {
    id,
    groupId,
    name,
    dataProcessRegion: { cloudProvider: region.cloudProvider, region: region.region },
    tier: input.streamConfig?.tier ?? DEFAULT_TIER,
    ...(input.streamConfig?.maxTierSize ? { maxTierSize: input.streamConfig.maxTierSize } : {}),
    hostnames: [`atlas-stream-${id}-${randomToken(5)}.${host}`],
    audit: [],
  };
  await saveWorkspace(tx, w);
  await noteChange(cmd, w, 'STREAM_TENANT_CREATED', name);
  if (sample) {
    const c: ConnectionDoc = { groupId, workspace: name, name: 'sample_stream_solar', type: 'Sample', settings: {} };
    await tx.put(STREAM_CONNECTIONS, `${workspaceKey(groupId, name)}/${c.name}`, c, { parent: workspaceKey(groupId, name), name: c.name });
    await noteChange(cmd, w, 'STREAM_TENANT_CONNECTION_CREATED', c.name);
  }
  return w;
}

export async function updateWorkspace(cmd: Command, groupId: string, name: string, input: WorkspaceInput & Json): Promise<WorkspaceDoc> {
  const w = await findWorkspace(cmd.tx, groupId, name);
  const cfg = input.streamConfig as { tier?: string; maxTierSize?: string } | undefined;
  checkTier(cfg?.tier, 'streamConfig.tier');
  checkTier(cfg?.maxTierSize, 'streamConfig.maxTierSize');
  const provider = input.cloudProvider as string | undefined;
  const region = input.region as string | undefined;
  if (provider && provider !== w.dataProcessRegion.cloudProvider) {
    throw errors.invalidAttribute('cloudProvider', 'a workspace stays with its cloud provider');
  }
  if (region) w.dataProcessRegion = { ...w.dataProcessRegion, region };
  if (cfg?.tier) w.tier = cfg.tier;
  if (cfg?.maxTierSize) w.maxTierSize = cfg.maxTierSize;
  await noteChange(cmd, w, 'STREAM_TENANT_UPDATED', name);
  return w;
}

export async function deleteWorkspace(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, now, actor } = cmd;
  const w = await findWorkspace(tx, groupId, name);
  const project = await getProject(tx, groupId);
  const key = workspaceKey(groupId, name);
  for (const p of (await tx.list<{ id: string }>(STREAM_PROCESSORS, key)).items) await tx.cancelTimers(p.id);
  await tx.deleteChildren(STREAM_PROCESSORS, key);
  await tx.deleteChildren(STREAM_CONNECTIONS, key);
  await tx.delete(STREAM_WORKSPACES, w.id);
  await recordEvent(tx, { type: 'STREAM_TENANT_DELETED', at: now, actor, orgId: project.orgId, groupId, raw: { instanceName: name } });
}

export async function dropProjectWorkspaces(tx: Tx, groupId: string): Promise<void> {
  for (const w of (await tx.list<WorkspaceDoc>(STREAM_WORKSPACES, groupId)).items) {
    const key = workspaceKey(groupId, w.name);
    await tx.deleteChildren(STREAM_PROCESSORS, key);
    await tx.deleteChildren(STREAM_CONNECTIONS, key);
  }
  await tx.deleteChildren(STREAM_WORKSPACES, groupId);
}

/** The audit log between two moments (seconds since the epoch), as JSON lines, gzipped; base64 for the wire. */
export function auditLog(w: WorkspaceDoc, from: number | undefined, to: number | undefined, processor?: string, onlyProcessors = false): string {
  const lines = w.audit
    .filter((l) => !onlyProcessors || l.action.startsWith('STREAM_PROCESSOR_'))
    .filter((l) => (from === undefined || l.at >= from * 1000) && (to === undefined || l.at <= to * 1000))
    .filter((l) => processor === undefined || l.target === processor)
    .map((l) => JSON.stringify({ ts: new Date(l.at).toISOString(), workspace: w.name, action: l.action, target: l.target, user: l.user }));
  return gzipSync(lines.map((l) => `${l}\n`).join('')).toString('base64');
}

export function workspaceView(w: WorkspaceDoc, link: (p: string) => string, connections?: Json[]) {
  return {
    _id: w.id,
    ...(connections ? { connections } : {}),
    dataProcessRegion: w.dataProcessRegion,
    groupId: w.groupId,
    hostnames: w.hostnames,
    links: [{ href: link(`/api/atlas/v2/groups/${w.groupId}/streams/${w.name}`), rel: 'self' }],
    name: w.name,
    streamConfig: { tier: w.tier, ...(w.maxTierSize ? { maxTierSize: w.maxTierSize } : {}) },
  };
}
