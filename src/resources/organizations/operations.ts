import { Type } from '@sinclair/typebox';
import { ORGS, PROJECTS } from '../../platform/tenancy.js';
import { getOrg, type OrgDoc } from './orgs.js';
import type { ProjectDoc } from '../projects/projects.js';
import { canSeeProject } from '../../platform/roles.js';
import { defineOperation } from '../../platform/http/operation.js';
import { groupView } from '../projects/operations.js';
import { fromContract } from '../../platform/contract/index.js';
import { OrgIdParam } from '../../platform/schemas.js';

export const orgView = (link: (p: string) => string, o: OrgDoc) => ({
  id: o.id,
  isDeleted: o.isDeleted,
  links: [{ href: link(`/api/atlas/v2/orgs/${o.id}`), rel: 'self' }],
  name: o.name,
  skipDefaultAlertsSettings: o.skipDefaultAlertsSettings,
});

export const operations = [
  defineOperation({
    operationId: 'listOrgs',
    classicId: 'listOrganizations',
    method: 'GET',
    path: '/api/atlas/v2/orgs',
    tag: 'Organizations',
    summary: 'Return All Organizations',
    access: { scope: 'any' },
    paginated: true,
    query: Type.Object({ name: Type.Optional(Type.String({ description: 'Filters by organization name (case-insensitive).' })) }),
    versions: fromContract('listOrgs'),
    async handler(ctx) {
      // A credential belongs to one organization, and sees that one.
      const org = await ctx.services.store.get<OrgDoc>(ORGS, ctx.principal.orgId);
      const name = ctx.query.name?.toLowerCase();
      const all = org && (!name || org.name.toLowerCase() === name) ? [org] : [];
      return ctx.listAll(all, (o) => orgView(ctx.link, o));
    },
  }),
  defineOperation({
    operationId: 'getOrg',
    classicId: 'getOrganization',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}',
    tag: 'Organizations',
    summary: 'Return One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    versions: fromContract('getOrg'),
    async handler(ctx) {
      return orgView(ctx.link, await getOrg(ctx.services.store, ctx.params.orgId));
    },
  }),
  defineOperation({
    operationId: 'getOrgGroups',
    classicId: 'listOrganizationProjects',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/groups',
    tag: 'Organizations',
    summary: 'Return One or More Projects in One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    paginated: true,
    query: Type.Object({ name: Type.Optional(Type.String({ description: 'Filters by project name.' })) }),
    versions: fromContract('getOrgGroups'),
    async handler(ctx) {
      const { items } = await ctx.services.store.list<ProjectDoc>(PROJECTS, ctx.params.orgId);
      const visible = items.filter(
        (p) => canSeeProject(ctx.principal, p.id, p.orgId) && (!ctx.query.name || p.name === ctx.query.name),
      );
      return ctx.listAll(visible, (p) => groupView(ctx.services.store, ctx.link, p));
    },
  }),
];
