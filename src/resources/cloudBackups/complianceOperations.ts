import { Type } from '@sinclair/typebox';
import { defineControl, type ControlEndpoint } from '../../platform/control/endpoint.js';
import { contractQuery, fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { approveDisablement, disableCompliance, getCompliance, updateCompliance, type ComplianceInput } from './compliance.js';
import type { ComplianceDoc } from './complianceRules.js';
import { READ } from './operations.js';

const TAG = 'Cloud Backups';
const PATH = '/api/atlas/v2/groups/{groupId}/backupCompliancePolicy';
const params = Type.Object({ groupId: GroupIdParam });
const OWNER = { scope: 'project', role: 'GROUP_OWNER' } as const;

function complianceView(p: ComplianceDoc) {
  return {
    authorizedEmail: p.authorizedEmail,
    authorizedUserFirstName: p.authorizedUserFirstName,
    authorizedUserLastName: p.authorizedUserLastName,
    copyProtectionEnabled: p.copyProtectionEnabled,
    deletable: p.deletable,
    encryptionAtRestEnabled: p.encryptionAtRestEnabled,
    onDemandPolicyItem: p.onDemandPolicyItem,
    pitEnabled: p.pitEnabled,
    projectId: p.groupId,
    restoreWindowDays: p.restoreWindowDays,
    scheduledPolicyItems: p.scheduledPolicyItems,
    // Enabling and updating take effect at once here, so the policy is always ACTIVE when read.
    state: 'ACTIVE',
    updatedDate: isoSeconds(p.updatedDate),
    updatedUser: p.updatedUser,
  };
}

export const complianceOperations = [
  defineOperation({
    operationId: 'getGroupBackupCompliancePolicy',
    classicId: 'getDataProtectionSettings',
    method: 'GET',
    path: PATH,
    tag: TAG,
    summary: 'Return the Backup Compliance Policy Settings',
    access: READ,
    params,
    versions: fromContract('getGroupBackupCompliancePolicy'),
    async handler(ctx) {
      return complianceView(await getCompliance(ctx.store, ctx.params.groupId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupBackupCompliancePolicy',
    classicId: 'updateDataProtectionSettings',
    method: 'PUT',
    path: PATH,
    tag: TAG,
    summary: 'Update or Enable the Backup Compliance Policy Settings',
    access: OWNER,
    params,
    query: contractQuery('updateGroupBackupCompliancePolicy'),
    versions: fromContract('updateGroupBackupCompliancePolicy'),
    async handler(ctx) {
      const body = ctx.body as ComplianceInput;
      const overwrite = (ctx.query as { overwriteBackupPolicies?: boolean }).overwriteBackupPolicies !== false;
      const p = await ctx.command((cmd) => updateCompliance(cmd, ctx.params.groupId, body, overwrite));
      return complianceView(p);
    },
  }),
  defineOperation({
    operationId: 'disableGroupBackupCompliancePolicy',
    classicId: 'disableDataProtectionSettings',
    method: 'DELETE',
    path: PATH,
    tag: TAG,
    summary: 'Disable the Backup Compliance Policy',
    access: OWNER,
    params,
    versions: fromContract('disableGroupBackupCompliancePolicy'),
    async handler(ctx) {
      await ctx.command((cmd) => disableCompliance(cmd, ctx.params.groupId));
    },
  }),
];

// MongoDB support approves turning a compliance policy off; here a control call does.
//   POST /__emulator/groups/{groupId}/backupCompliancePolicy/approveDisablement
export const complianceControl: ControlEndpoint[] = [
  defineControl({
    method: 'POST',
    path: '/groups/{groupId}/backupCompliancePolicy/approveDisablement',
    summary: "Approves turning the project's backup compliance policy off, as MongoDB support would.",
    params: Type.Object({ groupId: Type.String({ pattern: '^[a-f0-9]{24}$' }) }),
    response: Type.Object({ deletable: Type.Boolean() }),
    handler: async ({ params, services }) => {
      const p = await services.store.write((tx) => approveDisablement(tx, params.groupId, services.clock.now()));
      return { deletable: p.deletable };
    },
  }),
];
