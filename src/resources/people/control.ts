import type { FastifyInstance } from 'fastify';
import { controlBody, controlError, controlReply } from '../../platform/control/body.js';
import { CONTROL_PREFIX } from '../../platform/control/routes.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM } from '../../platform/events.js';
import type { Services } from '../../platform/services.js';
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

export function registerPeopleControl(app: FastifyInstance, services: Services): void {
  app.post(`${CONTROL_PREFIX}/invitations/:invitationId/accept`, async (req, reply) => {
    const body = controlBody(req.body, ['firstName', 'lastName', 'country']);
    if (typeof body === 'string') return controlError(reply, 400, body);
    for (const [k, v] of Object.entries(body)) if (typeof v !== 'string' || v === '') return controlError(reply, 400, `"${k}" must be a non-empty string.`);
    if (body.country !== undefined && !/^[A-Z]{2}$/.test(body.country as string)) return controlError(reply, 400, '"country" must be two capital letters.');
    const { invitationId } = req.params as { invitationId: string };
    try {
      const m = await services.store.write(async (tx) => {
        const found = await byInvitationId(tx, invitationId);
        if (!found) return undefined;
        const user = await getUser(tx, found.userId);
        if (user.createdAt === undefined) await saveUser(tx, { ...user, ...(body as Record<string, string>) });
        return acceptInvitation(tx, found, services.clock.now(), SYSTEM);
      });
      if (!m) return controlError(reply, 404, `No open invitation ${invitationId}.`);
      return controlReply(reply, 200, { orgId: m.orgId, userId: m.userId, username: m.username, orgMembershipStatus: m.status });
    } catch (e) {
      if (e instanceof ApiError) return controlError(reply, e.status, e.detail);
      throw e;
    }
  });
}
