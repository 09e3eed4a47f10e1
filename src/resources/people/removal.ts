import type { Actor } from '../../platform/events.js';
import type { Tx } from '../../platform/store/types.js';
import type { ProjectDoc } from '../projects/projects.js';
import { ORG_MEMBERSHIPS, TEAMS } from './collections.js';
import { recordEvent } from './events.js';
import { keepAnOwner, listMemberships, saveMembership, type MembershipDoc } from './members.js';
import { forgetGroup, teamsOf } from './teams.js';

/**
 * Takes a user out of an organization: out of its projects and teams too, since
 * both hang off the membership. The last owner stays.
 */
export async function removeFromOrg(tx: Tx, m: MembershipDoc, actor: Actor, at: number): Promise<void> {
  await keepAnOwner(tx, m, null);
  for (const team of await teamsOf(tx, m.orgId, m.userId)) {
    team.userIds = team.userIds.filter((u) => u !== m.userId);
    await tx.put(TEAMS, team.id, team, { parent: team.orgId, name: team.name });
    await recordEvent(tx, { type: 'REMOVED_FROM_TEAM', at, actor, orgId: m.orgId, fields: { teamId: team.id, targetUsername: m.username } });
  }
  const groupEvent = m.status === 'ACTIVE' ? 'REMOVED_FROM_GROUP' : 'GROUP_INVITATION_DELETED';
  for (const groupId of Object.keys(m.groupRoles)) {
    await recordEvent(tx, { type: groupEvent, at, actor, orgId: m.orgId, groupId, fields: { targetUsername: m.username } });
  }
  await tx.delete(ORG_MEMBERSHIPS, m.id);
  const type = m.status === 'ACTIVE' ? 'REMOVED_FROM_ORG' : 'ORG_INVITATION_DELETED';
  await recordEvent(tx, { type, at, actor, orgId: m.orgId, fields: { targetUsername: m.username } });
}

/** A deleted project leaves no roles behind, in memberships or teams. */
export async function forgetProject(tx: Tx, project: ProjectDoc): Promise<void> {
  for (const m of await listMemberships(tx, project.orgId)) {
    if (!m.groupRoles[project.id]) continue;
    delete m.groupRoles[project.id];
    await saveMembership(tx, m);
  }
  await forgetGroup(tx, project.orgId, project.id);
}
