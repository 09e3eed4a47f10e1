import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { Reader } from '../../platform/store/types.js';
import { clusterToChange, getCluster } from './clusters.js';
import { recordEvent } from './events.js';
import { beginUpdate } from './lifecycle.js';
import { clusterErrors, clusterEvent, isTenant, saveCluster, type ClusterDoc } from './model.js';

// A cluster's advanced configuration (its mongod/mongos process arguments). It is
// kept in the cluster's `advancedConfiguration`, whose TLS fields the cluster itself
// shows; changing it rolls the processes, so the cluster goes through UPDATING.

export interface ProcessArgs {
  changeStreamOptionsPreAndPostImagesExpireAfterSeconds?: number;
  chunkMigrationConcurrency?: number;
  customOpensslCipherConfigTls12?: string[];
  customOpensslCipherConfigTls13?: string[];
  defaultMaxTimeMS?: number;
  defaultReadConcern?: string;
  defaultWriteConcern?: string;
  failIndexKeyTooLong?: boolean;
  javascriptEnabled?: boolean;
  minimumEnabledTlsProtocol?: string;
  noTableScan?: boolean;
  oplogMinRetentionHours?: number | null;
  oplogSizeMB?: number | null;
  queryStatsLogVerbosity?: number;
  sampleRefreshIntervalBIConnector?: number;
  sampleSizeBIConnector?: number;
  tlsCipherConfigMode?: string;
  transactionLifetimeLimitSeconds?: number;
}

/** What a cluster that never changed its configuration reports (Atlas's defaults for MongoDB 5.0 and later). */
const DEFAULTS: ProcessArgs = {
  changeStreamOptionsPreAndPostImagesExpireAfterSeconds: -1,
  customOpensslCipherConfigTls12: [],
  defaultReadConcern: 'available',
  defaultWriteConcern: 'majority',
  javascriptEnabled: true,
  minimumEnabledTlsProtocol: 'TLS1_2',
  noTableScan: false,
  queryStatsLogVerbosity: 1,
  sampleRefreshIntervalBIConnector: 0,
  sampleSizeBIConnector: 1000,
  tlsCipherConfigMode: 'DEFAULT',
  transactionLifetimeLimitSeconds: 60,
};

/** The fields the cluster description carries in its own `advancedConfiguration`. */
export const CLUSTER_TLS_FIELDS = ['customOpensslCipherConfigTls12', 'customOpensslCipherConfigTls13', 'minimumEnabledTlsProtocol', 'tlsCipherConfigMode'] as const;

export function processArgsOf(c: ClusterDoc): ProcessArgs {
  const merged: Record<string, unknown> = { ...DEFAULTS, ...c.advancedConfiguration };
  // An unset (null) oplog size or retention is reported as absent.
  for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
  return merged as ProcessArgs;
}

export async function getProcessArgs(r: Reader, groupId: string, name: string): Promise<ProcessArgs> {
  return processArgsOf(await getCluster(r, groupId, name));
}

const MIN_OPLOG_MB = 990;
const bad = (field: string, why: string): ApiError => errors.invalidAttribute(field, why);

function electableNodes(c: ClusterDoc): number {
  return Math.min(...c.replicationSpecs.map((s) => s.regionConfigs.reduce((n, r) => n + (r.electableSpecs?.nodeCount ?? 0), 0)));
}

