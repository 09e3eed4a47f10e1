import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { certView, checkMonths, issueCertificate, listCertificates, prepareCertificate } from './certificates.js';

const TAG = 'X.509 Authentication';
const CERTS = '/api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs';

// Atlas answers a validity over two years with its own code (CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS), which the rules give.
const anyMonths = (schema: Record<string, unknown>) => {
  delete (schema.properties as Record<string, Record<string, unknown>>).monthsUntilExpiration!.maximum;
};

const PARAMS = Type.Object({ groupId: GroupIdParam, username: Type.String({ minLength: 1, description: 'Username of a MANAGED X.509 user.' }) });

export const operations = [
  defineOperation({
    operationId: 'listGroupDatabaseUserCerts',
    classicId: 'listDatabaseUserCertificates',
    method: 'GET',
    path: CERTS,
    tag: TAG,
    summary: 'Return All X.509 Certificates Assigned to One Database User',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PARAMS,
    paginated: true,
    versions: fromContract('listGroupDatabaseUserCerts'),
    async handler(ctx) {
      const { groupId, username } = ctx.params;
      return ctx.listAll(await listCertificates(ctx.store, groupId, username, ctx.now), certView);
    },
  }),
  defineOperation({
    operationId: 'createGroupDatabaseUserCert',
    classicId: 'createDatabaseUserCertificate',
    method: 'POST',
    path: CERTS,
    tag: TAG,
    summary: 'Create One X.509 Certificate for One Database User',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: PARAMS,
    // The certificate and its key go out as bare PEM, as Atlas sends them.
    versions: fromContract('createGroupDatabaseUserCert', { body: { edit: anyMonths }, version: { '2023-01-01': { text: true } } }),
    async handler(ctx) {
      const { groupId, username } = ctx.params;
      const months = (ctx.body as { monthsUntilExpiration?: number }).monthsUntilExpiration ?? 3;
      checkMonths(months);
      const { store } = ctx;
      const prepared = await prepareCertificate(store, groupId, ctx.now);
      return ctx.command(({ tx }) => issueCertificate(tx, groupId, username, months, prepared, ctx.actor, ctx.now));
    },
  }),
];
