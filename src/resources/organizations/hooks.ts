import { HookPoint } from '../../platform/hooks.js';
import type { OrgDoc } from './orgs.js';

/** In the transaction that deletes an organization, to drop what belonged to it. */
export const orgDeleted = new HookPoint<OrgDoc>('org.deleted');
