import { Type, type Static } from '@sinclair/typebox';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import { DateTime, GroupIdParam, Links, Paginated, StringEnum } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { addEntries, deleteEntry, entryStatus, getEntry, listEntries, type AccessEntryDoc } from './accessList.js';

const TAG = 'Project IP Access List';
const BASE = '/api/atlas/v2/groups/{groupId}/accessList';

// Request entries carry no patterns and no comment bound: the rules check them and
// answer Atlas's own codes (INVALID_CIDR_BLOCK, INVALID_NETWORK_PERMISSION_COMMENT...).
const NewEntry = Type.Object(
  {
    awsSecurityGroup: Type.Optional(Type.String({ description: 'AWS security group id, of a peered VPC.' })),
    cidrBlock: Type.Optional(Type.String({ description: 'Block of addresses in CIDR notation.' })),
    comment: Type.Optional(Type.String({ description: 'Note on the entry, 80 characters at most.' })),
    deleteAfterDate: Type.Optional(DateTime('When the entry is removed.')),
    // Read-only: typed clients send them, and they are ignored.
    groupId: Type.Optional(Type.String()),
    ipAddress: Type.Optional(Type.String({ description: 'One IPv4 or IPv6 address.' })),
    links: Type.Optional(Links),
  },
  { additionalProperties: false, title: 'NetworkPermissionEntry' },
);

const Entry = Type.Object(
  {
    awsSecurityGroup: Type.Optional(Type.String({ pattern: '^([0-9]*/)?sg-([0-9]*)' })),
    cidrBlock: Type.Optional(Type.String()),
    comment: Type.Optional(Type.String({ maxLength: 80 })),
    deleteAfterDate: Type.Optional(DateTime()),
    groupId: Type.String({ pattern: '^([a-f0-9]{24})$' }),
    ipAddress: Type.Optional(Type.String()),
    links: Links,
  },
  { additionalProperties: false, title: 'NetworkPermissionEntry' },
);

const EntryList = Paginated(Entry, 'PaginatedNetworkAccessView');

const Status = Type.Object(
  { STATUS: StringEnum(['PENDING', 'FAILED', 'ACTIVE'] as const) },
  { additionalProperties: false, title: 'NetworkPermissionEntryStatus' },
);

/** The name an entry goes by in its own path: its address, block or security group. */
const pathValue = (e: AccessEntryDoc) => e.ipAddress ?? e.value;

function view(e: AccessEntryDoc, link: (path: string) => string): Static<typeof Entry> {
  return {
    ...(e.kind === 'securityGroup' ? { awsSecurityGroup: e.value } : { cidrBlock: e.value }),
    ...(e.comment !== undefined ? { comment: e.comment } : {}),
    ...(e.deleteAfter !== undefined ? { deleteAfterDate: isoSeconds(e.deleteAfter) } : {}),
    groupId: e.groupId,
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    links: [{ href: link(`/api/atlas/v2/groups/${e.groupId}/accessList/${encodeURIComponent(pathValue(e))}`), rel: 'self' }],
  };
}

const version = (spec: VersionSpec): Record<string, VersionSpec> => ({ '2023-01-01': spec });
const ENTRY_PARAMS = Type.Object({
  groupId: GroupIdParam,
  entryValue: Type.String({
    pattern: '^((([0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(/[0-9]{1,3})?|([0-9]*/)?sg-[0-9a-f]+)$',
    description: 'An address, a CIDR block (its slash encoded as %2F) or an AWS security group id.',
  }),
});
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_NETWORK_ACCESS_MANAGER' } as const;

export const operations = [
  defineOperation({
    operationId: 'listProjectIpAccessLists',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Project IP Access List Entries',
    access: READ,
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: version({ response: EntryList }),
    async handler(ctx) {
      return ctx.listAll(await listEntries(ctx.services.store, ctx.params.groupId), (e) => view(e, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createProjectIpAccessList',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Add Entries to Project IP Access List',
    access: WRITE,
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: version({ body: Type.Array(NewEntry), bodyRequired: true, response: EntryList }),
    async handler(ctx) {
      const { services } = ctx;
      const { groupId } = ctx.params;
      const body = ctx.body as Static<typeof NewEntry>[];
      const all = await services.store.write(async (tx) => {
        await addEntries(tx, services, groupId, body, ctx.actor, ctx.now);
        return listEntries(tx, groupId);
      });
      return ctx.listAll(all, (e) => view(e, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'getProjectIpList',
    method: 'GET',
    path: `${BASE}/{entryValue}`,
    tag: TAG,
    summary: 'Return One Project IP Access List Entry',
    access: READ,
    params: ENTRY_PARAMS,
    versions: version({ response: Entry }),
    async handler(ctx) {
      return view(await getEntry(ctx.services.store, ctx.params.groupId, ctx.params.entryValue), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteProjectIpAccessList',
    method: 'DELETE',
    path: `${BASE}/{entryValue}`,
    tag: TAG,
    summary: 'Remove One Entry from One Project IP Access List',
    access: WRITE,
    params: ENTRY_PARAMS,
    versions: version({ status: 204 }),
    async handler(ctx) {
      const { groupId, entryValue } = ctx.params;
      await ctx.services.store.write((tx) => deleteEntry(tx, groupId, entryValue, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'getProjectIpAccessListStatus',
    method: 'GET',
    path: `${BASE}/{entryValue}/status`,
    tag: TAG,
    summary: 'Return Status of One Project IP Access List Entry',
    access: READ,
    params: ENTRY_PARAMS,
    versions: version({ response: Status }),
    async handler(ctx) {
      const entry = await getEntry(ctx.services.store, ctx.params.groupId, ctx.params.entryValue);
      return { STATUS: entryStatus(entry, ctx.now) };
    },
  }),
];
