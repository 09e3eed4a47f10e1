import type { Reader } from '../../store/types.js';
import { COLLECTIONS } from '../collections.js';
import { ApiError } from '../errors.js';
import type { Gap } from './measurements.js';

/** The parts of a process and its cluster that monitoring reads. */
export interface MonitoredProcess {
  id: string;
  groupId: string;
  clusterName: string;
  created: string;
}

export interface MonitoredCluster {
  id: string;
  name: string;
  groupId: string;
  createDate: string;
  paused: boolean;
}

export const processNotFound = (processId: string, groupId: string) =>
  new ApiError(404, 'PROCESS_NOT_FOUND', `No process with ID ${processId} exists in group ${groupId}.`, [processId, groupId]);

export async function monitoredProcess(
  r: Reader,
  groupId: string,
  processId: string,
): Promise<{ process: MonitoredProcess; cluster: MonitoredCluster }> {
  const process = await r.get<MonitoredProcess>(COLLECTIONS.processes, processId);
  if (!process || process.groupId !== groupId) throw processNotFound(processId, groupId);
  const cluster = await r.getByName<MonitoredCluster>(COLLECTIONS.clusters, groupId, process.clusterName);
  if (!cluster) throw processNotFound(processId, groupId);
  return { process, cluster };
}

/** Spans when the cluster was paused, from its pause and resume events: no data then. */
export async function pausedGaps(r: Reader, cluster: MonitoredCluster, now: number): Promise<Gap[]> {
  const created = Date.parse(cluster.createDate);
  const { items } = await r.queryEvents({
    groupId: cluster.groupId,
    clusterNames: [cluster.name],
    eventTypes: ['CLUSTER_PAUSED', 'CLUSTER_RESUMED'],
    minDate: created,
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
  if (pausedAt !== null || (cluster.paused && gaps.length === 0 && items.length === 0)) {
    gaps.push({ from: pausedAt ?? created, to: now + 1 });
  }
  return gaps;
}
