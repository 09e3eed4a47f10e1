import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { TEAMS } from './collections.js';
import { recordEvent } from './events.js';
import { checkGroupRoles, findMembership, getUserByName, projectOf, userNotInOrg, type MembershipDoc } from './members.js';

// Teams of an organization: members of the organization grouped under a name,
// given roles in projects together. A member's roles in a project are their own
// and those of every team of theirs that the project holds.

export interface TeamDoc {
  id: string;
  orgId: string;
  name: string;
  userIds: string[];
  /** groupId -> the team's roles in that project. */
  groupRoles: Record<string, string[]>;
}

const TEAM_NAME = /^[\p{L}\p{N}\-_.(),:&@+' ]{1,64}$/u;

export const teamNotFound = (teamId: string, orgId: string) =>
  new ApiError(404, 'TEAM_NOT_FOUND', `No team with ID ${teamId} exists in organization ${orgId}.`, [teamId, orgId]);
const teamNameNotFound = (name: string, orgId: string) =>
  new ApiError(404, 'TEAM_NOT_FOUND', `No team named ${name} exists in organization ${orgId}.`, [name, orgId]);
const duplicateName = (name: string, orgId: string) =>
  new ApiError(409, 'DUPLICATE_TEAM_NAME', `A team named ${name} already exists in organization ${orgId}.`, [name, orgId]);
const teamNotInGroup = (teamId: string, groupId: string) =>
  new ApiError(404, 'TEAM_NOT_FOUND', `Team ${teamId} has no role in project ${groupId}.`, [teamId, groupId]);

function checkName(name: string): string {
  if (!TEAM_NAME.test(name)) throw errors.invalidAttribute('name', 'letters, digits, spaces and -_.(),:&@+\' up to 64 characters');
  return name;
}

export async function getTeam(r: Reader, orgId: string, teamId: string): Promise<TeamDoc> {
  const t = await r.get<TeamDoc>(TEAMS, teamId);
  if (!t || t.orgId !== orgId) throw teamNotFound(teamId, orgId);
  return t;
}

export async function getTeamByName(r: Reader, orgId: string, name: string): Promise<TeamDoc> {
  const t = await r.getByName<TeamDoc>(TEAMS, orgId, name);
  if (!t) throw teamNameNotFound(name, orgId);
  return t;
}

export async function listTeams(r: Reader, orgId: string): Promise<TeamDoc[]> {
  return (await r.list<TeamDoc>(TEAMS, orgId)).items;
}

async function save(tx: Tx, t: TeamDoc): Promise<void> {
  await tx.put(TEAMS, t.id, t, { parent: t.orgId, name: t.name });
}

/** A member of the organization (active or invited) by username, for a team. */
async function memberByName(r: Reader, orgId: string, username: string): Promise<MembershipDoc> {
  const user = await getUserByName(r, username);
  const m = await findMembership(r, orgId, user.id);
  if (!m) throw userNotInOrg(user.id, orgId);
  return m;
}

export async function createTeam(tx: Tx, orgId: string, name: string, usernames: string[], actor: Actor, at: number) {
  checkName(name);
  if (await tx.getByName(TEAMS, orgId, name)) throw duplicateName(name, orgId);
  const members: MembershipDoc[] = [];
  for (const u of new Set(usernames.map((x) => x.toLowerCase()))) members.push(await memberByName(tx, orgId, u));
  const team: TeamDoc = { id: newObjectId(at), orgId, name, userIds: members.map((m) => m.userId), groupRoles: {} };
  await save(tx, team);
  await recordEvent(tx, { type: 'TEAM_CREATED', at, actor, orgId, fields: { teamId: team.id } });
  for (const m of members) {
    await recordEvent(tx, { type: 'JOINED_TEAM', at, actor, orgId, fields: { teamId: team.id, targetUsername: m.username } });
  }
  return team;
}

export async function renameTeam(tx: Tx, orgId: string, teamId: string, name: string, actor: Actor, at: number) {
  const team = await getTeam(tx, orgId, teamId);
  checkName(name);
  if (name === team.name) return team;
  if (await tx.getByName(TEAMS, orgId, name)) throw duplicateName(name, orgId);
  team.name = name;
  await save(tx, team);
  await recordEvent(tx, { type: 'TEAM_NAME_CHANGED', at, actor, orgId, fields: { teamId } });
  return team;
}

export async function deleteTeam(tx: Tx, orgId: string, teamId: string, actor: Actor, at: number): Promise<void> {
  const team = await getTeam(tx, orgId, teamId);
  for (const groupId of Object.keys(team.groupRoles)) {
    await recordEvent(tx, { type: 'TEAM_REMOVED_FROM_GROUP', at, actor, orgId, groupId, fields: { teamId } });
  }
  await tx.delete(TEAMS, teamId);
  await recordEvent(tx, { type: 'TEAM_DELETED', at, actor, orgId, fields: { teamId } });
}

export async function addTeamMember(tx: Tx, team: TeamDoc, m: MembershipDoc, actor: Actor, at: number): Promise<void> {
  if (team.userIds.includes(m.userId)) {
    throw new ApiError(409, 'USER_ALREADY_IN_TEAM', `User ${m.userId} is already a member of team ${team.id}.`, [m.userId, team.id]);
  }
  team.userIds.push(m.userId);
  await save(tx, team);
  await recordEvent(tx, { type: 'JOINED_TEAM', at, actor, orgId: team.orgId, fields: { teamId: team.id, targetUsername: m.username } });
}

export async function removeTeamMember(tx: Tx, team: TeamDoc, m: MembershipDoc, actor: Actor, at: number): Promise<void> {
  if (!team.userIds.includes(m.userId)) {
    throw new ApiError(404, 'USER_NOT_IN_TEAM', `User ${m.userId} is not a member of team ${team.id}.`, [m.userId, team.id]);
  }
  team.userIds = team.userIds.filter((u) => u !== m.userId);
  await save(tx, team);
  await recordEvent(tx, { type: 'REMOVED_FROM_TEAM', at, actor, orgId: team.orgId, fields: { teamId: team.id, targetUsername: m.username } });
}

/** Makes the membership's teams exactly `teamIds`. */
export async function setTeams(tx: Tx, m: MembershipDoc, teamIds: string[], actor: Actor, at: number): Promise<void> {
  const wanted = new Set(teamIds);
  for (const id of wanted) await getTeam(tx, m.orgId, id);
  for (const team of await listTeams(tx, m.orgId)) {
    const has = team.userIds.includes(m.userId);
    if (wanted.has(team.id) && !has) await addTeamMember(tx, team, m, actor, at);
    if (!wanted.has(team.id) && has) await removeTeamMember(tx, team, m, actor, at);
  }
}

export async function teamsOf(r: Reader, orgId: string, userId: string): Promise<TeamDoc[]> {
  return (await listTeams(r, orgId)).filter((t) => t.userIds.includes(userId));
}

/** Gives teams roles in a project (adding teams not there yet); answers every team the project holds. */
export async function assignTeams(
  tx: Tx,
  orgId: string,
  groupId: string,
  assignments: { teamId: string; roleNames: string[] }[],
  actor: Actor,
  at: number,
): Promise<TeamDoc[]> {
  await projectOf(tx, orgId, groupId);
  for (const a of assignments) {
    const team = await getTeam(tx, orgId, a.teamId);
    const roles = checkGroupRoles(a.roleNames, 'roleNames');
    if (roles.length === 0) throw errors.invalidAttribute('roleNames', 'a team needs at least one role in the project');
    if (team.groupRoles[groupId]) {
      throw new ApiError(409, 'TEAM_ALREADY_IN_GROUP', `Team ${team.id} already has a role in project ${groupId}.`, [team.id, groupId]);
    }
    team.groupRoles[groupId] = roles;
    await save(tx, team);
    await recordEvent(tx, { type: 'TEAM_ADDED_TO_GROUP', at, actor, orgId, groupId, fields: { teamId: team.id } });
  }
  return groupTeams(tx, orgId, groupId);
}

export async function groupTeams(r: Reader, orgId: string, groupId: string): Promise<TeamDoc[]> {
  return (await listTeams(r, orgId)).filter((t) => t.groupRoles[groupId]);
}

export async function groupTeam(r: Reader, orgId: string, groupId: string, teamId: string): Promise<TeamDoc> {
  const team = await getTeam(r, orgId, teamId);
  if (!team.groupRoles[groupId]) throw teamNotInGroup(teamId, groupId);
  return team;
}

export async function setTeamGroupRoles(
  tx: Tx,
  orgId: string,
  groupId: string,
  teamId: string,
  roleNames: string[],
  actor: Actor,
  at: number,
): Promise<TeamDoc> {
  const team = await groupTeam(tx, orgId, groupId, teamId);
  const roles = checkGroupRoles(roleNames, 'roleNames');
  if (roles.length === 0) throw errors.invalidAttribute('roleNames', 'a team needs at least one role in the project');
  team.groupRoles[groupId] = roles;
  await save(tx, team);
  await recordEvent(tx, { type: 'TEAM_ROLES_MODIFIED', at, actor, orgId, groupId, fields: { teamId } });
  return team;
}

export async function removeTeamFromGroup(tx: Tx, orgId: string, groupId: string, teamId: string, actor: Actor, at: number) {
  const team = await groupTeam(tx, orgId, groupId, teamId);
  delete team.groupRoles[groupId];
  await save(tx, team);
  await recordEvent(tx, { type: 'TEAM_REMOVED_FROM_GROUP', at, actor, orgId, groupId, fields: { teamId } });
}

/** Drops a project from every team of its organization (the project is being deleted). */
export async function forgetGroup(tx: Tx, orgId: string, groupId: string): Promise<void> {
  for (const team of await groupTeams(tx, orgId, groupId)) {
    delete team.groupRoles[groupId];
    await save(tx, team);
  }
}
