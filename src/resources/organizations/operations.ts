import { Type } from '@sinclair/typebox';
import { ORGS, PROJECTS } from '../../platform/tenancy.js';
import { getOrg, type OrgDoc } from './orgs.js';
import type { ProjectDoc } from '../projects/projects.js';
import { canSeeProject } from '../../platform/roles.js';
import { defineOperation } from '../../platform/http/operation.js';
import { groupView, Group } from '../projects/operations.js';
import { Links, OrgIdParam, Paginated } from '../../platform/schemas.js';

export const Organization = Type.Object(
  {
    id: Type.String(),
    isDeleted: Type.Boolean(),
    links: Links,
    name: Type.String(),
    skipDefaultAlertsSettings: Type.Boolean(),
  },
  { title: 'AtlasOrganization' },
);

const orgView = (link: (p: string) => string, o: OrgDoc) => ({
  id: o.id,
  isDeleted: o.isDeleted,
  links: [{ href: link(`/api/atlas/v2/orgs/${o.id}`), rel: 'self' }],
  name: o.name,
  skipDefaultAlertsSettings: o.skipDefaultAlertsSettings,
});

export const operations = [
  defineOperation({
    operationId: 'listOrganizations',
    method: 'GET',
    path: '/api/atlas/v2/orgs',
    tag: 'Organizations',
    summary: 'Return All Organizations',
    access: { scope: 'any' },
    paginated: true,
    query: Type.Object({ name: Type.Optional(Type.String({ description: 'Filters by organization name (case-insensitive).' })) }),
    versions: { '2023-01-01': { response: Paginated(Organization, 'PaginatedOrganizationView') } },
    async handler(ctx) {
      // A credential belongs to one organization, and sees that one.
      const org = await ctx.store.get<OrgDoc>(ORGS, ctx.principal.orgId);
      const name = ctx.query.name?.toLowerCase();
      const all = org && (!name || org.name.toLowerCase() === name) ? [org] : [];
      return ctx.listAll(all, (o) => orgView(ctx.link, o));
    },
  }),
  defineOperation({
    operationId: 'getOrganization',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}',
    tag: 'Organizations',
    summary: 'Return One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    versions: { '2023-01-01': { response: Organization } },
    async handler(ctx) {
      return orgView(ctx.link, await getOrg(ctx.store, ctx.params.orgId));
    },
  }),
  defineOperation({
    operationId: 'listOrganizationProjects',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/groups',
    tag: 'Organizations',
    summary: 'Return One or More Projects in One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    paginated: true,
    query: Type.Object({ name: Type.Optional(Type.String({ description: 'Filters by project name.' })) }),
    versions: { '2023-01-01': { response: Paginated(Group, 'PaginatedAtlasGroupView') } },
    async handler(ctx) {
      const { items } = await ctx.store.list<ProjectDoc>(PROJECTS, ctx.params.orgId);
      const visible = items.filter(
        (p) => canSeeProject(ctx.principal, p.id, p.orgId) && (!ctx.query.name || p.name === ctx.query.name),
      );
      return ctx.listAll(visible, (p) => groupView(ctx.store, ctx.link, p));
    },
  }),
];
