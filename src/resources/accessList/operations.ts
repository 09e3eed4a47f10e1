import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { addEntries, deleteEntry, entryStatus, getEntry, listEntries, type AccessEntryDoc, type EntryInput } from './accessList.js';

const TAG = 'Project IP Access List';
const BASE = '/api/atlas/v2/groups/{groupId}/accessList';

// Atlas answers a bad address, block or comment with its own codes (INVALID_IP_ADDRESS_OR_CIDR_NOTATION,
// INVALID_CIDR_BLOCK, INVALID_NETWORK_PERMISSION_COMMENT), which the rules give; the published
// patterns would turn them into INVALID_ATTRIBUTE, and they refuse compressed IPv6 (2001:db8::1).
const looseEntry = (entry: Record<string, unknown>) => {
  const props = entry.properties as Record<string, Record<string, unknown>>;
  for (const k of ['awsSecurityGroup', 'cidrBlock', 'ipAddress']) delete props[k]!.pattern;
  delete props.comment!.maxLength;
};
const looseEntries = (schema: Record<string, unknown>) => looseEntry(schema.items as Record<string, unknown>);

/** The name an entry goes by in its own path: its address, block or security group. */
const pathValue = (e: AccessEntryDoc) => e.ipAddress ?? e.value;

function view(e: AccessEntryDoc, link: (path: string) => string) {
  return {
    ...(e.kind === 'securityGroup' ? { awsSecurityGroup: e.value } : { cidrBlock: e.value }),
    ...(e.comment !== undefined ? { comment: e.comment } : {}),
    ...(e.deleteAfter !== undefined ? { deleteAfterDate: isoSeconds(e.deleteAfter) } : {}),
    groupId: e.groupId,
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    links: [{ href: link(`/api/atlas/v2/groups/${e.groupId}/accessList/${encodeURIComponent(pathValue(e))}`), rel: 'self' }],
  };
}

const GROUP_PARAMS = Type.Object({ groupId: GroupIdParam });
const ENTRY_PARAMS = Type.Object({
  groupId: GroupIdParam,
  entryValue: Type.String({ description: 'An address, a CIDR block (its slash encoded as %2F) or an AWS security group id.' }),
});
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_NETWORK_ACCESS_MANAGER' } as const;

export const operations = [
  defineOperation({
    operationId: 'listGroupAccessListEntries',
    classicId: 'listProjectIpAccessLists',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Project IP Access List Entries',
    access: READ,
    params: GROUP_PARAMS,
    paginated: true,
    versions: fromContract('listGroupAccessListEntries'),
    async handler(ctx) {
      return ctx.listAll(await listEntries(ctx.store, ctx.params.groupId), (e) => view(e, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupAccessListEntry',
    classicId: 'createProjectIpAccessList',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Add Entries to Project IP Access List',
    access: WRITE,
    params: GROUP_PARAMS,
    paginated: true,
    versions: fromContract('createGroupAccessListEntry', { body: { edit: looseEntries } }),
    async handler(ctx) {
            const { groupId } = ctx.params;
      const body = ctx.body as EntryInput[];
      const all = await ctx.command(async ({ tx, effects }) => {
        await addEntries(tx, effects, groupId, body, ctx.actor, ctx.now);
        return listEntries(tx, groupId);
      });
      return ctx.listAll(all, (e) => view(e, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'getGroupAccessListEntry',
    classicId: 'getProjectIpList',
    method: 'GET',
    path: `${BASE}/{entryValue}`,
    tag: TAG,
    summary: 'Return One Project IP Access List Entry',
    access: READ,
    params: ENTRY_PARAMS,
    versions: fromContract('getGroupAccessListEntry'),
    async handler(ctx) {
      return view(await getEntry(ctx.store, ctx.params.groupId, ctx.params.entryValue), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupAccessListEntry',
    classicId: 'deleteProjectIpAccessList',
    method: 'DELETE',
    path: `${BASE}/{entryValue}`,
    tag: TAG,
    summary: 'Remove One Entry from One Project IP Access List',
    access: WRITE,
    params: ENTRY_PARAMS,
    versions: fromContract('deleteGroupAccessListEntry'),
    async handler(ctx) {
      const { groupId, entryValue } = ctx.params;
      await ctx.command(({ tx, effects }) => deleteEntry(tx, groupId, entryValue, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'getGroupAccessListStatus',
    classicId: 'getProjectIpAccessListStatus',
    method: 'GET',
    path: `${BASE}/{entryValue}/status`,
    tag: TAG,
    summary: 'Return Status of One Project IP Access List Entry',
    access: READ,
    params: ENTRY_PARAMS,
    versions: fromContract('getGroupAccessListStatus'),
    async handler(ctx) {
      const entry = await getEntry(ctx.store, ctx.params.groupId, ctx.params.entryValue);
      return { STATUS: entryStatus(entry, ctx.now) };
    },
  }),
];
