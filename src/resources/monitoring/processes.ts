import type { Reader } from '../../platform/store/types.js';
import type { ClusterDoc } from '../clusters/clusters.js';
import { CLUSTERS } from '../clusters/collections.js';
import { getProcess, processNotFound, type ProcessDoc } from '../clusters/processes.js';
import type { Gap } from './measurements.js';

/** A process of the project and the cluster it belongs to. */
export async function monitoredProcess(
  r: Reader,
  groupId: string,
  processId: string,
): Promise<{ process: ProcessDoc; cluster: ClusterDoc }> {
  const process = await getProcess(r, groupId, processId);
  const cluster = await r.getByName<ClusterDoc>(CLUSTERS, groupId, process.clusterName);
  if (!cluster) throw processNotFound(processId, groupId);
  return { process, cluster };
}

/** Spans when the cluster was paused, from its pause and resume events: no data then. */
export async function pausedGaps(r: Reader, cluster: ClusterDoc, now: number): Promise<Gap[]> {
  const { items } = await r.queryEvents({
    feed: { groupId: cluster.groupId },
    clusterNames: [cluster.name],
    eventTypes: ['CLUSTER_PAUSED', 'CLUSTER_RESUMED'],
    minDate: Date.parse(cluster.createDate),
    offset: 0,
    limit: 10_000,
    includeCount: false,
  });
  const gaps: Gap[] = [];
  let pausedAt: number | null = null;
  for (const e of items.reverse()) {
    if (e.eventTypeName === 'CLUSTER_PAUSED' && pausedAt === null) pausedAt = e.created;
    else if (e.eventTypeName === 'CLUSTER_RESUMED' && pausedAt !== null) {
      gaps.push({ from: pausedAt, to: e.created });
      pausedAt = null;
    }
  }
  if (pausedAt !== null) gaps.push({ from: pausedAt, to: now + 1 });
  return gaps;
}

