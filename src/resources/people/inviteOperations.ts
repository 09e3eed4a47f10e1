import { ApiError, errors } from '../../platform/errors.js';
import { contractQuery } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { getOrg } from '../organizations/orgs.js';
import { recordEvent } from './events.js';
import {
  checkGroupAssignments,
  checkGroupRoles,
  checkOrgRoles,
  inviteToOrg,
  listMemberships,
  saveMembership,
  statusAt,
  type MembershipDoc,
} from './members.js';
import { GroupInviteParams, GroupParams, OrgInviteParams, OrgParams, peopleContract } from './params.js';
import { removeFromOrg } from './removal.js';
import { listTeams, setTeams } from './teams.js';
import { groupInvitationView, orgInvitationView } from './views.js';

// Invitations, as the older invitation operations show them. An invitation is a
// membership still pending: the same one the organization's user listings show
// as PENDING. A project invitation is a pending membership holding roles in that
// project. Expired invitations are no longer listed here.

const invitationNotFound = (id: string) =>
  new ApiError(404, 'INVITATION_NOT_FOUND', `No invitation with ID ${id} exists.`, [id]);

interface OrgInviteBody {
  username?: string;
  roles?: string[];
  teamIds?: string[];
  groupRoleAssignments?: { groupId?: string; roles?: string[] }[];
}

async function openInvitations(r: Reader, orgId: string, now: number): Promise<MembershipDoc[]> {
  return (await listMemberships(r, orgId)).filter((m) => statusAt(m, now) === 'PENDING');
}

async function invitationById(r: Reader, orgId: string, id: string, now: number): Promise<MembershipDoc> {
  const m = (await openInvitations(r, orgId, now)).find((x) => x.invitation!.id === id);
  if (!m) throw invitationNotFound(id);
  return m;
}

async function orgView(ctx: { link: (p: string) => string }, r: Reader, m: MembershipDoc) {
  return orgInvitationView(ctx.link, m, (await getOrg(r, m.orgId)).name, await listTeams(r, m.orgId));
}

async function updateOrgInvite(tx: Tx, m: MembershipDoc, body: OrgInviteBody, actor: Parameters<typeof setTeams>[3], at: number) {
  if (body.roles) m.orgRoles = checkOrgRoles(body.roles);
  if (body.groupRoleAssignments) m.groupRoles = await checkGroupAssignments(tx, m.orgId, body.groupRoleAssignments);
  await saveMembership(tx, m);
  if (body.teamIds) await setTeams(tx, m, body.teamIds, actor, at);
  return m;
}

