import { contractQuery } from '../../platform/contract/index.js';
import { ApiError } from '../../platform/errors.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import {
  checkGroupRoles,
  findMembership,
  findUserByName,
  getUser,
  inviteToOrg,
  listMemberships,
  setGroupRoles,
  statusAt,
  userNotInGroup,
  type MembershipDoc,
} from './members.js';
import { peopleContract, GroupParams, GroupTeamParams, GroupUserParams, type MemberFilters } from './params.js';
import { assignTeams, groupTeam, groupTeams, listTeams, removeTeamFromGroup, setTeamGroupRoles, type TeamDoc } from './teams.js';
import { cloudAppUserView, groupRolesOf, groupUserView, teamRoleView } from './views.js';

// A project's people: its users (members of its organization holding roles in
// it, directly or through teams) and the teams it holds.

const USERS = 'MongoDB Cloud Users';

/** The member as the project sees them, or 404 when they hold no role in it. */
async function projectMember(r: Reader, groupId: string, userId: string): Promise<{ m: MembershipDoc; teams: TeamDoc[] }> {
  const project = await getProject(r, groupId);
  await getUser(r, userId);
  const m = await findMembership(r, project.orgId, userId);
  const teams = await listTeams(r, project.orgId);
  if (!m || groupRolesOf(m, teams, groupId, true).length === 0) throw userNotInGroup(userId, groupId);
  return { m, teams };
}

async function memberView(r: Reader, m: MembershipDoc, teams: TeamDoc[], groupId: string, now: number) {
  return groupUserView(m, await getUser(r, m.userId), groupRolesOf(m, teams, groupId, true), now);
}

