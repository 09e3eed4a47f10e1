import { Type } from '@sinclair/typebox';
import { contractQuery } from '../../platform/contract/index.js';
import { ApiError, errors } from '../../platform/errors.js';
import { defineOperation } from '../../platform/http/operation.js';
import { requireOrgRole, requireProjectRole } from '../../platform/roles.js';
import type { Reader } from '../../platform/store/types.js';
import { recordEvent } from './events.js';
import {
  checkGroupAssignments,
  checkGroupRoles,
  checkOrgRoles,
  checkUsername,
  findUserByName,
  getMembership,
  getUser,
  getUserByName,
  hashPassword,
  inviteToOrg,
  listMemberships,
  membershipsOfUser,
  projectOf,
  saveMembership,
  saveUser,
  setOrgRoles,
  statusAt,
  type CloudUserDoc,
  type MembershipDoc,
} from './members.js';
import { newObjectId } from '../../platform/ids.js';
import { removeFromOrg } from './removal.js';
import { listTeams, setTeams } from './teams.js';
import { cloudAppUserView, orgUserView } from './views.js';
import { peopleContract, OrgParams, OrgUserParams, UserParams, type MemberFilters } from './params.js';

// MongoDB Cloud users: the classic account operations (/users) and the
// organization's members (/orgs/{orgId}/users).

// The published pattern for mobileNumber escapes its backslashes twice (it would demand literal
// backslashes in a phone number); this is the North American number it means.
const MOBILE_NUMBER =
  '^(?:(?:\\+?1\\s*(?:[.-]\\s*)?)?(?:(\\s*([2-9]1[02-9]|[2-9][02-8]1|[2-9][02-8][02-9])\\s*)|([2-9]1[02-9]|[2-9][02-8]1|[2-9][02-8][02-9]))\\s*(?:[.-]\\s*)?)([2-9]1[02-9]|[2-9][02-9]1|[2-9][02-9]{2})\\s*(?:[.-]\\s*)?([0-9]{4})$';

const TAG = 'MongoDB Cloud Users';

interface RoleAssignmentIn {
  orgId?: string;
  groupId?: string;
  roleName?: string;
}

async function classicView(ctx: { link: (p: string) => string }, r: Reader, u: CloudUserDoc) {
  const memberships = await membershipsOfUser(r, u.id);
  const teams = (await Promise.all([...new Set(memberships.map((m) => m.orgId))].map((o) => listTeams(r, o)))).flat();
  return cloudAppUserView(ctx.link, u, memberships, teams);
}

async function orgMemberView(r: Reader, m: MembershipDoc, now: number) {
  return orgUserView(m, await getUser(r, m.userId), await listTeams(r, m.orgId), now);
}

function wantedStatuses(query: { orgMembershipStatus?: string; orgMembershipStatuses?: string[] }): Set<string> | undefined {
  const all = [...(query.orgMembershipStatuses ?? []), ...(query.orgMembershipStatus ? [query.orgMembershipStatus] : [])];
  for (const s of all) if (!['PENDING', 'ACTIVE', 'INVITATION_EXPIRED', 'INVITATION_REJECTED'].includes(s)) throw errors.invalidEnumValue(s, 'orgMembershipStatus');
  return all.length ? new Set(all) : undefined;
}

