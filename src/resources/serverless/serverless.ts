import { createHash } from 'node:crypto';
import type { Page, PageResult, Reader, Tx } from '../../platform/store/types.js';
import { SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS } from './collections.js';
import { deploymentKind } from '../../platform/deployments.js';
import { clusterErrors } from '../clusters/clusters.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM, type Actor, type EventInput } from '../../platform/events.js';
import { recordEvent, EVENT_TYPES } from './events.js';

type EventName = keyof typeof EVENT_TYPES;
import { newObjectId, randomToken } from '../../platform/ids.js';
import { getProject, type Tag } from '../projects/projects.js';
import type { Services } from '../../platform/services.js';
import { advanceSnapshots, type SnapshotPolicy } from '../../platform/sim/recurringSnapshots.js';
import { REGIONS as CLOUD_REGIONS } from '../clusters/regions.js';

// Serverless instances and the snapshots Atlas takes of them on a fixed schedule:
// every six hours from creation. Basic backup keeps the two newest snapshots;
// continuous backup keeps the six-hourly ones for its 72-hour restore window and
// one snapshot a day for 35 days.

export const BACKING_PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;
export type BackingProvider = (typeof BACKING_PROVIDERS)[number];

export type ServerlessState = 'CREATING' | 'IDLE' | 'UPDATING' | 'DELETING';
export type SnapshotStatus = 'queued' | 'inProgress' | 'completed' | 'failed';
export type FrequencyType = 'hourly' | 'daily' | 'weekly' | 'monthly';

/** MongoDB version production serverless instances reported (recorded January 2026). */
const SERVERLESS_MONGODB_VERSION = '8.0.17';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SNAPSHOT_INTERVAL_MS = 6 * HOUR;
/** Continuous backup restores to any point in the last 72 hours, so the six-hourly snapshots stay that long. */
const CONTINUOUS_HOURLY_RETENTION_MS = 72 * HOUR;
const CONTINUOUS_DAILY_RETENTION_MS = 35 * DAY;
/** Every fourth six-hourly snapshot (one a day from creation) is the daily one. */
const SLOTS_PER_DAY = 4;

// Region names as Atlas spells them, per backing provider, from the one region table.
const REGIONS: Record<BackingProvider, ReadonlySet<string>> = {
  AWS: new Set(CLOUD_REGIONS.AWS.map((r) => r.atlas)),
  GCP: new Set(CLOUD_REGIONS.GCP.map((r) => r.atlas)),
  AZURE: new Set(CLOUD_REGIONS.AZURE.map((r) => r.atlas)),
};

export interface ServerlessDoc {
  id: string;
  groupId: string;
  orgId: string;
  name: string;
  /** Creation time in ms, whole seconds: the snapshot schedule's origin. */
  created: number;
  stateName: ServerlessState;
  backingProviderName: BackingProvider;
  regionName: string;
  continuousBackup: boolean;
  /** Host of the SRV record: <name>.<5 chars>.mongodb.net */
  srvHost: string;
  mongoDBVersion: string;
  tags: Tag[];
  terminationProtectionEnabled: boolean;
  /** Index of the next scheduled snapshot (taken at created + index × 6 h); 0 until the instance is ready. */
  nextSlot: number;
}

export interface SnapshotDoc {
  id: string;
  groupId: string;
  instanceId: string;
  instanceName: string;
  slot: number;
  createdAt: number;
  status: SnapshotStatus;
  frequencyType: FrequencyType;
  snapshotType: 'scheduled';
  mongodVersion: string;
  storageSizeBytes: number;
  expiresAt: number;
}

// Errors with Atlas's codes.
export const serverlessErrors = {
  notFound: (name: string, groupId: string) =>
    new ApiError(404, 'SERVERLESS_INSTANCE_NOT_FOUND', `No serverless instance named ${name} exists in group ${groupId}.`, [
      name,
      groupId,
    ]),
  clusterOnServerlessApi: (name: string) =>
    new ApiError(
      400,
      'CANNOT_USE_CLUSTER_IN_SERVERLESS_INSTANCE_API',
      `Cannot use the cluster ${name} with the serverless instance API. Use the cluster API instead.`,
      [name],
    ),
  // Atlas reports a name taken by a cluster or a serverless instance the same way.
  duplicateName: (name: string, groupId: string) =>
    new ApiError(
      400,
      'DUPLICATE_CLUSTER_NAME',
      `A cluster or serverless instance named ${name} is already present in group ${groupId}.`,
      ['cluster or serverless instance', name, groupId],
    ),
  terminationProtected: () =>
    new ApiError(
      400,
      'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED',
      'Cannot terminate a cluster when termination protection is enabled. Disable termination protection and try again.',
    ),
  deleting: (name: string) =>
    new ApiError(400, 'CLUSTER_ALREADY_REQUESTED_DELETION', `The cluster ${name} has already been requested for deletion.`, [
      name,
    ]),
};

