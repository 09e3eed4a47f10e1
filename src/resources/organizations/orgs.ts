import type { Reader } from '../../platform/store/types.js';
import { ORGS } from '../../platform/tenancy.js';
import { errors } from '../../platform/errors.js';

export interface OrgDoc {
  id: string;
  name: string;
  isDeleted: boolean;
  skipDefaultAlertsSettings: boolean;
  createdAt: string;
}

export async function getOrg(r: Reader, orgId: string): Promise<OrgDoc> {
  const org = await r.get<OrgDoc>(ORGS, orgId);
  if (!org) throw errors.orgNotFound(orgId);
  return org;
}
