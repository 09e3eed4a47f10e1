import { Type, type Static } from '@sinclair/typebox';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import { DateTime, GroupIdParam, Links, Paginated } from '../../platform/schemas.js';
import { getProject } from '../projects/projects.js';
import { certView, checkMonths, disableCustomerX509, issueCertificate, listCertificates, prepareCertificate } from './certificates.js';

const TAG = 'X.509 Authentication';
const CERTS = '/api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs';

const UserCert = Type.Object(
  {
    _id: Type.Integer({ description: 'Serial number of the certificate.' }),
    createdAt: DateTime(),
    groupId: Type.String({ pattern: '^([a-f0-9]{24})$' }),
    links: Type.Optional(Links),
    notAfter: DateTime(),
    subject: Type.String(),
  },
  { additionalProperties: false, title: 'UserCert' },
);

// Read-only fields are accepted and ignored. The bounds of monthsUntilExpiration are
// checked by the rules, which answer Atlas's own codes (CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS).
const NewCert = Type.Object(
  {
    _id: Type.Optional(Type.Integer()),
    createdAt: Type.Optional(Type.String()),
    groupId: Type.Optional(Type.String()),
    links: Type.Optional(Links),
    monthsUntilExpiration: Type.Optional(Type.Integer({ default: 3, description: 'Validity of the certificate, 1 to 24 months.' })),
    notAfter: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'UserCert' },
);

const UserSecurity = Type.Object(
  {
    customerX509: Type.Object({ cas: Type.Optional(Type.String()), links: Type.Optional(Links) }, { additionalProperties: false }),
    ldap: Type.Object(
      { authenticationEnabled: Type.Boolean(), authorizationEnabled: Type.Boolean() },
      { additionalProperties: false, title: 'LDAPSecuritySettings' },
    ),
    links: Links,
  },
  { additionalProperties: false, title: 'UserSecurity' },
);

const version = (spec: VersionSpec): Record<string, VersionSpec> => ({ '2023-01-01': spec });
const PARAMS = Type.Object({ groupId: GroupIdParam, username: Type.String({ minLength: 1, description: 'Username of a MANAGED X.509 user.' }) });

export const operations = [
  defineOperation({
    operationId: 'listDatabaseUserCertificates',
    method: 'GET',
    path: CERTS,
    tag: TAG,
    summary: 'Return All X.509 Certificates Assigned to One Database User',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PARAMS,
    paginated: true,
    versions: version({ response: Paginated(UserCert, 'PaginatedUserCertView') }),
    async handler(ctx) {
      const { groupId, username } = ctx.params;
      return ctx.listAll(await listCertificates(ctx.services.store, groupId, username, ctx.now), certView);
    },
  }),
  defineOperation({
    operationId: 'createDatabaseUserCertificate',
    method: 'POST',
    path: CERTS,
    tag: TAG,
    summary: 'Create One X.509 Certificate for One Database User',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: PARAMS,
    versions: version({ body: NewCert, bodyRequired: true, response: Type.String(), status: 201, text: true }),
    async handler(ctx) {
      const { groupId, username } = ctx.params;
      const months = (ctx.body as Static<typeof NewCert>).monthsUntilExpiration ?? 3;
      checkMonths(months);
      const { store } = ctx.services;
      const prepared = await prepareCertificate(store, groupId, ctx.now);
      return store.write((tx) => issueCertificate(tx, groupId, username, months, prepared, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'disableCustomerManagedX509',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/userSecurity/customerX509',
    tag: TAG,
    summary: 'Disable Customer-Managed X.509',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: version({ response: UserSecurity, status: 202 }),
    async handler(ctx) {
      const { groupId } = ctx.params;
      await ctx.services.store.write(async (tx) =>
        disableCustomerX509(tx, groupId, (await getProject(tx, groupId)).orgId, ctx.actor, ctx.now),
      );
      return {
        customerX509: {},
        ldap: { authenticationEnabled: false, authorizationEnabled: false },
        links: [{ href: ctx.link(`/api/atlas/v2/groups/${groupId}/userSecurity`), rel: 'self' }],
      };
    },
  }),
];
