import { HookPoint } from '../../platform/hooks.js';
import type { Actor } from '../../platform/events.js';

/** A custom role about to be deleted, and who asked. */
export interface RoleRemoval {
  groupId: string;
  orgId: string;
  roleName: string;
  actor: Actor;
}

/**
 * In the delete transaction, before the role goes: holders of the role drop it,
 * or throw an ApiError when dropping it would leave them with no role at all.
 */
export const customRoleDeleting = new HookPoint<RoleRemoval>('customDbRole.deleting');