const orgInvites = [
  defineOperation({
    operationId: 'listOrgInvites',
    classicId: 'listOrganizationInvitations',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/invites',
    tag: 'Organizations',
    summary: 'Return All Organization Invitations',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    query: contractQuery('listOrgInvites'),
    versions: peopleContract('listOrgInvites'),
    async handler(ctx) {
      const { username } = ctx.query as { username?: string };
      const r = ctx.services.store;
      const open = (await openInvitations(r, ctx.params.orgId, ctx.now)).filter((m) => !username || m.username === username.toLowerCase());
      return Promise.all(open.map((m) => orgView(ctx, r, m)));
    },
  }),
  defineOperation({
    operationId: 'createOrgInvite',
    classicId: 'createOrganizationInvitation',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/invites',
    tag: 'Organizations',
    summary: 'Invite One MongoDB Cloud User to One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    rateLimit: 'invitations',
    versions: peopleContract('createOrgInvite'),
    async handler(ctx) {
      const body = ctx.body as OrgInviteBody;
      if (!body.username) throw errors.missingAttribute('username');
      return ctx.services.store.write(async (tx) => {
        const orgRoles = checkOrgRoles(body.roles ?? []);
        const groupRoles = await checkGroupAssignments(tx, ctx.params.orgId, body.groupRoleAssignments ?? []);
        const m = await inviteToOrg(tx, ctx.params.orgId, body.username!, { orgRoles, groupRoles }, ctx.actor, ctx.now);
        if (body.teamIds?.length) await setTeams(tx, m, body.teamIds, ctx.actor, ctx.now);
        return orgView(ctx, tx, m);
      });
    },
  }),
  defineOperation({
    operationId: 'updateOrgInvites',
    classicId: 'updateOrganizationInvitation',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/invites',
    tag: 'Organizations',
    summary: 'Update One Organization Invitation',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    versions: peopleContract('updateOrgInvites'),
    async handler(ctx) {
      const body = ctx.body as OrgInviteBody;
      if (!body.username) throw errors.missingAttribute('username');
      return ctx.services.store.write(async (tx) => {
        const m = (await openInvitations(tx, ctx.params.orgId, ctx.now)).find((x) => x.username === body.username!.toLowerCase());
        if (!m) throw invitationNotFound(body.username!);
        return orgView(ctx, tx, await updateOrgInvite(tx, m, body, ctx.actor, ctx.now));
      });
    },
  }),
  defineOperation({
    operationId: 'getOrgInvite',
    classicId: 'getOrganizationInvitation',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/invites/{invitationId}',
    tag: 'Organizations',
    summary: 'Return One Organization Invitation',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgInviteParams,
    versions: peopleContract('getOrgInvite'),
    async handler(ctx) {
      return orgView(ctx, ctx.services.store, await invitationById(ctx.services.store, ctx.params.orgId, ctx.params.invitationId, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'updateOrgInviteById',
    classicId: 'updateOrganizationInvitationById',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/invites/{invitationId}',
    tag: 'Organizations',
    summary: 'Update One Organization Invitation by Invitation ID',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgInviteParams,
    versions: peopleContract('updateOrgInviteById'),
    async handler(ctx) {
      const body = ctx.body as OrgInviteBody;
      return ctx.services.store.write(async (tx) => {
        const m = await invitationById(tx, ctx.params.orgId, ctx.params.invitationId, ctx.now);
        return orgView(ctx, tx, await updateOrgInvite(tx, m, body, ctx.actor, ctx.now));
      });
    },
  }),
  defineOperation({
    operationId: 'deleteOrgInvite',
    classicId: 'deleteOrganizationInvitation',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/invites/{invitationId}',
    tag: 'Organizations',
    summary: 'Cancel One Organization Invitation',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgInviteParams,
    versions: peopleContract('deleteOrgInvite'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) =>
        removeFromOrg(tx, await invitationById(tx, ctx.params.orgId, ctx.params.invitationId, ctx.now), ctx.actor, ctx.now),
      );
    },
  }),
];

async function groupInvitation(r: Reader, groupId: string, id: string, now: number) {
  const project = await getProject(r, groupId);
  const m = await invitationById(r, project.orgId, id, now);
  if (!m.groupRoles[groupId]) throw invitationNotFound(id);
  return { project, m };
}

const groupInvites = [
  defineOperation({
    operationId: 'listGroupInvites',
    classicId: 'listProjectInvitations',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/invites',
    tag: 'Projects',
    summary: 'Return All Project Invitations',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    query: contractQuery('listGroupInvites'),
    versions: peopleContract('listGroupInvites'),
    async handler(ctx) {
      const { username } = ctx.query as { username?: string };
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const open = (await openInvitations(ctx.services.store, project.orgId, ctx.now)).filter(
        (m) => m.groupRoles[project.id] && (!username || m.username === username.toLowerCase()),
      );
      return open.map((m) => groupInvitationView(ctx.link, m, project.id, project.name));
    },
  }),
  defineOperation({
    operationId: 'createGroupInvite',
    classicId: 'createProjectInvitation',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/invites',
    tag: 'Projects',
    summary: 'Invite One MongoDB Cloud User to Join One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupParams,
    rateLimit: 'invitations',
    versions: peopleContract('createGroupInvite'),
    async handler(ctx) {
      const body = ctx.body as { username?: string; roles?: string[] };
      if (!body.username) throw errors.missingAttribute('username');
      return ctx.services.store.write(async (tx) => {
        const project = await getProject(tx, ctx.params.groupId);
        const roles = checkGroupRoles(body.roles ?? []);
        if (roles.length === 0) throw errors.missingAttribute('roles');
        const m = await inviteToOrg(tx, project.orgId, body.username!, { orgRoles: ['ORG_MEMBER'], groupRoles: { [project.id]: roles }, viaGroup: project.id }, ctx.actor, ctx.now);
        return groupInvitationView(ctx.link, m, project.id, project.name);
      });
    },
  }),
  ...(['updateGroupInvites', 'updateGroupInviteById'] as const).map((operationId) =>
    defineOperation({
      operationId,
      classicId: operationId === 'updateGroupInvites' ? 'updateProjectInvitation' : 'updateProjectInvitationById',
      method: 'PATCH',
      path: operationId === 'updateGroupInvites' ? '/api/atlas/v2/groups/{groupId}/invites' : '/api/atlas/v2/groups/{groupId}/invites/{invitationId}',
      tag: 'Projects',
      summary: operationId === 'updateGroupInvites' ? 'Update One Project Invitation' : 'Update One Project Invitation by Invitation ID',
      access: { scope: 'project', role: 'GROUP_OWNER' },
      params: operationId === 'updateGroupInvites' ? GroupParams : GroupInviteParams,
      versions: peopleContract(operationId),
      async handler(ctx) {
        const body = ctx.body as { username?: string; roles?: string[] };
        const params = ctx.params as { groupId: string; invitationId?: string };
        return ctx.services.store.write(async (tx) => {
          const project = await getProject(tx, params.groupId);
          let m: MembershipDoc | undefined;
          if (params.invitationId) m = (await groupInvitation(tx, project.id, params.invitationId, ctx.now)).m;
          else {
            if (!body.username) throw errors.missingAttribute('username');
            m = (await openInvitations(tx, project.orgId, ctx.now)).find((x) => x.username === body.username!.toLowerCase() && x.groupRoles[project.id]);
            if (!m) throw invitationNotFound(body.username);
          }
          if (body.roles) {
            const roles = checkGroupRoles(body.roles);
            if (roles.length === 0) throw errors.invalidAttribute('roles', 'an invitation grants at least one role');
            m.groupRoles[project.id] = roles;
            await saveMembership(tx, m);
          }
          return groupInvitationView(ctx.link, m, project.id, project.name);
        });
      },
    }),
  ),
  defineOperation({
    operationId: 'getGroupInvite',
    classicId: 'getProjectInvitation',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/invites/{invitationId}',
    tag: 'Projects',
    summary: 'Return One Project Invitation',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupInviteParams,
    versions: peopleContract('getGroupInvite'),
    async handler(ctx) {
      const { project, m } = await groupInvitation(ctx.services.store, ctx.params.groupId, ctx.params.invitationId, ctx.now);
      return groupInvitationView(ctx.link, m, project.id, project.name);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupInvite',
    classicId: 'deleteProjectInvitation',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/invites/{invitationId}',
    tag: 'Projects',
    summary: 'Cancel One Project Invitation',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: GroupInviteParams,
    versions: peopleContract('deleteGroupInvite'),
    async handler(ctx) {
      await ctx.services.store.write(async (tx) => {
        const { project, m } = await groupInvitation(tx, ctx.params.groupId, ctx.params.invitationId, ctx.now);
        // A membership that only this project invitation made goes with it.
        if (m.invitation!.viaGroup === project.id && Object.keys(m.groupRoles).length === 1) return removeFromOrg(tx, m, ctx.actor, ctx.now);
        delete m.groupRoles[project.id];
        await saveMembership(tx, m);
        await recordEvent(tx, { type: 'GROUP_INVITATION_DELETED', at: ctx.now, actor: ctx.actor, orgId: project.orgId, groupId: project.id, fields: { targetUsername: m.username } });
      });
    },
  }),
];

export const inviteOperations = [...orgInvites, ...groupInvites];
