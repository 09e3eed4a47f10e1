import { Type } from '@sinclair/typebox';
import { fromContract, type FromContractOptions } from '../../platform/contract/index.js';
import { GroupIdParam, ObjectIdString, OrgIdParam } from '../../platform/schemas.js';

// Path parameters of this family, with the contract's patterns.
const UserId = ObjectIdString('Unique 24-hexadecimal digit string that identifies the MongoDB Cloud user.');
const TeamId = ObjectIdString('Unique 24-hexadecimal digit string that identifies the team.');
const InvitationId = ObjectIdString('Unique 24-hexadecimal digit string that identifies the invitation.');

export const OrgParams = Type.Object({ orgId: OrgIdParam });
export const GroupParams = Type.Object({ groupId: GroupIdParam });
export const UserParams = Type.Object({ userId: UserId });
export const OrgUserParams = Type.Object({ orgId: OrgIdParam, userId: UserId });
export const GroupUserParams = Type.Object({ groupId: GroupIdParam, userId: UserId });
export const OrgTeamParams = Type.Object({ orgId: OrgIdParam, teamId: TeamId });
export const OrgTeamUserParams = Type.Object({ orgId: OrgIdParam, teamId: TeamId, userId: UserId });
export const GroupTeamParams = Type.Object({ groupId: GroupIdParam, teamId: TeamId });
export const OrgInviteParams = Type.Object({ orgId: OrgIdParam, invitationId: Type.String() });
export const GroupInviteParams = Type.Object({ groupId: GroupIdParam, invitationId: InvitationId });

/** Query filters of the member listings, as the handlers read them. */
export interface MemberFilters {
  username?: string;
  orgMembershipStatus?: string;
  orgMembershipStatuses?: string[];
  flattenTeams?: boolean;
  includeOrgUsers?: boolean;
  userId?: string;
}

type Json = Record<string, unknown>;

function visit(node: unknown, fn: (n: Json) => void): void {
  if (!node || typeof node !== 'object') return;
  fn(node as Json);
  for (const v of Object.values(node as Json)) visit(v, fn);
}

/**
 * How this family's answers differ from the published schemas, applied to every response:
 * - the classic user (CloudAppUser) never carries its password, and a user invited but not
 *   joined has no profile yet, so only what every user has is required;
 * - an invitation made with an API key or a service account names it as the inviter (its public
 *   key or client id), which is not an email address.
 */
function peopleResponse(schema: Json): void {
  visit(schema, (n) => {
    const props = n.properties as Json | undefined;
    if (!props) return;
    if ('password' in props && 'username' in props) {
      delete props.password;
      n.required = ['emailAddress', 'roles', 'username'];
    }
    const inviter = props.inviterUsername as Json | undefined;
    if (inviter) delete inviter.format;
  });
}

/** fromContract with this family's response differences. */
export function peopleContract(operationId: string, options: FromContractOptions = {}) {
  return fromContract(operationId, {
    ...options,
    response: {
      ...options.response,
      edit: (schema) => {
        peopleResponse(schema);
        options.response?.edit?.(schema);
      },
    },
  });
}
