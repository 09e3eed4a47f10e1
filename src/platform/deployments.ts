import { HookPoint } from './hooks.js';
import type { Reader } from './store/types.js';

/**
 * A project's database deployments (dedicated and free clusters, Flex clusters,
 * serverless instances) share one namespace of names, though each kind has its
 * own API. Each family that owns deployments answers for its own here, so that
 * one API can tell a name it does not serve from a name nobody has.
 */
export interface DeploymentQuery {
  groupId: string;
  /** One name, or every deployment of the project when left out. */
  name?: string;
  /** Filled by the owning families: the kind is the family's own word ("cluster", "flex", "serverless"). */
  found: { kind: string; name: string }[];
}

export const deploymentLookup = new HookPoint<DeploymentQuery, Reader>('deployments.lookup');

/** The kind of deployment holding that name in the project, if any. */
export async function deploymentKind(r: Reader, groupId: string, name: string): Promise<string | undefined> {
  const q: DeploymentQuery = { groupId, name, found: [] };
  await deploymentLookup.run(r, q, 0);
  return q.found[0]?.kind;
}

/** Every deployment of the project, of every kind. */
export async function projectDeployments(r: Reader, groupId: string): Promise<DeploymentQuery['found']> {
  const q: DeploymentQuery = { groupId, found: [] };
  await deploymentLookup.run(r, q, 0);
  return q.found;
}

/** A family's answer to the lookup, for the documents of one collection (parent = project, name = deployment name). */
export function ownDeployments(kind: string, collection: string) {
  return async (r: Reader, q: DeploymentQuery): Promise<void> => {
    if (q.name !== undefined) {
      if (await r.getByName(collection, q.groupId, q.name)) q.found.push({ kind, name: q.name });
      return;
    }
    for (const d of (await r.list<{ name: string }>(collection, q.groupId)).items) q.found.push({ kind, name: d.name });
  };
}