/** Every serverless event names the instance the way cluster events name a cluster. */
function instanceEvent(inst: ServerlessDoc, type: EventName, actor: Actor, at: number): EventInput<EventName> {
  return { type, at, actor, orgId: inst.orgId, groupId: inst.groupId, clusterName: inst.name };
}

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

const putInstance = (tx: Tx, inst: ServerlessDoc) =>
  tx.put(SERVERLESS_INSTANCES, inst.id, inst, { parent: inst.groupId, name: inst.name });

/** When the snapshot of a given slot is taken. */
function slotTime(inst: ServerlessDoc, slot: number): number {
  return inst.created + slot * SNAPSHOT_INTERVAL_MS;
}

/** The next scheduled snapshot, while the instance is taking them (or about to). */
export function nextBackupAt(inst: ServerlessDoc): number | undefined {
  if (inst.stateName === 'DELETING') return undefined;
  return slotTime(inst, Math.max(inst.nextSlot, 1));
}

/** What the lifecycle code needs from the server: step durations and timers. */
export interface ServerlessRuntime {
  /** Duration of a lifecycle step in ms. */
  step(name: 'serverless.create' | 'serverless.update' | 'serverless.delete' | 'serverless.snapshot'): number;
  schedule(tx: Tx, kind: string, ref: string, due: number, id?: string): Promise<void>;
}

export const TIMERS = {
  ready: 'serverless.ready',
  updated: 'serverless.updated',
  deleted: 'serverless.deleted',
  backup: 'serverless.backup',
} as const;

const backupTimerId = (instanceId: string) => `${TIMERS.backup}:${instanceId}`;

