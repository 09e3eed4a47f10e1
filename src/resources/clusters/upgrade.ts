import type { Tx } from '../../platform/store/types.js';
import { errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import type { Tag } from '../projects/projects.js';
import { getProject } from '../projects/projects.js';
import {
  applyOptions,
  beginUpdate,
  buildReplicationSpecs,
  clusterErrors,
  isTenant,
  newClusterDoc,
  resolveVersion,
  save,
  withDiskSize,
  type ClusterDoc,
  type ClusterInput,
  type Scheduling,
} from './clusters.js';
import { clusterDeleted } from './hooks.js';
import { removeClusterProcesses } from './processes.js';
import { CLUSTERS } from './collections.js';

// Tenant upgrades as the cluster API sees them: a free cluster or a Flex cluster
// becomes dedicated under its own name and id, passing through UPDATING; a free
// cluster that becomes Flex leaves this API. The Flex family drives both.

/** What a Flex cluster hands over when it becomes dedicated. */
export interface FlexIdentity {
  id: string;
  groupId: string;
  name: string;
  createDate: string;
  tags: Tag[];
  terminationProtectionEnabled: boolean;
  domainToken: string;
  replicaSetToken: string;
}

function dedicatedSpecs(input: ClusterInput, existing: ClusterDoc['replicationSpecs'], at: number) {
  if (!input.replicationSpecs) throw errors.missingAttribute('replicationSpecs');
  if ((input.clusterType ?? 'REPLICASET') !== 'REPLICASET') {
    throw errors.invalidAttribute('clusterType', 'an upgraded cluster is a replica set');
  }
  const specs = withDiskSize(buildReplicationSpecs(input.replicationSpecs, 'REPLICASET', existing, at), input.diskSizeGB);
  if (isTenant({ replicationSpecs: specs })) {
    throw errors.invalidAttribute('replicationSpecs', 'the target of an upgrade is a dedicated (M10 or larger) tier');
  }
  return specs;
}

/** A free cluster taking a dedicated tier in place. */
export async function upgradeFreeToDedicated(
  tx: Tx,
  c: ClusterDoc,
  input: ClusterInput,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<ClusterDoc> {
  const project = await getProject(tx, c.groupId);
  c.replicationSpecs = dedicatedSpecs(input, c.replicationSpecs, at);
  if (input.mongoDBMajorVersion !== undefined) Object.assign(c, resolveVersion(input, c));
  applyOptions(c, input);
  await beginUpdate(sched, c, project.orgId);
  await save(tx, c);
  return c;
}

/** A Flex cluster arriving in this API as a dedicated cluster that keeps its identity and addresses. */
export async function adoptFlexCluster(
  tx: Tx,
  flex: FlexIdentity,
  input: ClusterInput,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<ClusterDoc> {
  const project = await getProject(tx, flex.groupId);
  const specs = dedicatedSpecs(input, [], at);
  const c: ClusterDoc = {
    ...newClusterDoc(flex.groupId, flex.name, 'REPLICASET', specs, resolveVersion(input, undefined), at),
    id: flex.id,
    createDate: flex.createDate,
    stateName: 'IDLE',
    tags: flex.tags,
    terminationProtectionEnabled: flex.terminationProtectionEnabled,
    domainToken: flex.domainToken,
    replicaSetToken: flex.replicaSetToken,
    provisioned: true,
  };
  applyOptions(c, input);
  await beginUpdate(sched, c, project.orgId);
  await save(tx, c);
  return c;
}

/** A free cluster leaving this API (it lives on as a Flex cluster): no delete events, its processes and timers go. */
export async function releaseCluster(tx: Tx, c: ClusterDoc, at: number): Promise<void> {
  if (c.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(c.name);
  await removeClusterProcesses(tx, c.groupId, c.name);
  await tx.cancelTimers(c.id);
  await tx.delete(CLUSTERS, c.id);
  await clusterDeleted.run(tx, { groupId: c.groupId, name: c.name, id: c.id }, at);
}
