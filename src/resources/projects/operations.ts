import { Type } from '@sinclair/typebox';
import { CLUSTERS } from '../clusters/collections.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { errors } from '../../platform/errors.js';
import {
  createProject,
  deleteProject,
  getProject,
  getProjectByName,
  updateProject,
  type NewProject,
  type ProjectChanges,
  type ProjectDoc,
  type Tag,
} from './projects.js';
import { canSeeProject, requireOrgRole } from '../../platform/roles.js';
import { getOrg } from '../organizations/orgs.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { atlasSchema, contractQuery, fromContract } from '../../platform/contract/index.js';
import { GroupIdParam } from '../../platform/schemas.js';

const PROJECT_NAME_PATTERN = "^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$";

export const Group = atlasSchema('Group');

export interface GroupView {
  clusterCount: number;
  created: string;
  id: string;
  links: { href: string; rel: string }[];
  name: string;
  orgId: string;
  regionUsageRestrictions?: string;
  tags?: Tag[];
  withDefaultAlertsSettings: boolean;
}

export async function groupView(r: Reader, link: (p: string) => string, p: ProjectDoc): Promise<GroupView> {
  return {
    clusterCount: await r.count(CLUSTERS, p.id),
    created: p.created,
    id: p.id,
    links: [{ href: link(`/api/atlas/v2/groups/${p.id}`), rel: 'self' }],
    name: p.name,
    orgId: p.orgId,
    // Atlas leaves both out of a project that never set them.
    ...(p.regionUsageRestrictions ? { regionUsageRestrictions: p.regionUsageRestrictions } : {}),
    ...(p.tags.length ? { tags: p.tags } : {}),
    withDefaultAlertsSettings: p.withDefaultAlertsSettings,
  };
}

export const operations = [
  defineOperation({
    operationId: 'listGroups',
    classicId: 'listProjects',
    method: 'GET',
    path: '/api/atlas/v2/groups',
    tag: 'Projects',
    summary: 'Return All Projects',
    access: { scope: 'any' },
    paginated: true,
    versions: fromContract('listGroups'),
    async handler(ctx) {
      const { items } = await ctx.services.store.list<ProjectDoc>(PROJECTS, ctx.principal.orgId);
      const visible = items.filter((p) => canSeeProject(ctx.principal, p.id, p.orgId));
      return ctx.listAll(visible, (p) => groupView(ctx.services.store, ctx.link, p));
    },
  }),
  defineOperation({
    operationId: 'createGroup',
    classicId: 'createProject',
    method: 'POST',
    path: '/api/atlas/v2/groups',
    tag: 'Projects',
    summary: 'Create One Project',
    access: { scope: 'any' },
    query: contractQuery('createGroup'),
    // Atlas answers 201 (recorded), where its document says 200.
    versions: fromContract('createGroup', { status: 201 }),
    async handler(ctx) {
      const body = ctx.body as NewProject;
      // The organization comes from the body, so the role is checked here rather than from the path.
      await getOrg(ctx.services.store, body.orgId).catch(() => {
        throw errors.invalidAttribute('orgId', 'no such organization');
      });
      requireOrgRole(ctx.principal, body.orgId, 'ORG_GROUP_CREATOR');
      const project = await ctx.services.store.write((tx) => createProject(tx, body, ctx.actor, ctx.now));
      return groupView(ctx.services.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'getGroup',
    classicId: 'getProject',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Return One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: fromContract('getGroup'),
    async handler(ctx) {
      return groupView(ctx.services.store, ctx.link, await getProject(ctx.services.store, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'getGroupByName',
    classicId: 'getProjectByName',
    method: 'GET',
    path: '/api/atlas/v2/groups/byName/{groupName}',
    tag: 'Projects',
    summary: 'Return One Project using Its Name',
    access: { scope: 'any' },
    params: Type.Object({ groupName: Type.String({ pattern: PROJECT_NAME_PATTERN }) }),
    versions: fromContract('getGroupByName'),
    async handler(ctx) {
      const project = await getProjectByName(ctx.services.store, [ctx.principal.orgId], ctx.params.groupName);
      if (!canSeeProject(ctx.principal, project.id, project.orgId)) throw errors.notInGroup();
      return groupView(ctx.services.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'updateGroup',
    classicId: 'updateProject',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Update One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: fromContract('updateGroup', { body: { set: { name: Type.String({ pattern: PROJECT_NAME_PATTERN }) } } }),
    async handler(ctx) {
      const body = ctx.body as ProjectChanges;
      const project = await ctx.services.store.write((tx) =>
        updateProject(tx, ctx.params.groupId, body, ctx.actor, ctx.now),
      );
      return groupView(ctx.services.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'deleteGroup',
    classicId: 'deleteProject',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Remove One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    // Atlas answers 202 (recorded), where its document says 204.
    versions: fromContract('deleteGroup', { status: 202 }),
    async handler(ctx) {
      await ctx.services.store.write((tx) => deleteProject(tx, ctx.params.groupId, ctx.actor, ctx.now));
    },
  }),
];