export interface NewServerless {
  name: string;
  providerSettings: { backingProviderName: BackingProvider; providerName?: 'SERVERLESS'; regionName?: string };
  serverlessBackupOptions?: { serverlessContinuousBackupEnabled?: boolean };
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

export async function createServerless(
  tx: Tx,
  rt: ServerlessRuntime,
  groupId: string,
  input: NewServerless,
  actor: Actor,
  at: number,
): Promise<ServerlessDoc> {
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
  await rt.schedule(tx, TIMERS.ready, inst.id, at + rt.step('serverless.create'));
  return inst;
}

export interface ServerlessChanges {
  serverlessBackupOptions?: { serverlessContinuousBackupEnabled?: boolean };
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

export async function updateServerless(
  tx: Tx,
  rt: ServerlessRuntime,
  groupId: string,
  name: string,
  changes: ServerlessChanges,
  actor: Actor,
  at: number,
): Promise<ServerlessDoc> {
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
  if (backupChanged && inst.nextSlot > 0) await advanceBackups(tx, rt, inst, at);
  // A later update restarts the wait: the instance is IDLE once the last change has applied.
  await rt.schedule(tx, TIMERS.updated, inst.id, at + rt.step('serverless.update'), `${TIMERS.updated}:${inst.id}`);
  return inst;
}

export async function deleteServerless(
  tx: Tx,
  rt: ServerlessRuntime,
  groupId: string,
  name: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const inst = await getServerless(tx, groupId, name);
  if (inst.stateName === 'DELETING') throw serverlessErrors.deleting(name);
  if (inst.terminationProtectionEnabled) throw serverlessErrors.terminationProtected();
  inst.stateName = 'DELETING';
  await putInstance(tx, inst);
  // No more snapshots, and no pending create or update finishes after this.
  await tx.cancelTimers(inst.id);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_DELETE_SUBMITTED', actor, at));
  await rt.schedule(tx, TIMERS.deleted, inst.id, at + rt.step('serverless.delete'));
}

// Lifecycle steps, run by the scheduler with the timer's due time as "now".

async function onReady(tx: Tx, rt: ServerlessRuntime, instanceId: string, at: number): Promise<void> {
  const inst = await tx.get<ServerlessDoc>(SERVERLESS_INSTANCES, instanceId);
  if (!inst || inst.stateName !== 'CREATING') return;
  inst.stateName = 'IDLE';
  // The schedule keeps its origin at creation; the first snapshot is the first slot after the instance is up.
  inst.nextSlot = Math.max(1, Math.ceil((at - inst.created) / SNAPSHOT_INTERVAL_MS));
  await putInstance(tx, inst);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_READY', SYSTEM, at));
  await advanceBackups(tx, rt, inst, at);
}

async function onUpdated(tx: Tx, instanceId: string, at: number): Promise<void> {
  const inst = await tx.get<ServerlessDoc>(SERVERLESS_INSTANCES, instanceId);
  if (!inst || inst.stateName === 'DELETING') return;
  if (inst.stateName === 'UPDATING') {
    inst.stateName = 'IDLE';
    await putInstance(tx, inst);
  }
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_UPDATE_COMPLETED', SYSTEM, at));
}

export async function onDeleted(tx: Tx, instanceId: string, at: number): Promise<void> {
  const inst = await tx.get<ServerlessDoc>(SERVERLESS_INSTANCES, instanceId);
  if (!inst) return;
  // Atlas deletes an instance's backups with it.
  await tx.deleteChildren(SERVERLESS_SNAPSHOTS, inst.id);
  await tx.delete(SERVERLESS_INSTANCES, inst.id);
  await tx.cancelTimers(inst.id);
  await recordEvent(tx, instanceEvent(inst, 'SERVERLESS_INSTANCE_DELETED', SYSTEM, at));
}

async function onBackupTimer(tx: Tx, rt: ServerlessRuntime, instanceId: string, horizon: number): Promise<void> {
  const inst = await tx.get<ServerlessDoc>(SERVERLESS_INSTANCES, instanceId);
  if (!inst || inst.stateName === 'DELETING' || inst.nextSlot === 0) return;
  await advanceBackups(tx, rt, inst, horizon);
}

// Snapshots.

function frequencyFor(inst: ServerlessDoc, slot: number): FrequencyType {
  return inst.continuousBackup && slot % SLOTS_PER_DAY === 0 ? 'daily' : 'hourly';
}

/**
 * When a snapshot goes away under the instance's current backup option. Basic
 * backup keeps the two newest: a snapshot goes when the one two slots later has
 * completed, so two completed snapshots always remain.
 */
function expiryFor(inst: ServerlessDoc, snap: SnapshotDoc, duration: number): number {
  if (!inst.continuousBackup) return slotTime(inst, snap.slot + 2) + duration;
  return snap.createdAt + (snap.frequencyType === 'daily' ? CONTINUOUS_DAILY_RETENTION_MS : CONTINUOUS_HOURLY_RETENTION_MS);
}

const EMPTY_INSTANCE_BYTES = 4 * 1024 * 1024;
const GROWTH_BYTES_PER_HOUR = 256 * 1024;

/** Snapshot size: a few MB of system data plus steady growth with age, with a little per-snapshot noise. */
function snapshotSize(inst: ServerlessDoc, slot: number, at: number): number {
  const hours = (at - inst.created) / HOUR;
  const noise = createHash('sha1').update(`${inst.id}:${slot}`).digest().readUInt16BE(0);
  return Math.round(EMPTY_INSTANCE_BYTES + GROWTH_BYTES_PER_HOUR * hours + noise);
}

/** The instance's schedule, played by the one recurring-snapshot engine. */
function snapshotPolicy(rt: ServerlessRuntime): SnapshotPolicy<ServerlessDoc, SnapshotDoc> {
  return {
    collection: SERVERLESS_SNAPSHOTS,
    slotTime,
    expiry: expiryFor,
    create: (inst, slot, createdAt) => ({
      id: newObjectId(createdAt),
      groupId: inst.groupId,
      instanceId: inst.id,
      instanceName: inst.name,
      slot,
      createdAt,
      status: 'queued',
      frequencyType: frequencyFor(inst, slot),
      snapshotType: 'scheduled',
      mongodVersion: inst.mongoDBVersion,
      storageSizeBytes: 0,
      expiresAt: 0,
    }),
    async completed(tx, inst, snap, at) {
      snap.storageSizeBytes = snapshotSize(inst, snap.slot, at);
      await recordEvent(tx, { ...instanceEvent(inst, 'SERVERLESS_SNAPSHOT_COMPLETED', SYSTEM, at), raw: { snapshotId: snap.id } });
    },
    saveOwner: putInstance,
    scheduleNext: (tx, inst, due) => rt.schedule(tx, TIMERS.backup, inst.id, due, backupTimerId(inst.id)),
  };
}

async function advanceBackups(tx: Tx, rt: ServerlessRuntime, inst: ServerlessDoc, horizon: number): Promise<void> {
  await advanceSnapshots(tx, snapshotPolicy(rt), inst, horizon, rt.step('serverless.snapshot'));
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

/** The server's clock-driven side: step durations and the scheduler. */
export function serverlessRuntime(services: Services): ServerlessRuntime {
  return {
    step: (name) => services.lifecycle(name),
    schedule: (tx, kind, ref, due, id) => services.scheduler.schedule(tx, { kind, ref, due, id }),
  };
}

export function registerServerlessLifecycle(services: Services): void {
  const rt = serverlessRuntime(services);
  services.scheduler.on(TIMERS.ready, (tx, timer) => onReady(tx, rt, timer.ref, timer.due));
  services.scheduler.on(TIMERS.updated, (tx, timer) => onUpdated(tx, timer.ref, timer.due));
  services.scheduler.on(TIMERS.deleted, (tx, timer) => onDeleted(tx, timer.ref, timer.due));
  // Catches up to the present in one pass: nothing else changes an instance's
  // snapshots between its own timers, so the history is the same as step by step.
  services.scheduler.on(TIMERS.backup, (tx, timer) =>
    onBackupTimer(tx, rt, timer.ref, Math.max(timer.due, services.clock.now())),
  );
}
