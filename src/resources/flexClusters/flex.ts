import type { Reader, Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { deploymentKind } from '../../platform/deployments.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';
import type { Services } from '../../platform/services.js';
import { getProject, type Tag } from '../projects/projects.js';
import { clusterErrors } from '../clusters/clusters.js';
import { DEFAULT_MAJOR_VERSION, LTS_VERSIONS, REGIONS } from '../clusters/catalog.js';
import { FLEX_CLUSTERS, FLEX_RESTORE_JOBS, FLEX_SNAPSHOTS } from './collections.js';
import { recordEvent, type FlexEventName } from './events.js';

// Flex clusters: Atlas's multi-tenant tier since 2025, with their own API.
// A Flex cluster's name is unique among all deployments of its project, and the
// cluster API refuses it (and this API refuses the others) with Atlas's codes.

export const BACKING_PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;
export type BackingProvider = (typeof BACKING_PROVIDERS)[number];
export type FlexState = 'CREATING' | 'IDLE' | 'UPDATING' | 'DELETING';

/** Every Flex cluster has 5 GB of storage. */
export const FLEX_DISK_GB = 5;

/** FLEX_CLUSTERS, parent = groupId, name = cluster name. */
export interface FlexDoc {
  id: string;
  groupId: string;
  orgId: string;
  name: string;
  createDate: string;
  /** Origin of the daily snapshot schedule (ms, whole seconds): creation, or the moment a free cluster became Flex. */
  created: number;
  stateName: FlexState;
  backingProviderName: BackingProvider;
  regionName: string;
  mongoDBVersion: string;
  tags: Tag[];
  terminationProtectionEnabled: boolean;
  /** Host parts: <name>.<domainToken>.mongodb.net, ac-<replicaSetToken>-shard-00-0n. */
  domainToken: string;
  replicaSetToken: string;
  /** Index of the next daily snapshot; 0 until the cluster is up. */
  nextSlot: number;
}

export const flexErrors = {
  notFlex: (name: string) =>
    new ApiError(
      400,
      'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
      `Cluster ${name} is not a Flex cluster and cannot be used in the Flex API.`,
      [name],
    ),
};

export const TIMERS = {
  ready: 'flex.ready',
  updated: 'flex.updated',
  deleted: 'flex.deleted',
  snapshots: 'flex.snapshots',
  restore: 'flex.restore',
} as const;

/** What the lifecycle code needs from the server. */
export interface FlexRuntime {
  step(name: string): number;
  schedule(tx: Tx, kind: string, ref: string, due: number, id?: string): Promise<void>;
  now(): number;
}

export function flexRuntime(services: Services): FlexRuntime {
  return {
    step: (name) => services.lifecycle(name),
    schedule: (tx, kind, ref, due, id) => services.scheduler.schedule(tx, { kind, ref, due, id }),
    now: () => services.clock.now(),
  };
}

export function flexEvent(f: Pick<FlexDoc, 'groupId' | 'orgId' | 'name'>, type: FlexEventName, actor: Actor, at: number) {
  return { type, at, actor, orgId: f.orgId, groupId: f.groupId, clusterName: f.name };
}

export const putFlex = (tx: Tx, f: FlexDoc) => tx.put(FLEX_CLUSTERS, f.id, f, { parent: f.groupId, name: f.name });

/** The Flex cluster of that name, or Atlas's answer for another kind of deployment or for nothing. */
export async function getFlex(r: Reader, groupId: string, name: string): Promise<FlexDoc> {
  const f = await r.getByName<FlexDoc>(FLEX_CLUSTERS, groupId, name);
  if (f) return f;
  if (await deploymentKind(r, groupId, name)) throw flexErrors.notFlex(name);
  throw clusterErrors.notFound(name, groupId);
}

export async function listFlex(r: Reader, groupId: string): Promise<FlexDoc[]> {
  return (await r.list<FlexDoc>(FLEX_CLUSTERS, groupId)).items;
}

/** The connection strings a Flex cluster serves from creation (tenant clusters are reachable by name at once). */
export function flexConnectionStrings(f: FlexDoc): { standard: string; standardSrv: string } {
  const domain = `${f.domainToken}.mongodb.net`;
  const hosts = [0, 1, 2].map((n) => `ac-${f.replicaSetToken}-shard-00-0${n}.${domain}:27017`).join(',');
  return {
    standard: `mongodb://${hosts}/?ssl=true&authSource=admin&replicaSet=atlas-${f.replicaSetToken}-shard-0`,
    standardSrv: `mongodb+srv://${f.name.toLowerCase()}.${domain}`,
  };
}

export function checkRegion(provider: BackingProvider, region: string): void {
  if (!REGIONS[provider].includes(region)) throw clusterErrors.invalidRegion(region, provider);
}

/** A new Flex cluster document (not stored): created now, or carrying a free cluster's identity. */
export function newFlexDoc(
  groupId: string,
  orgId: string,
  name: string,
  provider: BackingProvider,
  region: string,
  at: number,
  from?: { id: string; createDate: string; tags: Tag[]; terminationProtectionEnabled: boolean; domainToken: string; replicaSetToken: string },
): FlexDoc {
  checkRegion(provider, region);
  return {
    id: from?.id ?? newObjectId(at),
    groupId,
    orgId,
    name,
    createDate: from?.createDate ?? isoSeconds(at),
    created: Math.floor(at / 1000) * 1000,
    stateName: 'CREATING',
    backingProviderName: provider,
    regionName: region,
    mongoDBVersion: LTS_VERSIONS[DEFAULT_MAJOR_VERSION]!,
    tags: from?.tags ?? [],
    terminationProtectionEnabled: from?.terminationProtectionEnabled ?? false,
    domainToken: from?.domainToken ?? randomToken(7),
    replicaSetToken: from?.replicaSetToken ?? randomToken(7),
    nextSlot: 0,
  };
}

export interface NewFlex {
  name: string;
  providerSettings: { backingProviderName: BackingProvider; regionName: string };
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

export async function createFlex(tx: Tx, rt: FlexRuntime, groupId: string, input: NewFlex, actor: Actor, at: number): Promise<FlexDoc> {
  const project = await getProject(tx, groupId);
  if (await deploymentKind(tx, groupId, input.name)) throw clusterErrors.duplicateName(input.name, groupId);
  const { backingProviderName, regionName } = input.providerSettings;
  const f = newFlexDoc(groupId, project.orgId, input.name, backingProviderName, regionName, at);
  f.tags = input.tags ?? [];
  f.terminationProtectionEnabled = input.terminationProtectionEnabled ?? false;
  await putFlex(tx, f);
  await recordEvent(tx, flexEvent(f, 'CLUSTER_CREATED', actor, at));
  await rt.schedule(tx, TIMERS.ready, f.id, at + rt.step('flex.create'));
  return f;
}

export interface FlexChanges {
  tags?: Tag[];
  terminationProtectionEnabled?: boolean;
}

/** The Flex cluster a request changes; one being deleted takes no change. */
export async function flexToChange(r: Reader, groupId: string, name: string): Promise<FlexDoc> {
  const f = await getFlex(r, groupId, name);
  if (f.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(name);
  return f;
}

export async function updateFlex(
  tx: Tx,
  rt: FlexRuntime,
  groupId: string,
  name: string,
  changes: FlexChanges,
  actor: Actor,
  at: number,
): Promise<FlexDoc> {
  const f = await flexToChange(tx, groupId, name);
  const tagsChanged = changes.tags !== undefined && JSON.stringify(changes.tags) !== JSON.stringify(f.tags);
  const protectionChanged =
    changes.terminationProtectionEnabled !== undefined && changes.terminationProtectionEnabled !== f.terminationProtectionEnabled;
  if (!tagsChanged && !protectionChanged) return f;
  if (tagsChanged) f.tags = changes.tags!;
  if (protectionChanged) f.terminationProtectionEnabled = changes.terminationProtectionEnabled!;
  await recordEvent(tx, flexEvent(f, 'CLUSTER_UPDATE_SUBMITTED', actor, at));
  // A cluster still being created takes the change into its creation.
  if (f.stateName !== 'CREATING') {
    f.stateName = 'UPDATING';
    await rt.schedule(tx, TIMERS.updated, f.id, at + rt.step('flex.update'), `${TIMERS.updated}:${f.id}`);
  }
  await putFlex(tx, f);
  return f;
}

export async function deleteFlex(tx: Tx, rt: FlexRuntime, groupId: string, name: string, actor: Actor, at: number): Promise<void> {
  const f = await flexToChange(tx, groupId, name);
  if (f.terminationProtectionEnabled) throw clusterErrors.terminationProtected(name);
  f.stateName = 'DELETING';
  // No more snapshots, and no pending create or update finishes after this.
  await tx.cancelTimers(f.id);
  await putFlex(tx, f);
  await recordEvent(tx, flexEvent(f, 'CLUSTER_DELETE_SUBMITTED', actor, at));
  await rt.schedule(tx, TIMERS.deleted, f.id, at + rt.step('flex.delete'));
}

/** Removes the cluster with its snapshots and restore jobs (Atlas deletes a Flex cluster's backups with it). */
export async function dropFlex(tx: Tx, f: FlexDoc): Promise<void> {
  await tx.deleteChildren(FLEX_SNAPSHOTS, f.id);
  await tx.deleteChildren(FLEX_RESTORE_JOBS, f.id);
  await tx.cancelTimers(f.id);
  await tx.delete(FLEX_CLUSTERS, f.id);
}

// Lifecycle steps, run with the timer's due time as "now".

export async function onFlexReady(tx: Tx, id: string, at: number, startSnapshots: (f: FlexDoc) => Promise<void>): Promise<void> {
  const f = await tx.get<FlexDoc>(FLEX_CLUSTERS, id);
  if (!f || f.stateName !== 'CREATING') return;
  f.stateName = 'IDLE';
  await putFlex(tx, f);
  await recordEvent(tx, flexEvent(f, 'CLUSTER_READY', SYSTEM, at));
  await startSnapshots(f);
}

/** An update (or a free cluster's upgrade to Flex) has applied. */
export async function onFlexUpdated(tx: Tx, id: string, at: number, startSnapshots: (f: FlexDoc) => Promise<void>): Promise<void> {
  const f = await tx.get<FlexDoc>(FLEX_CLUSTERS, id);
  if (!f || f.stateName !== 'UPDATING') return;
  f.stateName = 'IDLE';
  await putFlex(tx, f);
  await recordEvent(tx, flexEvent(f, 'CLUSTER_UPDATE_COMPLETED', SYSTEM, at));
  if (f.nextSlot === 0) await startSnapshots(f);
}

export async function onFlexDeleted(tx: Tx, id: string, at: number): Promise<void> {
  const f = await tx.get<FlexDoc>(FLEX_CLUSTERS, id);
  if (!f || f.stateName !== 'DELETING') return;
  await dropFlex(tx, f);
  await recordEvent(tx, flexEvent(f, 'CLUSTER_DELETED', SYSTEM, at));
}
