import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getCluster } from '../clusters/clusters.js';
import { isTenant, type ClusterDoc } from '../clusters/model.js';
import { getProject } from '../projects/projects.js';
import { SEARCH_DEPLOYMENTS } from './collections.js';
import { recordEvent } from './events.js';
import { searchDeploymentLifecycle } from './lifecycle.js';
import type { SearchDeploymentDoc, Spec } from './model.js';

// Dedicated search nodes of a cluster: one deployment per cluster, one spec (every
// node has the same size). A change is asked at once (`specs`) and in effect once
// the nodes are provisioned (`effectiveSpecs`, stateName back to IDLE).

export interface DeploymentInput {
  specs?: { instanceSize?: string; nodeCount?: number; cloudProvider?: string | null }[];
  defaultNodeCount?: number | null;
}

const missing = (clusterName: string) =>
  new ApiError(400, 'ATLAS_SEARCH_DEPLOYMENT_DOES_NOT_EXIST', `There are no search nodes for cluster ${clusterName}.`, [clusterName]);

const key = (groupId: string, clusterName: string) => `${groupId}/${clusterName}`;

async function find(r: Reader, groupId: string, clusterName: string): Promise<{ cluster: ClusterDoc; doc?: SearchDeploymentDoc }> {
  await getProject(r, groupId);
  const cluster = await getCluster(r, groupId, clusterName);
  return { cluster, doc: await r.get<SearchDeploymentDoc>(SEARCH_DEPLOYMENTS, key(groupId, clusterName)) };
}

export async function getDeployment(r: Reader, groupId: string, clusterName: string): Promise<SearchDeploymentDoc> {
  const { doc } = await find(r, groupId, clusterName);
  if (!doc) throw missing(clusterName);
  return doc;
}

function specsOf(cluster: ClusterDoc, input: DeploymentInput): Spec[] {
  const specs = input.specs;
  if (!specs || specs.length === 0) throw errors.missingAttribute('specs');
  if (specs.length > 1) throw errors.invalidAttribute('specs', 'exactly one spec: every search node has the same size');
  const provider = cluster.replicationSpecs[0]!.regionConfigs[0]!.providerName;
  return specs.map((s, i) => {
    if (!s.instanceSize) throw errors.missingAttribute(`specs[${i}].instanceSize`);
    if (s.nodeCount === undefined) throw errors.missingAttribute(`specs[${i}].nodeCount`);
    if (s.cloudProvider && s.cloudProvider !== provider) throw errors.invalidAttribute(`specs[${i}].cloudProvider`, `the cluster's provider, ${provider}`);
    return { instanceSize: s.instanceSize, nodeCount: s.nodeCount, cloudProvider: provider };
  });
}

export async function createDeployment(cmd: Command, groupId: string, clusterName: string, input: DeploymentInput): Promise<SearchDeploymentDoc> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, groupId);
  const { cluster, doc: existing } = await find(tx, groupId, clusterName);
  if (isTenant(cluster)) {
    throw new ApiError(400, 'SEARCH_NODES_NOT_SUPPORTED', `Search nodes are not supported on shared-tier cluster ${clusterName}.`, [clusterName]);
  }
  if (existing) {
    throw new ApiError(409, 'ATLAS_SEARCH_DEPLOYMENT_ALREADY_EXISTS', `Search nodes already exist for cluster ${clusterName}.`, [clusterName]);
  }
  const doc: SearchDeploymentDoc = {
    id: newObjectId(now),
    groupId,
    clusterName,
    specs: specsOf(cluster, input),
    effectiveSpecs: [],
    stateName: 'UPDATING',
    deleting: false,
    encryptionAtRestProvider: cluster.encryptionAtRestProvider ?? 'NONE',
  };
  await save(tx, doc);
  await searchDeploymentLifecycle.start(cmd, 'ready', key(groupId, clusterName));
  await recordEvent(tx, { type: 'SEARCH_DEPLOYMENT_CREATED', at: now, actor, orgId: project.orgId, groupId, clusterName });
  return doc;
}

export async function updateDeployment(cmd: Command, groupId: string, clusterName: string, input: DeploymentInput): Promise<SearchDeploymentDoc> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, groupId);
  const { cluster, doc } = await find(tx, groupId, clusterName);
  if (!doc || doc.deleting) throw missing(clusterName);
  doc.specs = specsOf(cluster, input);
  doc.stateName = 'UPDATING';
  await save(tx, doc);
  await searchDeploymentLifecycle.start(cmd, 'ready', key(groupId, clusterName));
  await recordEvent(tx, { type: 'SEARCH_DEPLOYMENT_UPDATED', at: now, actor, orgId: project.orgId, groupId, clusterName });
  return doc;
}

export async function deleteDeployment(cmd: Command, groupId: string, clusterName: string): Promise<void> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, groupId);
  const { doc } = await find(tx, groupId, clusterName);
  if (!doc || doc.deleting) throw missing(clusterName);
  doc.deleting = true;
  doc.stateName = 'UPDATING';
  await save(tx, doc);
  await searchDeploymentLifecycle.cancel(cmd, 'ready', key(groupId, clusterName));
  await searchDeploymentLifecycle.start(cmd, 'deleted', key(groupId, clusterName));
  await recordEvent(tx, { type: 'SEARCH_DEPLOYMENT_DELETED', at: now, actor, orgId: project.orgId, groupId, clusterName });
}

export async function save(tx: Tx, d: SearchDeploymentDoc): Promise<void> {
  await tx.put(SEARCH_DEPLOYMENTS, key(d.groupId, d.clusterName), d, { parent: d.groupId, name: null });
}

export async function dropClusterDeployment(tx: Tx, groupId: string, clusterName: string): Promise<void> {
  const d = await tx.get<SearchDeploymentDoc>(SEARCH_DEPLOYMENTS, key(groupId, clusterName));
  if (!d) return;
  await tx.cancelTimers(key(groupId, clusterName));
  await tx.delete(SEARCH_DEPLOYMENTS, key(groupId, clusterName));
}

export function deploymentView(d: SearchDeploymentDoc) {
  return {
    effectiveSpecs: d.effectiveSpecs,
    encryptionAtRestProvider: d.encryptionAtRestProvider,
    groupId: d.groupId,
    id: d.id,
    specs: d.specs.map(({ instanceSize, nodeCount }) => ({ instanceSize, nodeCount })),
    stateName: d.stateName,
  };
}