export const userOperations = [
  defineOperation({
    operationId: 'createUser',
    method: 'POST',
    path: '/api/atlas/v2/users',
    tag: TAG,
    summary: 'Create One MongoDB Cloud User',
    access: { scope: 'any' },
    versions: peopleContract('createUser', {
      body: { set: { mobileNumber: Type.String({ pattern: MOBILE_NUMBER }) } },
    }),
    async handler(ctx) {
      const body = ctx.body as Partial<CloudUserDoc> & { password: string; roles: RoleAssignmentIn[] };
      const username = checkUsername(body.username!);
      // Each role names an organization or a project the caller may administer.
      const byOrg = new Map<string, { orgRoles: string[]; groupRoles: Record<string, string[]> }>();
      const entry = (orgId: string) => byOrg.get(orgId) ?? byOrg.set(orgId, { orgRoles: [], groupRoles: {} }).get(orgId)!;
      for (const role of body.roles) {
        if (!role.roleName) throw errors.missingAttribute('roles.roleName');
        if (role.orgId && role.groupId) throw errors.invalidAttribute('roles', 'a role names an organization or a project, not both');
        if (role.orgId) {
          requireOrgRole(ctx.principal, role.orgId, 'ORG_OWNER');
          entry(role.orgId).orgRoles.push(...checkOrgRoles([role.roleName]));
        } else if (role.groupId) {
          const project = await projectOf(ctx.services.store, ctx.principal.orgId, role.groupId);
          requireProjectRole(ctx.principal, project.id, project.orgId, 'GROUP_OWNER');
          const g = entry(project.orgId).groupRoles;
          g[project.id] = [...new Set([...(g[project.id] ?? []), ...checkGroupRoles([role.roleName])])];
        } else {
          throw errors.missingAttribute('roles.orgId');
        }
      }
      return ctx.services.store.write(async (tx) => {
        if (await findUserByName(tx, username)) {
          throw new ApiError(409, 'USER_ALREADY_EXISTS', `A user with username ${username} already exists.`, [username]);
        }
        const user: CloudUserDoc = {
          id: newObjectId(ctx.now),
          username,
          firstName: body.firstName,
          lastName: body.lastName,
          country: body.country,
          mobileNumber: body.mobileNumber,
          createdAt: ctx.now,
          ...hashPassword(body.password),
        };
        await saveUser(tx, user);
        // Created with roles, the user is a member at once: there is nobody to accept an invitation.
        for (const [orgId, { orgRoles, groupRoles }] of byOrg) {
          const m: MembershipDoc = {
            id: `${orgId}:${user.id}`,
            orgId,
            userId: user.id,
            username,
            status: 'ACTIVE',
            orgRoles: orgRoles.length ? [...new Set(orgRoles)] : ['ORG_MEMBER'],
            groupRoles,
          };
          await saveMembership(tx, m);
          await recordEvent(tx, { type: 'JOINED_ORG', at: ctx.now, actor: ctx.actor, orgId, fields: { targetUsername: username } });
          for (const groupId of Object.keys(groupRoles)) {
            await recordEvent(tx, { type: 'JOINED_GROUP', at: ctx.now, actor: ctx.actor, orgId, groupId, fields: { targetUsername: username } });
          }
        }
        return classicView(ctx, tx, user);
      });
    },
  }),
  defineOperation({
    operationId: 'getUser',
    method: 'GET',
    path: '/api/atlas/v2/users/{userId}',
    tag: TAG,
    summary: 'Return One MongoDB Cloud User by ID',
    access: { scope: 'any' },
    params: UserParams,
    versions: peopleContract('getUser'),
    async handler(ctx) {
      return classicView(ctx, ctx.services.store, await getUser(ctx.services.store, ctx.params.userId));
    },
  }),
  defineOperation({
    operationId: 'getUserByName',
    method: 'GET',
    path: '/api/atlas/v2/users/byName/{userName}',
    tag: TAG,
    summary: 'Return One MongoDB Cloud User by Username',
    access: { scope: 'any' },
    params: Type.Object({ userName: Type.String() }),
    versions: peopleContract('getUserByName'),
    async handler(ctx) {
      return classicView(ctx, ctx.services.store, await getUserByName(ctx.services.store, ctx.params.userName));
    },
  }),
  defineOperation({
    operationId: 'listOrgUsers',
    classicId: 'listOrganizationUsers',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/users',
    tag: TAG,
    summary: 'Return All MongoDB Cloud Users in One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgParams,
    query: contractQuery('listOrgUsers'),
    paginated: true,
    versions: peopleContract('listOrgUsers'),
    async handler(ctx) {
      const query = ctx.query as MemberFilters;
      const wanted = wantedStatuses(query);
      const r = ctx.services.store;
      const all = (await listMemberships(r, ctx.params.orgId)).filter(
        (m) => (!query.username || m.username === query.username.toLowerCase()) && (!wanted || wanted.has(statusAt(m, ctx.now))),
      );
      if (ctx.version < '2025-02-19') return ctx.listAll(all, async (m) => classicView(ctx, r, await getUser(r, m.userId)));
      return ctx.listAll(all, (m) => orgMemberView(r, m, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'createOrgUser',
    classicId: 'createOrganizationUser',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/users',
    tag: TAG,
    summary: 'Add One MongoDB Cloud User to One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    rateLimit: 'invitations',
    versions: peopleContract('createOrgUser'),
    async handler(ctx) {
      const body = ctx.body as { username: string; roles: { orgRoles: string[]; groupRoleAssignments?: { groupId?: string; groupRoles?: string[] }[] }; teamIds?: string[] };
      return ctx.services.store.write(async (tx) => {
        const orgRoles = checkOrgRoles(body.roles.orgRoles, 'roles.orgRoles');
        const groupRoles = await checkGroupAssignments(tx, ctx.params.orgId, body.roles.groupRoleAssignments ?? []);
        const m = await inviteToOrg(tx, ctx.params.orgId, body.username, { orgRoles, groupRoles }, ctx.actor, ctx.now);
        if (body.teamIds?.length) await setTeams(tx, m, body.teamIds, ctx.actor, ctx.now);
        return orgMemberView(tx, m, ctx.now);
      });
    },
  }),
  defineOperation({
    operationId: 'getOrgUser',
    classicId: 'getOrganizationUser',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/users/{userId}',
    tag: TAG,
    summary: 'Return One MongoDB Cloud User in One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgUserParams,
    query: contractQuery('getOrgUser'),
    versions: peopleContract('getOrgUser'),
    async handler(ctx) {
      const m = await getMembership(ctx.services.store, ctx.params.orgId, ctx.params.userId);
      const wanted = wantedStatuses(ctx.query as MemberFilters);
      if (wanted && !wanted.has(statusAt(m, ctx.now))) throw new ApiError(404, 'USER_NOT_IN_ORG', `User ${m.userId} is not a member of organization ${m.orgId}.`, [m.userId, m.orgId]);
      return orgMemberView(ctx.services.store, m, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'updateOrgUser',
    classicId: 'updateOrganizationUser',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/users/{userId}',
    tag: TAG,
    summary: 'Update One MongoDB Cloud User in One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgUserParams,
    versions: peopleContract('updateOrgUser'),
    async handler(ctx) {
      const body = ctx.body as { roles?: { orgRoles: string[]; groupRoleAssignments?: { groupId?: string; groupRoles?: string[] }[] }; teamIds?: string[] };
      return ctx.services.store.write(async (tx) => {
        const m = await getMembership(tx, ctx.params.orgId, ctx.params.userId);
        if (body.roles) {
          await setOrgRoles(tx, m, body.roles.orgRoles, ctx.actor, ctx.now);
          if (body.roles.groupRoleAssignments) {
            m.groupRoles = await checkGroupAssignments(tx, m.orgId, body.roles.groupRoleAssignments);
            await saveMembership(tx, m);
            await recordEvent(tx, { type: 'USER_ROLES_CHANGED_AUDIT', at: ctx.now, actor: ctx.actor, orgId: m.orgId, fields: { targetUsername: m.username } });
          }
        }
        if (body.teamIds) await setTeams(tx, m, body.teamIds, ctx.actor, ctx.now);
        return orgMemberView(tx, m, ctx.now);
      });
    },
  }),
  defineOperation({
    operationId: 'removeOrgUser',
    classicId: 'removeOrganizationUser',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/users/{userId}',
    tag: TAG,
    summary: 'Remove One MongoDB Cloud User from One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgUserParams,
    versions: peopleContract('removeOrgUser'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) =>
        removeFromOrg(tx, await getMembership(tx, ctx.params.orgId, ctx.params.userId), ctx.actor, ctx.now),
      );
    },
  }),
  ...(['addOrgUserRole', 'removeOrgUserRole'] as const).map((operationId) =>
    defineOperation({
      operationId,
      classicId: operationId === 'addOrgUserRole' ? 'addOrganizationRole' : 'removeOrganizationRole',
      method: 'POST',
      path: `/api/atlas/v2/orgs/{orgId}/users/{userId}:${operationId === 'addOrgUserRole' ? 'addRole' : 'removeRole'}`,
      tag: TAG,
      summary: operationId === 'addOrgUserRole' ? 'Add One Organization Role to One MongoDB Cloud User' : 'Remove One Organization Role from One MongoDB Cloud User',
      access: { scope: 'org', role: 'ORG_OWNER' },
      params: OrgUserParams,
      versions: peopleContract(operationId),
      async handler(ctx) {
        const { orgRole } = ctx.body as { orgRole: string };
        return ctx.services.store.write(async (tx) => {
          const m = await getMembership(tx, ctx.params.orgId, ctx.params.userId);
          const next = operationId === 'addOrgUserRole' ? [...m.orgRoles, orgRole] : m.orgRoles.filter((r) => r !== orgRole);
          await setOrgRoles(tx, m, next, ctx.actor, ctx.now);
          return orgMemberView(tx, m, ctx.now);
        });
      },
    }),
  ),
  defineOperation({
    operationId: 'updateOrgUserRoles',
    classicId: 'updateOrganizationRoles',
    method: 'PUT',
    path: '/api/atlas/v2/orgs/{orgId}/users/{userId}/roles',
    tag: 'Organizations',
    summary: 'Update Organization Roles for One MongoDB Cloud User',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgUserParams,
    versions: peopleContract('updateOrgUserRoles'),
    async handler(ctx) {
      const { orgRoles = [] } = ctx.body as { orgRoles?: string[] };
      return ctx.services.store.write(async (tx) => {
        const m = await getMembership(tx, ctx.params.orgId, ctx.params.userId);
        await setOrgRoles(tx, m, orgRoles, ctx.actor, ctx.now);
        return { links: [{ href: ctx.link(`/api/atlas/v2/orgs/${m.orgId}/users/${m.userId}/roles`), rel: 'self' }], orgRoles: m.orgRoles };
      });
    },
  }),
];
