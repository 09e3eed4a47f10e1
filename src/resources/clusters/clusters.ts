import type { Command } from '../../platform/command.js';
import { requireUsableEncryption } from '../encryptionAtRest/keys.js';
import { enforceLimit } from '../projectSettings/limits.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { isoSeconds, parseIsoDate } from '../../platform/time.js';
import { getProject, type ProjectDoc } from '../projects/projects.js';
import { deploymentKind } from '../../platform/deployments.js';
import { CLUSTERS } from './collections.js';
import { recordEvent } from './events.js';
import { clusterBackupChanging, clusterDeleting, clusterPlaced } from './hooks.js';
import { beginUpdate, clusterLifecycle } from './lifecycle.js';
import {
  clusterErrors,
  clusterEvent,
  isTenant,
  READ_ONLY_FIELDS,
  saveCluster,
  type ClusterDoc,
  type ClusterInput,
  type EmployeeAccessGrant,
  type ReplicationSpec,
} from './model.js';
import { applyOptions, buildReplicationSpecs, resolveVersion, withDiskSize } from './normalize.js';

export * from './model.js';
export { applyOptions, buildReplicationSpecs, resolveVersion, withDiskSize } from './normalize.js';
export { beginUpdate } from './lifecycle.js';
export { saveCluster as save } from './model.js';

/** What cluster rules called by other families need of a command (its effects schedule the cluster's lifecycle). */
export type Scheduling = Command;

// A cluster's rules: lookups, and the changes a request asks for. Its lifecycle
// (what the clock does to it) is declared in lifecycle.ts.

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

/** The FCV the cluster reports: the pinned one while pinned, else its major version. */
export function featureCompatibilityVersion(c: ClusterDoc): string {
  return c.fcvPin?.version ?? c.mongoDBMajorVersion;
}

/** The grant while it lasts: expiry follows the emulated clock. */
export function activeGrant(c: ClusterDoc, now: number): EmployeeAccessGrant | undefined {
  return c.employeeAccessGrant && c.employeeAccessGrant.expirationTime > now ? c.employeeAccessGrant : undefined;
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

export async function createCluster(cmd: Command, groupId: string, input: ClusterInput): Promise<ClusterDoc> {
  const { tx, actor, now: at } = cmd;
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
  await saveCluster(tx, c);
  await announcePlacement(tx, c, at);
  await recordEvent(tx, clusterEvent(c, 'CLUSTER_CREATED', actor, at, project.orgId));
  await clusterLifecycle.start(cmd, 'ready', c.id);
  return c;
}

/** The cluster a request changes, with its project; a cluster being deleted takes no change. */
export async function clusterToChange(tx: Tx, groupId: string, name: string): Promise<{ project: ProjectDoc; c: ClusterDoc }> {
  const project = await getProject(tx, groupId);
  const c = await getCluster(tx, groupId, name);
  if (c.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(c.name);
  return { project, c };
}

export async function updateCluster(
  cmd: Command,
  groupId: string,
  name: string,
  raw: ClusterInput & Record<string, unknown>,
): Promise<ClusterDoc> {
  const { tx, now: at } = cmd;
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
  if (input.backupEnabled !== undefined && input.backupEnabled !== c.backupEnabled) {
    await clusterBackupChanging.run(tx, { groupId, name: c.name, id: c.id, createDate: c.createDate, backupEnabled: input.backupEnabled }, at);
  }
  applyOptions(c, input);
  if (input.paused !== undefined && input.paused !== c.paused) {
    c.paused = input.paused;
    c.pauseChange = input.paused ? 'PAUSED' : 'RESUMED';
  }
  await beginUpdate(cmd, c, project.orgId);
  await saveCluster(tx, c);
  if (input.replicationSpecs !== undefined) await announcePlacement(tx, c, at);
  return c;
}

/** Tells other families the regions a dedicated cluster runs in. */
async function announcePlacement(tx: Tx, c: ClusterDoc, at: number): Promise<void> {
  if (isTenant(c)) return;
  const regions = c.replicationSpecs.flatMap((s) => s.regionConfigs.map((rc) => ({ providerName: rc.providerName, regionName: rc.regionName })));
  await clusterPlaced.run(tx, { groupId: c.groupId, regions }, at);
}

export async function requestClusterDelete(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, name);
  if (c.terminationProtectionEnabled) throw clusterErrors.terminationProtected(c.name);
  await clusterDeleting.run(tx, { groupId, name: c.name }, at);
  c.stateName = 'DELETING';
  await tx.cancelTimers(c.id);
  await saveCluster(tx, c);
  await recordEvent(tx, clusterEvent(c, 'CLUSTER_DELETE_SUBMITTED', actor, at, project.orgId));
  await clusterLifecycle.start(cmd, 'deleted', c.id);
}

export async function grantEmployeeAccess(
  cmd: Command,
  groupId: string,
  name: string,
  input: { expirationTime: string; grantType: string },
): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, name);
  const expires = parseIsoDate(input.expirationTime);
  if (expires === undefined) throw errors.invalidAttribute('expirationTime', 'is not an ISO 8601 date and time');
  if (expires <= at) throw errors.invalidAttribute('expirationTime', 'must be in the future');
  // Kept to the millisecond: a grant accepted as in the future must show until that moment.
  c.employeeAccessGrant = { expirationTime: expires, grantType: input.grantType };
  await saveCluster(tx, c);
  await recordEvent(tx, {
    ...clusterEvent(c, 'EMPLOYEE_ACCESS_GRANTED', actor, at, project.orgId),
    raw: { grantType: input.grantType, expirationTime: isoSeconds(expires) },
  });
}

