import { Type, type Static } from '@sinclair/typebox';
import { CLUSTERS } from '../clusters/collections.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { errors } from '../../platform/errors.js';
import {
  createProject,
  deleteProject,
  getProject,
  getProjectByName,
  updateProject,
  type ProjectDoc,
} from './projects.js';
import { canSeeProject, requireOrgRole } from '../../platform/roles.js';
import { getOrg } from '../organizations/orgs.js';
import { defineOperation } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { DateTime, GroupIdParam, Links, ObjectIdString, Paginated, StringEnum } from '../../platform/schemas.js';

const PROJECT_NAME_PATTERN = "^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$";
const REGION_USAGE = ['COMMERCIAL_FEDRAMP_REGIONS_ONLY', 'GOV_REGIONS_ONLY'] as const;

const ResourceTag = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9 @_.+`;`-]*$' }),
    value: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9@_.+`;`-]*$' }),
  },
  { additionalProperties: false, title: 'ResourceTag' },
);

export const Group = Type.Object(
  {
    clusterCount: Type.Integer(),
    created: DateTime(),
    id: Type.String(),
    links: Links,
    name: Type.String(),
    orgId: Type.String(),
    regionUsageRestrictions: Type.Optional(Type.String()),
    tags: Type.Array(ResourceTag),
    withDefaultAlertsSettings: Type.Boolean(),
  },
  { title: 'Group' },
);

const CreateGroup = Type.Object(
  {
    name: Type.String({ pattern: PROJECT_NAME_PATTERN }),
    orgId: ObjectIdString('Organization that the project belongs to.'),
    regionUsageRestrictions: Type.Optional(StringEnum(REGION_USAGE)),
    tags: Type.Optional(Type.Array(ResourceTag)),
    withDefaultAlertsSettings: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'Group' },
);

const UpdateGroup = Type.Object(
  {
    name: Type.Optional(Type.String({ pattern: PROJECT_NAME_PATTERN })),
    tags: Type.Optional(Type.Array(ResourceTag)),
  },
  { additionalProperties: false, title: 'GroupUpdate' },
);

export async function groupView(r: Reader, link: (p: string) => string, p: ProjectDoc): Promise<Static<typeof Group>> {
  return {
    clusterCount: await r.count(CLUSTERS, p.id),
    created: p.created,
    id: p.id,
    links: [{ href: link(`/api/atlas/v2/groups/${p.id}`), rel: 'self' }],
    name: p.name,
    orgId: p.orgId,
    regionUsageRestrictions: p.regionUsageRestrictions,
    tags: p.tags,
    withDefaultAlertsSettings: p.withDefaultAlertsSettings,
  };
}

export const operations = [
  defineOperation({
    operationId: 'listProjects',
    method: 'GET',
    path: '/api/atlas/v2/groups',
    tag: 'Projects',
    summary: 'Return All Projects',
    access: { scope: 'any' },
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(Group, 'PaginatedAtlasGroupView') } },
    async handler(ctx) {
      const { items } = await ctx.store.list<ProjectDoc>(PROJECTS, ctx.principal.orgId);
      const visible = items.filter((p) => canSeeProject(ctx.principal, p.id, p.orgId));
      return ctx.listAll(visible, (p) => groupView(ctx.store, ctx.link, p));
    },
  }),
  defineOperation({
    operationId: 'createProject',
    method: 'POST',
    path: '/api/atlas/v2/groups',
    tag: 'Projects',
    summary: 'Create One Project',
    access: { scope: 'any' },
    query: Type.Object({ projectOwnerId: Type.Optional(ObjectIdString('User to make owner of the project.')) }),
    versions: { '2023-01-01': { body: CreateGroup, bodyRequired: true, response: Group } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateGroup>;
      // The organization comes from the body, so the role is checked here rather than from the path.
      await getOrg(ctx.store, body.orgId).catch(() => {
        throw errors.invalidAttribute('orgId', 'no such organization');
      });
      requireOrgRole(ctx.principal, body.orgId, 'ORG_GROUP_CREATOR');
      const project = await ctx.command(({ tx }) => createProject(tx, body, ctx.actor, ctx.now));
      return groupView(ctx.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'getProject',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Return One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: { '2023-01-01': { response: Group } },
    async handler(ctx) {
      return groupView(ctx.store, ctx.link, await getProject(ctx.store, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'getProjectByName',
    method: 'GET',
    path: '/api/atlas/v2/groups/byName/{groupName}',
    tag: 'Projects',
    summary: 'Return One Project using Its Name',
    access: { scope: 'any' },
    params: Type.Object({ groupName: Type.String({ pattern: PROJECT_NAME_PATTERN }) }),
    versions: { '2023-01-01': { response: Group } },
    async handler(ctx) {
      const project = await getProjectByName(ctx.store, [ctx.principal.orgId], ctx.params.groupName);
      if (!canSeeProject(ctx.principal, project.id, project.orgId)) throw errors.notInGroup();
      return groupView(ctx.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'updateProject',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Update One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: { '2023-01-01': { body: UpdateGroup, bodyRequired: true, response: Group } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateGroup>;
      const project = await ctx.command(({ tx }) =>
        updateProject(tx, ctx.params.groupId, body, ctx.actor, ctx.now),
      );
      return groupView(ctx.store, ctx.link, project);
    },
  }),
  defineOperation({
    operationId: 'deleteProject',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}',
    tag: 'Projects',
    summary: 'Remove One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: { '2023-01-01': { status: 204 } },
    async handler(ctx) {
      await ctx.command(({ tx }) => deleteProject(tx, ctx.params.groupId, ctx.actor, ctx.now));
    },
  }),
];
