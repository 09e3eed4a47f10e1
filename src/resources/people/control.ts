import { Type } from '@sinclair/typebox';
import { defineControl, type ControlEndpoint } from '../../platform/control/endpoint.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM } from '../../platform/events.js';
import type { Reader } from '../../platform/store/types.js';
import { ORG_MEMBERSHIPS } from './collections.js';
import { acceptInvitation, getUser, saveUser, type MembershipDoc } from './members.js';

// Nobody reads the emulator's invitation emails, so the invited person's side is
// a control endpoint: accept an open invitation as that person would.
//   POST /__emulator/invitations/{invitationId}/accept  {"firstName","lastName","country"} (all optional)

async function byInvitationId(r: Reader, invitationId: string): Promise<MembershipDoc | undefined> {
  const { items } = await r.list<MembershipDoc>(ORG_MEMBERSHIPS, undefined);
  return items.find((m) => m.invitation?.id === invitationId);
}

const NonEmpty = Type.String({ minLength: 1 });

export const peopleControl: ControlEndpoint[] = [
  defineControl({
    method: 'POST',
    path: '/invitations/{invitationId}/accept',
    summary: 'Accepts an open invitation as the invited person would (their first name, last name and country are optional).',
    params: Type.Object({ invitationId: Type.String({ pattern: '^[a-f0-9]{24}$' }) }),
    body: Type.Object(
      { firstName: Type.Optional(NonEmpty), lastName: Type.Optional(NonEmpty), country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })) },
      { additionalProperties: false },
    ),
    response: Type.Object({ orgId: Type.String(), userId: Type.String(), username: Type.String(), orgMembershipStatus: Type.String() }),
    handler: async ({ params, body, services }) => {
      const m = await services.store.write(async (tx) => {
        const found = await byInvitationId(tx, params.invitationId);
        if (!found) return undefined;
        const user = await getUser(tx, found.userId);
        if (user.createdAt === undefined) await saveUser(tx, { ...user, ...body });
        return acceptInvitation(tx, found, services.clock.now(), SYSTEM);
      });
      if (!m) throw new ApiError(404, 'RESOURCE_NOT_FOUND', `No open invitation ${params.invitationId}.`, [params.invitationId]);
      return { orgId: m.orgId, userId: m.userId, username: m.username, orgMembershipStatus: m.status };
    },
  }),
];
