// The resource each privilege action applies to: the cluster (`cluster: true`) or a
// namespace (`db`, `collection`). The names themselves are the contract's enum.

// Actions on the deployment as a whole, as MongoDB's privilege actions define them.
const CLUSTER_ONLY = new Set<string>([
  'USE_UUID', 'KILL_OP', 'BYPASS_DEFAULT_MAX_TIME_MS', 'SET_USER_WRITE_BLOCK', 'BYPASS_USER_WRITE_BLOCK',
  'LIST_SESSIONS', 'KILL_ANY_SESSION', 'CONN_POOL_STATS', 'GET_CMD_LINE_OPTS', 'GET_LOG', 'GET_PARAMETER',
  'GET_SHARD_MAP', 'HOST_INFO', 'IN_PROG', 'LIST_DATABASES', 'LIST_SHARDS', 'NET_STAT', 'REPL_SET_GET_CONFIG',
  'REPL_SET_GET_STATUS', 'SERVER_STATUS', 'SHARDING_STATE', 'TOP', 'VIEW_ALL_HISTORY', 'OUT_TO_S3',
  'OUT_TO_AZURE', 'OUT_TO_GCS', 'STORAGE_GET_CONFIG', 'STORAGE_SET_CONFIG', 'FLUSH_ROUTER_CONFIG',
  'SHARDED_DATA_DISTRIBUTION', 'GET_STREAM_PROCESSOR', 'CREATE_STREAM_PROCESSOR', 'PROCESS_STREAM_PROCESSOR',
  'MODIFY_STREAM_PROCESSOR', 'START_STREAM_PROCESSOR', 'STOP_STREAM_PROCESSOR', 'DROP_STREAM_PROCESSOR',
  'SAMPLE_STREAM_PROCESSOR', 'LIST_STREAM_PROCESSORS', 'LIST_CONNECTIONS', 'STREAM_PROCESSOR_STATS',
]);

// Actions MongoDB accepts on either kind of resource.
const EITHER = new Set<string>(['ENABLE_SHARDING', 'CHECK_METADATA_CONSISTENCY']);

/** Whether `action` may apply to the cluster (true) or to a namespace (false). */
export function appliesTo(action: string, cluster: boolean): boolean {
  if (EITHER.has(action)) return true;
  return CLUSTER_ONLY.has(action) === cluster;
}