export const groupOperations = [
  defineOperation({
    operationId: 'listGroupUsers',
    classicId: 'listProjectUsers',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/users',
    tag: USERS,
    summary: 'Return All MongoDB Cloud Users in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupParams,
    query: contractQuery('listGroupUsers'),
    paginated: true,
    versions: peopleContract('listGroupUsers'),
    async handler(ctx) {
      const q = ctx.query as MemberFilters;
      const r = ctx.services.store;
      const project = await getProject(r, ctx.params.groupId);
      const teams = await listTeams(r, project.orgId);
      const statuses = [...(q.orgMembershipStatuses ?? []), ...(q.orgMembershipStatus ? [q.orgMembershipStatus] : [])];
      const rows = (await listMemberships(r, project.orgId))
        .map((m) => ({ m, roles: groupRolesOf(m, teams, project.id, q.flattenTeams === true) }))
        .filter(({ roles }) => roles.length > 0 || q.includeOrgUsers === true)
        .filter(({ m }) => !q.username || m.username === q.username.toLowerCase())
        .filter(({ m }) => statuses.length === 0 || statuses.includes(statusAt(m, ctx.now)));
      if (ctx.version < '2025-02-19') {
        return ctx.listAll(rows, async ({ m }) => cloudAppUserView(ctx.link, await getUser(r, m.userId), [m], teams));
      }
      return ctx.listAll(rows, async ({ m, roles }) => groupUserView(m, await getUser(r, m.userId), roles, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'addGroupUsers',
    classicId: 'addProjectUser',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/users',
    tag: USERS,
    summary: 'Add One MongoDB Cloud User to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    rateLimit: 'invitations',
    versions: peopleContract('addGroupUsers'),
    async handler(ctx) {
      const body = ctx.body as { username: string; roles: string[] };
      return ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        const roles = checkGroupRoles(body.roles);
        const existing = await findUserByName(tx, body.username);
        let m = existing ? await findMembership(tx, project.orgId, existing.id) : undefined;
        if (m && m.groupRoles[project.id]) {
          throw new ApiError(409, 'USER_ALREADY_IN_GROUP', `User ${m.username} already has a role in project ${project.id}.`, [m.username, project.id]);
        }
        // A member gets the roles at once; anyone else is invited to the organization with them, as Atlas does.
        if (m) await setGroupRoles(tx, m, project.id, roles, ctx.actor, ctx.now);
        else m = await inviteToOrg(tx, project.orgId, body.username, { orgRoles: ['ORG_MEMBER'], groupRoles: { [project.id]: roles } }, ctx.actor, ctx.now);
        return memberView(tx, m, await listTeams(tx, project.orgId), project.id, ctx.now);
      });
    },
  }),
  defineOperation({
    operationId: 'getGroupUser',
    classicId: 'getProjectUser',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/users/{userId}',
    tag: USERS,
    summary: 'Return One MongoDB Cloud User in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupUserParams,
    query: contractQuery('getGroupUser'),
    versions: peopleContract('getGroupUser'),
    async handler(ctx) {
      const { m, teams } = await projectMember(ctx.services.store, ctx.params.groupId, ctx.params.userId);
      return memberView(ctx.services.store, m, teams, ctx.params.groupId, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'removeGroupUser',
    classicId: 'removeProjectUser',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/users/{userId}',
    tag: USERS,
    summary: 'Remove One MongoDB Cloud User from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupUserParams,
    versions: peopleContract('removeGroupUser'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) => {
        const { m } = await projectMember(tx, ctx.params.groupId, ctx.params.userId);
        if (!m.groupRoles[ctx.params.groupId]) throw userNotInGroup(m.userId, ctx.params.groupId);
        await setGroupRoles(tx, m, ctx.params.groupId, [], ctx.actor, ctx.now);
      });
    },
  }),
  ...(['addGroupUserRole', 'removeGroupUserRole'] as const).map((operationId) =>
    defineOperation({
      operationId,
      classicId: operationId === 'addGroupUserRole' ? 'addProjectRole' : 'removeProjectRole',
      method: 'POST',
      path: `/api/atlas/v2/groups/{groupId}/users/{userId}:${operationId === 'addGroupUserRole' ? 'addRole' : 'removeRole'}`,
      tag: USERS,
      summary: operationId === 'addGroupUserRole' ? 'Add One Project Role to One MongoDB Cloud User' : 'Remove One Project Role from One MongoDB Cloud User',
      access: { scope: 'project', role: 'GROUP_OWNER' },
      params: GroupUserParams,
      versions: peopleContract(operationId),
      async handler(ctx) {
        const { groupRole } = ctx.body as { groupRole: string };
        return ctx.services.store.write(async (tx) => {
          const project = await getProject(tx, ctx.params.groupId);
          await getUser(tx, ctx.params.userId);
          const m = await findMembership(tx, project.orgId, ctx.params.userId);
          if (!m) throw userNotInGroup(ctx.params.userId, project.id);
          const held = m.groupRoles[project.id] ?? [];
          const next = operationId === 'addGroupUserRole' ? [...held, ...checkGroupRoles([groupRole], 'groupRole')] : held.filter((r) => r !== groupRole);
          await setGroupRoles(tx, m, project.id, next, ctx.actor, ctx.now);
          return memberView(tx, m, await listTeams(tx, project.orgId), project.id, ctx.now);
        });
      },
    }),
  ),
  defineOperation({
    operationId: 'updateGroupUserRoles',
    classicId: 'updateProjectRoles',
    method: 'PUT',
    path: '/api/atlas/v2/groups/{groupId}/users/{userId}/roles',
    tag: 'Projects',
    summary: 'Update Project Roles for One MongoDB Cloud User',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupUserParams,
    versions: peopleContract('updateGroupUserRoles'),
    async handler(ctx) {
      const { groupRoles = [] } = ctx.body as { groupRoles?: string[] };
      return ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        await getUser(tx, ctx.params.userId);
        const m = await findMembership(tx, project.orgId, ctx.params.userId);
        if (!m) throw userNotInGroup(ctx.params.userId, project.id);
        await setGroupRoles(tx, m, project.id, groupRoles, ctx.actor, ctx.now);
        const self = ctx.link(`/api/atlas/v2/groups/${project.id}/users/${m.userId}/roles`);
        return { groupRoles: m.groupRoles[project.id] ?? [], links: [{ href: self, rel: 'self' }] };
      });
    },
  }),
  defineOperation({
    operationId: 'listGroupTeams',
    classicId: 'listProjectTeams',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/teams',
    tag: 'Teams',
    summary: 'Return All Teams in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupParams,
    paginated: true,
    versions: peopleContract('listGroupTeams'),
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      return ctx.listAll(await groupTeams(ctx.services.store, project.orgId, project.id), (t) => teamRoleView(ctx.link, t, project.id));
    },
  }),
  defineOperation({
    operationId: 'addGroupTeams',
    classicId: 'addAllTeamsToProject',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/teams',
    tag: 'Teams',
    summary: 'Add One or More Teams to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    paginated: true,
    versions: peopleContract('addGroupTeams'),
    async handler(ctx) {
      const body = ctx.body as { teamId: string; roleNames: string[] }[];
      const teams = await ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        return assignTeams(tx, project.orgId, project.id, body, ctx.actor, ctx.now);
      });
      return ctx.listAll(teams, (t) => teamRoleView(ctx.link, t, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'getGroupTeam',
    classicId: 'getProjectTeam',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/teams/{teamId}',
    tag: 'Teams',
    summary: 'Return One Team in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: GroupTeamParams,
    versions: peopleContract('getGroupTeam'),
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      return teamRoleView(ctx.link, await groupTeam(ctx.services.store, project.orgId, project.id, ctx.params.teamId), project.id);
    },
  }),
  defineOperation({
    operationId: 'updateGroupTeam',
    classicId: 'updateTeamRoles',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/teams/{teamId}',
    tag: 'Teams',
    summary: 'Update Team Roles in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupTeamParams,
    paginated: true,
    // The team is in the path; clients send only its roles.
    versions: peopleContract('updateGroupTeam', { body: { required: ['roleNames'] } }),
    async handler(ctx) {
      const { roleNames = [] } = ctx.body as { roleNames?: string[] };
      const team = await ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        return setTeamGroupRoles(tx, project.orgId, project.id, ctx.params.teamId, roleNames, ctx.actor, ctx.now);
      });
      return ctx.listAll([team], (t) => teamRoleView(ctx.link, t, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'removeGroupTeam',
    classicId: 'removeProjectTeam',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/teams/{teamId}',
    tag: 'Teams',
    summary: 'Remove One Team from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupTeamParams,
    versions: peopleContract('removeGroupTeam'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        await removeTeamFromGroup(tx, project.orgId, project.id, ctx.params.teamId, ctx.actor, ctx.now);
      });
    },
  }),
];
