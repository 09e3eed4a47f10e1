import { contractQuery } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { getMembership, getUser, statusAt, type MembershipDoc } from './members.js';
import { peopleContract, OrgParams, OrgTeamParams, OrgTeamUserParams, type MemberFilters } from './params.js';
import { Type } from '@sinclair/typebox';
import { OrgIdParam } from '../../platform/schemas.js';
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  getTeamByName,
  listTeams,
  removeTeamMember,
  renameTeam,
  type TeamDoc,
} from './teams.js';
import { cloudAppUserView, orgUserView, teamView } from './views.js';

// An organization's teams and who is in them.

const TAG = 'Teams';

async function teamMembers(r: Reader, team: TeamDoc): Promise<MembershipDoc[]> {
  const out: MembershipDoc[] = [];
  for (const userId of team.userIds) out.push(await getMembership(r, team.orgId, userId));
  return out;
}

export const teamOperations = [
  defineOperation({
    operationId: 'listOrgTeams',
    classicId: 'listOrganizationTeams',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/teams',
    tag: TAG,
    summary: 'Return All Teams in One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgParams,
    paginated: true,
    versions: peopleContract('listOrgTeams'),
    async handler(ctx) {
      return ctx.listAll(await listTeams(ctx.services.store, ctx.params.orgId), (t) => teamView(ctx.link, t));
    },
  }),
  defineOperation({
    operationId: 'createOrgTeam',
    classicId: 'createTeam',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/teams',
    tag: TAG,
    summary: 'Create One Team in One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    versions: peopleContract('createOrgTeam'),
    async handler(ctx) {
      const body = ctx.body as { name: string; usernames: string[] };
      const team = await ctx.services.store.write((tx) =>
        createTeam(tx, ctx.params.orgId, body.name, body.usernames, ctx.actor, ctx.now),
      );
      const users = await Promise.all(team.userIds.map((id) => getUser(ctx.services.store, id)));
      return { ...teamView(ctx.link, team), usernames: users.map((u) => u.username) };
    },
  }),
  defineOperation({
    operationId: 'getOrgTeam',
    classicId: 'getTeamById',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}',
    tag: TAG,
    summary: 'Return One Team by ID',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgTeamParams,
    versions: peopleContract('getOrgTeam'),
    async handler(ctx) {
      return teamView(ctx.link, await getTeam(ctx.services.store, ctx.params.orgId, ctx.params.teamId));
    },
  }),
  defineOperation({
    operationId: 'getOrgTeamByName',
    classicId: 'getTeamByName',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}',
    tag: TAG,
    summary: 'Return One Team by Name',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam, teamName: Type.String() }),
    versions: peopleContract('getOrgTeamByName'),
    async handler(ctx) {
      return teamView(ctx.link, await getTeamByName(ctx.services.store, ctx.params.orgId, ctx.params.teamName));
    },
  }),
  defineOperation({
    operationId: 'renameOrgTeam',
    classicId: 'renameTeam',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}',
    tag: TAG,
    summary: 'Rename One Team',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgTeamParams,
    versions: peopleContract('renameOrgTeam'),
    async handler(ctx) {
      const { name } = ctx.body as { name: string };
      const team = await ctx.services.store.write((tx) =>
        renameTeam(tx, ctx.params.orgId, ctx.params.teamId, name, ctx.actor, ctx.now),
      );
      return teamView(ctx.link, team);
    },
  }),
  defineOperation({
    operationId: 'deleteOrgTeam',
    classicId: 'deleteTeam',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}',
    tag: TAG,
    summary: 'Remove One Team from One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgTeamParams,
    versions: peopleContract('deleteOrgTeam'),
    async handler(ctx) {
      await ctx.services.store.write((tx) => deleteTeam(tx, ctx.params.orgId, ctx.params.teamId, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'listOrgTeamUsers',
    classicId: 'listTeamUsers',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users',
    tag: 'MongoDB Cloud Users',
    summary: 'Return All MongoDB Cloud Users Assigned to One Team',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgTeamParams,
    query: contractQuery('listOrgTeamUsers'),
    paginated: true,
    versions: peopleContract('listOrgTeamUsers'),
    async handler(ctx) {
      const q = ctx.query as MemberFilters;
      const r = ctx.services.store;
      const team = await getTeam(r, ctx.params.orgId, ctx.params.teamId);
      const statuses = [...(q.orgMembershipStatuses ?? []), ...(q.orgMembershipStatus ? [q.orgMembershipStatus] : [])];
      const members = (await teamMembers(r, team)).filter(
        (m) =>
          (!q.username || m.username === q.username.toLowerCase()) &&
          (!q.userId || m.userId === q.userId) &&
          (statuses.length === 0 || statuses.includes(statusAt(m, ctx.now))),
      );
      const teams = await listTeams(r, team.orgId);
      if (ctx.version < '2025-02-19') {
        return ctx.listAll(members, async (m) => cloudAppUserView(ctx.link, await getUser(r, m.userId), [m], teams));
      }
      return ctx.listAll(members, async (m) => orgUserView(m, await getUser(r, m.userId), teams, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'addOrgTeamUsers',
    classicId: 'addTeamUser',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users',
    tag: TAG,
    summary: 'Assign MongoDB Cloud Users to One Team',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgTeamParams,
    paginated: true,
    versions: peopleContract('addOrgTeamUsers'),
    async handler(ctx) {
      const body = ctx.body as { id: string }[];
      const r = ctx.services.store;
      const team = await r.write(async (tx) => {
        const t = await getTeam(tx, ctx.params.orgId, ctx.params.teamId);
        for (const { id } of body) await addTeamMember(tx, t, await getMembership(tx, t.orgId, id), ctx.actor, ctx.now);
        return t;
      });
      const teams = await listTeams(r, team.orgId);
      return ctx.listAll(await teamMembers(r, team), async (m) => cloudAppUserView(ctx.link, await getUser(r, m.userId), [m], teams));
    },
  }),
  defineOperation({
    operationId: 'removeOrgTeamUserFromTeam',
    classicId: 'removeTeamUser',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users/{userId}',
    tag: TAG,
    summary: 'Remove One MongoDB Cloud User from One Team',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgTeamUserParams,
    versions: peopleContract('removeOrgTeamUserFromTeam'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) => {
        const team = await getTeam(tx, ctx.params.orgId, ctx.params.teamId);
        await removeTeamMember(tx, team, await getMembership(tx, team.orgId, ctx.params.userId), ctx.actor, ctx.now);
      });
    },
  }),
  ...(['addOrgTeamUser', 'removeOrgTeamUser'] as const).map((operationId) =>
    defineOperation({
      operationId,
      classicId: operationId === 'addOrgTeamUser' ? 'addUserToTeam' : 'removeUserFromTeam',
      method: 'POST',
      path: `/api/atlas/v2/orgs/{orgId}/teams/{teamId}:${operationId === 'addOrgTeamUser' ? 'addUser' : 'removeUser'}`,
      tag: 'MongoDB Cloud Users',
      summary: operationId === 'addOrgTeamUser' ? 'Add One MongoDB Cloud User to One Team' : 'Remove One MongoDB Cloud User from One Team',
      access: { scope: 'org', role: 'ORG_OWNER' },
      params: OrgTeamParams,
      versions: peopleContract(operationId),
      async handler(ctx) {
        const { id } = ctx.body as { id: string };
        return ctx.services.store.write(async (tx) => {
          const team = await getTeam(tx, ctx.params.orgId, ctx.params.teamId);
          const m = await getMembership(tx, team.orgId, id);
          if (operationId === 'addOrgTeamUser') await addTeamMember(tx, team, m, ctx.actor, ctx.now);
          else await removeTeamMember(tx, team, m, ctx.actor, ctx.now);
          return orgUserView(m, await getUser(tx, m.userId), await listTeams(tx, team.orgId), ctx.now);
        });
      },
    }),
  ),
];
