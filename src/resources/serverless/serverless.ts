import type { Command } from '../../platform/command.js';
import type { Page, PageResult, Reader } from '../../platform/store/types.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import { deploymentKind } from '../../platform/deployments.js';
import { clusterErrors } from '../clusters/model.js';
import { REGIONS as CLOUD_REGIONS } from '../clusters/regions.js';
import { getProject, type Tag } from '../projects/projects.js';
import { SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS } from './collections.js';
import { recordEvent } from './events.js';
import { backupsTo, serverlessLifecycle } from './lifecycle.js';
import {
  instanceEvent,
  putInstance,
  serverlessErrors,
  type BackingProvider,
  type ServerlessDoc,
  type SnapshotDoc,
} from './model.js';

export * from './model.js';
export { nextBackupAt } from './backups.js';

/** MongoDB version production serverless instances reported (recorded January 2026). */
const SERVERLESS_MONGODB_VERSION = '8.0.17';

// Region names as Atlas spells them, per backing provider, from the one region table.
const REGIONS: Record<BackingProvider, ReadonlySet<string>> = {
  AWS: new Set(CLOUD_REGIONS.AWS.map((r) => r.atlas)),
  GCP: new Set(CLOUD_REGIONS.GCP.map((r) => r.atlas)),
  AZURE: new Set(CLOUD_REGIONS.AZURE.map((r) => r.atlas)),
};

/** The serverless instance of that name, or Atlas's 404 (or 400 when the name is a cluster's). */
export async function getServerless(r: Reader, groupId: string, name: string): Promise<ServerlessDoc> {
  const inst = await r.getByName<ServerlessDoc>(SERVERLESS_INSTANCES, groupId, name);
  if (inst) return inst;
  if (await deploymentKind(r, groupId, name)) throw serverlessErrors.clusterOnServerlessApi(name);
  throw serverlessErrors.notFound(name, groupId);
}

export async function listServerless(r: Reader, groupId: string, page: Page): Promise<PageResult<ServerlessDoc>> {
  return r.list<ServerlessDoc>(SERVERLESS_INSTANCES, groupId, page);
}

export interface NewServerless {
  name: string;
  providerSettings: { backingProviderName: BackingProvider; providerName?: 'SERVERLESS'; regionName?: string };
  serverlessBackupOptions?: { serverlessContinuousBackupEnabled?: boolean };
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

export async function createServerless(cmd: Command, groupId: string, input: NewServerless): Promise<ServerlessDoc> {
  const { tx, actor, now: at } = cmd;
  const project = await getProject(tx, groupId);
  if (await deploymentKind(tx, groupId, input.name)) throw serverlessErrors.duplicateName(input.name, groupId);
  const provider = input.providerSettings.backingProviderName;
  const region = input.providerSettings.regionName ?? '';
  if (!REGIONS[provider].has(region)) throw clusterErrors.invalidRegion(region, provider);
  const created = Math.floor(at / 1000) * 1000;
  const inst: ServerlessDoc = {
    id: newObjectId(at),
    groupId,
    orgId: project.orgId,
    name: input.name,
    created,
    stateName: 'CREATING',
    backingProviderName: provider,
    regionName: region,
    continuousBackup: input.serverlessBackupOptions?.serverlessContinuousBackupEnabled ?? false,
    srvHost: `${input.name.toLowerCase()}.${randomToken(5)}.mongodb.net`,
    mongoDBVersion: SERVERLESS_MONGODB_VERSION,
    tags: input.tags ?? [],
    terminationProtectionEnabled: input.terminationProtectionEnabled ?? false,
    nextSlot: 0,
  };
  await putInstance(tx, inst);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_CREATED', actor, at));
  await serverlessLifecycle.start(cmd, 'ready', inst.id);
  return inst;
}

export interface ServerlessChanges {
  serverlessBackupOptions?: { serverlessContinuousBackupEnabled?: boolean };
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

export async function updateServerless(cmd: Command, groupId: string, name: string, changes: ServerlessChanges): Promise<ServerlessDoc> {
  const { tx, actor, now: at } = cmd;
  const inst = await getServerless(tx, groupId, name);
  if (inst.stateName === 'DELETING') throw serverlessErrors.deleting(name);
  const continuous = changes.serverlessBackupOptions?.serverlessContinuousBackupEnabled;
  const backupChanged = continuous !== undefined && continuous !== inst.continuousBackup;
  const tagsChanged = changes.tags !== undefined && JSON.stringify(changes.tags) !== JSON.stringify(inst.tags);
  const protectionChanged =
    changes.terminationProtectionEnabled !== undefined &&
    changes.terminationProtectionEnabled !== inst.terminationProtectionEnabled;
  if (!backupChanged && !tagsChanged && !protectionChanged) return inst;

  if (backupChanged) inst.continuousBackup = continuous;
  if (tagsChanged) inst.tags = changes.tags!;
  if (protectionChanged) inst.terminationProtectionEnabled = changes.terminationProtectionEnabled!;
  if (inst.stateName === 'IDLE') inst.stateName = 'UPDATING';
  await putInstance(tx, inst);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_UPDATE_SUBMITTED', actor, at));
  // The new retention applies from now on: existing snapshots get new expiry dates.
  if (backupChanged && inst.nextSlot > 0) await backupsTo(cmd, inst, at);
  await serverlessLifecycle.start(cmd, 'updated', inst.id);
  return inst;
}

export async function deleteServerless(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const inst = await getServerless(tx, groupId, name);
  if (inst.stateName === 'DELETING') throw serverlessErrors.deleting(name);
  if (inst.terminationProtectionEnabled) throw serverlessErrors.terminationProtected();
  inst.stateName = 'DELETING';
  await putInstance(tx, inst);
  // No more snapshots, and no pending create or update finishes after this.
  await cmd.effects.cancel(inst.id);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_DELETE_SUBMITTED', actor, at));
  await serverlessLifecycle.start(cmd, 'deleted', inst.id);
}

/** Snapshots of an instance, newest first. */
export async function listSnapshots(r: Reader, inst: ServerlessDoc): Promise<SnapshotDoc[]> {
  const { items } = await r.list<SnapshotDoc>(SERVERLESS_SNAPSHOTS, inst.id);
  return items.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getSnapshot(r: Reader, inst: ServerlessDoc, snapshotId: string): Promise<SnapshotDoc> {
  const snap = await r.get<SnapshotDoc>(SERVERLESS_SNAPSHOTS, snapshotId);
  if (!snap || snap.instanceId !== inst.id) throw errors.snapshotNotFound(snapshotId, 'serverless instance', inst.name);
  return snap;
}

