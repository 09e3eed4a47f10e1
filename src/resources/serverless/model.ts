import type { Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import type { Actor, EventInput } from '../../platform/events.js';
import type { FrequencyType as BackupFrequency } from '../../platform/sim/recurringSnapshots.js';
import type { Tag } from '../projects/model.js';
import { SERVERLESS_INSTANCES } from './collections.js';
import type { EVENT_TYPES } from './events.js';

export type EventName = keyof typeof EVENT_TYPES;

export const BACKING_PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;
export type BackingProvider = (typeof BACKING_PROVIDERS)[number];

export type ServerlessState = 'CREATING' | 'IDLE' | 'UPDATING' | 'DELETING';
export type SnapshotStatus = 'queued' | 'inProgress' | 'completed' | 'failed';
/** Serverless snapshots are never yearly. */
export type FrequencyType = Exclude<BackupFrequency, 'yearly'>;

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
export function instanceEvent(inst: ServerlessDoc, type: EventName, actor: Actor, at: number): EventInput<EventName> {
  return { type, at, actor, orgId: inst.orgId, groupId: inst.groupId, clusterName: inst.name };
}

export const putInstance = (tx: Tx, inst: ServerlessDoc) =>
  tx.put(SERVERLESS_INSTANCES, inst.id, inst, { parent: inst.groupId, name: inst.name });