export async function revokeEmployeeAccess(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, name);
  // Nothing to revoke (never granted, or expired) is not an error, and changes nothing.
  if (!activeGrant(c, at)) return;
  delete c.employeeAccessGrant;
  await saveCluster(tx, c);
  await recordEvent(tx, clusterEvent(c, 'EMPLOYEE_ACCESS_REVOKED', actor, at, project.orgId));
}

const FOUR_WEEKS_MS = 28 * 86_400_000;

function checkFcvPinnable(c: ClusterDoc): void {
  if (c.paused) throw clusterErrors.pausedUpdate(c.name);
  if (isTenant(c)) throw clusterErrors.fcvPinUnsupported(c.name, 'shared-tier and Flex clusters follow Atlas-managed versions');
  if (c.versionReleaseSystem === 'CONTINUOUS') throw clusterErrors.fcvPinUnsupported(c.name, 'the cluster is on rapid release');
}

export async function pinFcv(cmd: Command, groupId: string, name: string, input: { expirationDate?: string } | undefined): Promise<void> {
  const { tx, actor, now: at } = cmd;
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
  await clusterLifecycle.start(cmd, 'fcvPinExpired', c.id, { due: expirationDate });
  await recordEvent(tx, {
    ...clusterEvent(c, first ? 'FCV_PINNED' : 'FCV_PIN_EXPIRATION_DATE_UPDATED', actor, at, project.orgId),
    raw: { featureCompatibilityVersion: c.fcvPin.version, expirationDate: isoSeconds(expirationDate) },
  });
  await beginUpdate(cmd, c, project.orgId);
  await saveCluster(tx, c);
}

export async function unpinFcv(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, name);
  checkFcvPinnable(c);
  if (!c.fcvPin) throw clusterErrors.fcvNotPinned(c.name);
  delete c.fcvPin;
  await clusterLifecycle.cancel(cmd, 'fcvPinExpired', c.id);
  await recordEvent(tx, clusterEvent(c, 'FCV_UNPINNED', actor, at, project.orgId));
  await beginUpdate(cmd, c, project.orgId);
  await saveCluster(tx, c);
}
