import { Type } from '@sinclair/typebox';
import { getProcess, listProjectProcesses, type ProcessDoc } from './processes.js';
import { isoSeconds } from '../../platform/time.js';
import { defineOperation } from '../../platform/http/operation.js';
import { DateTime, GroupIdParam, Links, Paginated } from '../../platform/schemas.js';

const TAG = 'Monitoring and Logs';
// The reference's pattern, with `\:` written `:` (the same character; ajv compiles with the u flag, which refuses the escape).
export const PROCESS_ID_PATTERN =
  '^([0-9]{1,3}\\.){3}[0-9]{1,3}|([0-9a-f]{1,4}:){7}([0-9a-f]{1,4})|(([a-z0-9]+\\.){1,10}[a-z]+)?(:[0-9]{4,5})$';

export const ProcessOut = Type.Object(
  {
    created: DateTime(),
    groupId: Type.String({ pattern: '^([a-f0-9]{24})$' }),
    hostname: Type.String(),
    id: Type.String({ pattern: PROCESS_ID_PATTERN }),
    lastPing: DateTime(),
    links: Links,
    port: Type.Integer(),
    replicaSetName: Type.Optional(Type.String()),
    shardName: Type.Optional(Type.String()),
    typeName: Type.String(),
    userAlias: Type.String(),
    version: Type.String({ pattern: '([\\d]+\\.[\\d]+\\.[\\d]+)' }),
  },
  { title: 'ApiHostViewAtlas' },
);

function processView(p: ProcessDoc, link: (path: string) => string, now: number) {
  return {
    created: p.created,
    groupId: p.groupId,
    hostname: p.hostname,
    id: p.id,
    // Running processes report in continuously; a node down in a simulated outage stopped then.
    lastPing: p.downSince ?? isoSeconds(now),
    links: [{ href: link(`/api/atlas/v2/groups/${p.groupId}/processes/${p.id}`), rel: 'self' }],
    port: p.port,
    replicaSetName: p.replicaSetName,
    shardName: p.shardName,
    typeName: p.typeName,
    userAlias: p.userAlias,
    version: p.version,
  };
}

export const operations = [
  defineOperation({
    operationId: 'listGroupProcesses',
    classicId: 'listAtlasProcesses',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/processes',
    tag: TAG,
    summary: 'Return All MongoDB Processes in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(ProcessOut, 'PaginatedHostViewAtlas') } },
    async handler(ctx) {
      const all = await listProjectProcesses(ctx.store, ctx.params.groupId);
      return ctx.listAll(all, (p) => processView(p, ctx.link, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'getGroupProcess',
    classicId: 'getAtlasProcess',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/processes/{processId}',
    tag: TAG,
    summary: 'Return One MongoDB Process by ID',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam, processId: Type.String({ pattern: PROCESS_ID_PATTERN }) }),
    versions: { '2023-01-01': { response: ProcessOut } },
    async handler(ctx) {
      const p = await getProcess(ctx.store, ctx.params.groupId, ctx.params.processId);
      return processView(p, ctx.link, ctx.now);
    },
  }),
];