/** The rules Atlas applies to the configuration a change would produce. */
function check(c: ClusterDoc, next: ProcessArgs, asked: ProcessArgs): void {
  if (asked.oplogSizeMB != null && asked.oplogSizeMB < MIN_OPLOG_MB) throw bad('oplogSizeMB', `must be at least ${MIN_OPLOG_MB} MB`);
  if (asked.oplogMinRetentionHours != null && asked.oplogMinRetentionHours < 0) throw bad('oplogMinRetentionHours', 'must not be negative');
  if (asked.failIndexKeyTooLong === false) throw bad('failIndexKeyTooLong', 'applies only to MongoDB versions before 4.4');
  const expiry = asked.changeStreamOptionsPreAndPostImagesExpireAfterSeconds;
  if (expiry !== undefined && expiry !== -1 && expiry < 1) throw bad('changeStreamOptionsPreAndPostImagesExpireAfterSeconds', 'must be -1 (off) or a positive number of seconds');
  if (asked.queryStatsLogVerbosity !== undefined && ![1, 3].includes(asked.queryStatsLogVerbosity)) throw bad('queryStatsLogVerbosity', 'must be 1 or 3');
  if (asked.defaultMaxTimeMS !== undefined) {
    if (asked.defaultMaxTimeMS < 0) throw bad('defaultMaxTimeMS', 'must not be negative');
    if (Number(c.mongoDBMajorVersion) < 8) throw bad('defaultMaxTimeMS', 'needs MongoDB 8.0 or later');
  }
  if (asked.chunkMigrationConcurrency !== undefined) {
    if (c.clusterType === 'REPLICASET') throw bad('chunkMigrationConcurrency', 'applies to sharded clusters only');
    if (asked.chunkMigrationConcurrency < 1) throw bad('chunkMigrationConcurrency', 'must be at least 1');
  }
  if (asked.defaultWriteConcern !== undefined) {
    const w = asked.defaultWriteConcern;
    if (w !== 'majority' && !/^\d+$/.test(w)) throw bad('defaultWriteConcern', 'must be "majority" or a number of nodes');
    if (w !== 'majority' && (Number(w) < 1 || Number(w) > electableNodes(c))) {
      throw bad('defaultWriteConcern', `must be between 1 and the cluster's ${electableNodes(c)} electable nodes`);
    }
  }
  const tls12 = next.customOpensslCipherConfigTls12 ?? [];
  const tls13 = next.customOpensslCipherConfigTls13 ?? [];
  if (next.tlsCipherConfigMode === 'DEFAULT' && (tls12.length > 0 || tls13.length > 0)) {
    throw bad('tlsCipherConfigMode', 'custom cipher suites need tlsCipherConfigMode CUSTOM');
  }
  if (next.tlsCipherConfigMode === 'CUSTOM') {
    const needs13 = next.minimumEnabledTlsProtocol === 'TLS1_3';
    if (needs13 ? tls13.length === 0 : tls12.length === 0) {
      throw bad(needs13 ? 'customOpensslCipherConfigTls13' : 'customOpensslCipherConfigTls12', 'CUSTOM mode needs at least one cipher suite for the minimum TLS protocol');
    }
  }
}

export async function updateProcessArgs(cmd: Command, groupId: string, name: string, asked: ProcessArgs): Promise<ProcessArgs> {
  const { tx, actor, now } = cmd;
  const { project, c } = await clusterToChange(tx, groupId, name);
  if (c.paused) throw clusterErrors.pausedUpdate(c.name);
  if (isTenant(c)) throw clusterErrors.tenantProcessArgs(c.name);
  const next = { ...processArgsOf(c), ...asked };
  // Leaving CUSTOM drops the custom suites with it.
  if (asked.tlsCipherConfigMode === 'DEFAULT' && asked.customOpensslCipherConfigTls12 === undefined) next.customOpensslCipherConfigTls12 = [];
  if (asked.tlsCipherConfigMode === 'DEFAULT' && asked.customOpensslCipherConfigTls13 === undefined) delete next.customOpensslCipherConfigTls13;
  check(c, next, asked);
  c.advancedConfiguration = { ...c.advancedConfiguration, ...next };
  if (asked.tlsCipherConfigMode === 'DEFAULT' && asked.customOpensslCipherConfigTls13 === undefined) delete c.advancedConfiguration.customOpensslCipherConfigTls13;
  await recordEvent(tx, { ...clusterEvent(c, 'CLUSTER_PROCESS_ARGS_UPDATE_SUBMITTED', actor, now, project.orgId), raw: { changed: Object.keys(asked).sort() } });
  await beginUpdate(cmd, c, project.orgId, null);
  await saveCluster(tx, c);
  return processArgsOf(c);
}
