import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { clusterToChange } from '../clusters/clusters.js';
import { beginUpdate } from '../clusters/lifecycle.js';
import { clusterErrors, isTenant, saveCluster } from '../clusters/model.js';
import { clusterKey } from '../monitoring/databases.js';

// Rolling index builds: the index is built one member at a time, a change the
// cluster goes through UPDATING for. Once the build's time has passed, queries
// filtering on its first key use it: the advisor stops logging them as slow and
// stops suggesting an index for that namespace.

export const ROLLING_INDEXES = 'rollingIndexes';

export interface RollingIndexDoc {
  id: string;
  groupId: string;
  clusterName: string;
  namespace: string;
  keys: Record<string, string>[];
  name?: string;
  /** When the build has reached every member (epoch ms). */
  builtAt: number;
}

export interface RollingIndexInput {
  db: string;
  collection: string;
  keys: Record<string, string>[];
  options?: { name?: string };
  collation?: unknown;
}

const KEY_TYPES = new Set(['1', '-1', '2d', '2dsphere', 'text', 'hashed', 'wildcard']);

export async function buildRollingIndex(cmd: Command, groupId: string, clusterName: string, input: RollingIndexInput): Promise<void> {
  const { tx, now, effects } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, clusterName);
  if (c.paused) throw clusterErrors.pausedUpdate(c.name);
  if (isTenant(c)) throw errors.invalidAttribute('clusterName', 'rolling index builds need a dedicated cluster');
  if (input.keys.length === 0) throw errors.invalidAttribute('keys', 'give at least one key');
  for (const k of input.keys) {
    const [field, type] = Object.entries(k)[0] ?? [];
    if (Object.keys(k).length !== 1 || !field) throw errors.invalidAttribute('keys', 'each key names one field');
    if (!KEY_TYPES.has(String(type))) throw errors.invalidAttribute('keys', `index type ${String(type)} of ${field} is not one MongoDB builds`);
  }
  if (input.db === 'admin' || input.db === 'local' || input.db === 'config') throw errors.invalidAttribute('db', `indexes in ${input.db} are managed by Atlas`);
  const doc: RollingIndexDoc = {
    id: newObjectId(now),
    groupId,
    clusterName: c.name,
    namespace: `${input.db}.${input.collection}`,
    keys: input.keys,
    ...(input.options?.name ? { name: input.options.name } : {}),
    builtAt: now + effects.duration('cluster.update'),
  };
  await tx.put(ROLLING_INDEXES, doc.id, doc, { parent: clusterKey(c) });
  await beginUpdate(cmd, c, project.orgId);
  await saveCluster(tx, c);
}

/** The fields that lead a built index, per namespace, on a cluster at `at`. */
export async function indexedFields(r: Reader, cluster: { groupId: string; name: string }, at: number): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const i of (await r.list<RollingIndexDoc>(ROLLING_INDEXES, clusterKey(cluster))).items) {
    if (i.builtAt > at) continue;
    const lead = Object.keys(i.keys[0] ?? {})[0];
    if (lead) out.set(i.namespace, new Set([...(out.get(i.namespace) ?? []), lead]));
  }
  return out;
}

export async function dropRollingIndexes(tx: Tx, cluster: { groupId: string; name: string }): Promise<void> {
  await tx.deleteChildren(ROLLING_INDEXES, clusterKey(cluster));
}
