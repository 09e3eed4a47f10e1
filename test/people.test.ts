import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orgEvents, projectEvents } from './fixtures.js';
import { advance, Client, clockNow, createProject, startTestServer, type TestServer } from './helpers.js';

// MongoDB Cloud users, teams and invitations, through HTTP.

const V = { version: '2025-02-19' };
const CLASSIC = { version: '2023-01-01' };
let n = 0;
const email = (who: string) => `${who}-${++n}@example.com`;

async function createUser(s: TestServer, roles: { orgId?: string; groupId?: string; roleName: string }[], username = email('user')) {
  const r = await s.owner.post('users', {
    username,
    password: 'correct horse battery',
    firstName: 'Test',
    lastName: 'User',
    country: 'US',
    mobileNumber: '2125550123',
    roles,
  });
  assert.equal(r.status, 200, r.text);
  return r.json as { id: string; username: string };
}

async function accept(s: TestServer, invitationId: string, body: Record<string, string> = {}) {
  return fetch(`${s.url}/__emulator/invitations/${invitationId}/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('people: users, teams and invitations', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      rateLimits: { oauthToken: { capacity: 1000, periodSeconds: 60 }, managedSlowMs: { capacity: 1000, periodSeconds: 60 }, invitations: { capacity: 1000, periodSeconds: 60 } },
    });
  });
  after(async () => s?.close());

  it('invites a new user as PENDING for 30 days of emulated time, then shows the invitation as expired', async () => {
    const username = email('grace');
    const created = await s.owner.post(`orgs/${s.orgId}/users`, { username, roles: { orgRoles: ['ORG_READ_ONLY'] } }, V);
    assert.equal(created.status, 201, created.text);
    const at = await clockNow(s);
    assert.equal(created.json.orgMembershipStatus, 'PENDING');
    assert.equal(created.json.invitationCreatedAt, new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    assert.equal(Date.parse(created.json.invitationExpiresAt) - Date.parse(created.json.invitationCreatedAt), 30 * 86_400_000);
    assert.deepEqual(created.json.roles, { groupRoleAssignments: [], orgRoles: ['ORG_READ_ONLY'] });
    assert.equal(created.json.firstName, undefined);

    const invites = await s.owner.get(`orgs/${s.orgId}/invites`, CLASSIC);
    const invite = invites.json.find((i: { username: string }) => i.username === username);
    assert.ok(invite, 'the invitation is listed by the classic invitation API');

    await advance(s, 'P29DT23H');
    assert.equal((await s.owner.get(`orgs/${s.orgId}/users/${created.json.id}`, V)).json.orgMembershipStatus, 'PENDING');
    await advance(s, 'PT1H');
    const expired = await s.owner.get(`orgs/${s.orgId}/users/${created.json.id}`, V);
    assert.equal(expired.json.orgMembershipStatus, 'INVITATION_EXPIRED');
    assert.equal((await s.owner.get(`orgs/${s.orgId}/invites/${invite.id}`, CLASSIC)).json.errorCode, 'INVITATION_NOT_FOUND');
    const late = await accept(s, invite.id);
    assert.equal(late.status, 400);
    const filtered = await s.owner.get(`orgs/${s.orgId}/users`, { ...V, query: { orgMembershipStatus: 'INVITATION_EXPIRED' } });
    assert.deepEqual(filtered.json.results.map((u: { username: string }) => u.username), [username]);
  });

  it('makes an accepted invitation an ACTIVE member with a profile, and records the steps', async () => {
    const username = email('ada');
    const created = await s.owner.post(`orgs/${s.orgId}/users`, { username, roles: { orgRoles: ['ORG_MEMBER'] } }, V);
    const invite = (await s.owner.get(`orgs/${s.orgId}/invites`, { ...CLASSIC, query: { username } })).json[0];
    const r = await accept(s, invite.id, { firstName: 'Ada', lastName: 'Lovelace', country: 'GB' });
    assert.equal(r.status, 200, await r.text());
    const active = await s.owner.get(`orgs/${s.orgId}/users/${created.json.id}`, V);
    assert.equal(active.json.orgMembershipStatus, 'ACTIVE');
    assert.equal(active.json.firstName, 'Ada');
    assert.equal(active.json.country, 'GB');
    assert.equal(active.json.invitationCreatedAt, undefined);
    const types = (await orgEvents(s)).filter((e) => e.targetUsername === username).map((e) => e.eventTypeName);
    assert.deepEqual(types.sort(), ['INVITED_TO_ORG', 'JOINED_ORG']);
  });

  it('keeps the last Organization Owner: neither demoted nor removed until another owner exists', async () => {
    const first = await createUser(s, [{ orgId: s.orgId, roleName: 'ORG_OWNER' }]);
    const demote = await s.owner.put(`orgs/${s.orgId}/users/${first.id}/roles`, { orgRoles: ['ORG_MEMBER'] }, CLASSIC);
    assert.equal(demote.status, 400, demote.text);
    assert.equal(demote.json.errorCode, 'CANNOT_REMOVE_LAST_ORG_OWNER');
    const remove = await s.owner.delete(`orgs/${s.orgId}/users/${first.id}`, V);
    assert.equal(remove.json.errorCode, 'CANNOT_REMOVE_LAST_ORG_OWNER');
    const dropRole = await s.owner.post(`orgs/${s.orgId}/users/${first.id}:removeRole`, { orgRole: 'ORG_OWNER' }, V);
    assert.equal(dropRole.json.errorCode, 'CANNOT_REMOVE_LAST_ORG_OWNER');
    assert.deepEqual((await s.owner.get(`orgs/${s.orgId}/users/${first.id}`, V)).json.roles.orgRoles, ['ORG_OWNER']);

    const second = await createUser(s, [{ orgId: s.orgId, roleName: 'ORG_OWNER' }]);
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/users/${first.id}`, V)).status, 204);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/users/${first.id}`, V)).json.errorCode, 'USER_NOT_IN_ORG');
    const last = await s.owner.delete(`orgs/${s.orgId}/users/${second.id}`, V);
    assert.equal(last.json.errorCode, 'CANNOT_REMOVE_LAST_ORG_OWNER');
  });

  it('adds a member to a project at once and invites anyone else to the organization with the project role', async () => {
    const groupId = await createProject(s);
    const member = await createUser(s, [{ orgId: s.orgId, roleName: 'ORG_MEMBER' }]);
    const added = await s.owner.post(`groups/${groupId}/users`, { username: member.username, roles: ['GROUP_READ_ONLY'] }, V);
    assert.equal(added.status, 201, added.text);
    assert.equal(added.json.orgMembershipStatus, 'ACTIVE');
    assert.deepEqual(added.json.roles, ['GROUP_READ_ONLY']);
    const again = await s.owner.post(`groups/${groupId}/users`, { username: member.username, roles: ['GROUP_OWNER'] }, V);
    assert.equal(again.status, 409);

    const stranger = email('newcomer');
    const invited = await s.owner.post(`groups/${groupId}/users`, { username: stranger, roles: ['GROUP_CLUSTER_MANAGER'] }, V);
    assert.equal(invited.json.orgMembershipStatus, 'PENDING');
    const orgView = await s.owner.get(`orgs/${s.orgId}/users/${invited.json.id}`, V);
    assert.deepEqual(orgView.json.roles.groupRoleAssignments, [{ groupId, groupRoles: ['GROUP_CLUSTER_MANAGER'] }]);
    const projectInvites = await s.owner.get(`groups/${groupId}/invites`, CLASSIC);
    assert.deepEqual(projectInvites.json.map((i: { username: string }) => i.username), [stranger]);

    const bad = await s.owner.post(`groups/${groupId}/users`, { username: 'not-an-email', roles: ['GROUP_READ_ONLY'] }, V);
    assert.equal(bad.status, 400);
    const badRole = await s.owner.post(`groups/${groupId}/users`, { username: email('x'), roles: ['GROUP_GOD'] }, V);
    assert.equal(badRole.json.errorCode, 'INVALID_ENUM_VALUE');
    const types = (await projectEvents(s, groupId)).map((e) => e.eventTypeName);
    assert.ok(types.includes('JOINED_GROUP') && types.includes('INVITED_TO_GROUP'), types.join());
  });

  it("counts a team's project roles in its members' roles, and removing a user from the organization removes them everywhere", async () => {
    const groupId = await createProject(s);
    const user = await createUser(s, [{ orgId: s.orgId, roleName: 'ORG_MEMBER' }]);
    const team = await s.owner.post(`orgs/${s.orgId}/teams`, { name: `devs-${n}`, usernames: [user.username] });
    assert.equal(team.status, 200, team.text);
    assert.deepEqual(team.json.usernames, [user.username]);
    const dup = await s.owner.post(`orgs/${s.orgId}/teams`, { name: `devs-${n}`, usernames: [] });
    assert.equal(dup.status, 409);
    const outsider = await s.owner.post(`orgs/${s.orgId}/teams`, { name: `x-${n}`, usernames: ['nobody@example.com'] });
    assert.equal(outsider.json.errorCode, 'USER_NOT_FOUND');

    assert.equal((await s.owner.post(`groups/${groupId}/teams`, [{ teamId: team.json.id, roleNames: ['GROUP_DATA_ACCESS_READ_WRITE'] }])).status, 200);
    const direct = await s.owner.get(`groups/${groupId}/users`, V);
    assert.equal(direct.json.totalCount, 0, 'without flattenTeams only direct roles count');
    const flat = await s.owner.get(`groups/${groupId}/users`, { ...V, query: { flattenTeams: true } });
    assert.deepEqual(flat.json.results.map((u: { id: string; roles: string[] }) => [u.id, u.roles]), [[user.id, ['GROUP_DATA_ACCESS_READ_WRITE']]]);
    assert.deepEqual((await s.owner.get(`groups/${groupId}/users/${user.id}`, V)).json.roles, ['GROUP_DATA_ACCESS_READ_WRITE']);

    assert.equal((await s.owner.post(`groups/${groupId}/users/${user.id}:addRole`, { groupRole: 'GROUP_READ_ONLY' }, V)).status, 200);
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/users/${user.id}`, V)).status, 204);
    assert.deepEqual((await s.owner.get(`orgs/${s.orgId}/teams/${team.json.id}/users`, V)).json.results, []);
    assert.equal((await s.owner.get(`groups/${groupId}/users/${user.id}`, V)).json.errorCode, 'USER_NOT_IN_GROUP');
    const types = (await orgEvents(s)).filter((e) => e.targetUsername === user.username).map((e) => e.eventTypeName);
    assert.ok(types.includes('REMOVED_FROM_TEAM') && types.includes('REMOVED_FROM_ORG'), types.join());
    assert.ok((await projectEvents(s, groupId)).some((e) => e.eventTypeName === 'REMOVED_FROM_GROUP'));
  });

  it('forgets a deleted project in memberships and teams', async () => {
    const groupId = await createProject(s);
    const user = await createUser(s, [{ groupId, roleName: 'GROUP_OWNER' }]);
    const team = await s.owner.post(`orgs/${s.orgId}/teams`, { name: `ops-${n}`, usernames: [user.username] });
    await s.owner.post(`groups/${groupId}/teams`, [{ teamId: team.json.id, roleNames: ['GROUP_READ_ONLY'] }]);
    assert.equal((await s.owner.delete(`groups/${groupId}`)).status, 202);
    const after = await s.owner.get(`orgs/${s.orgId}/users/${user.id}`, V);
    assert.deepEqual(after.json.roles.groupRoleAssignments, []);
    const classic = await s.owner.get(`users/${user.id}`);
    assert.deepEqual(classic.json.roles, [{ orgId: s.orgId, roleName: 'ORG_MEMBER' }]);
  });

  it('creates an organization with its first owner and API key, which then manages it', async () => {
    const owner = await createUser(s, [{ orgId: s.orgId, roleName: 'ORG_MEMBER' }]);
    const noOwner = await s.owner.post('orgs', { name: 'Needs-Owner' });
    assert.equal(noOwner.json.errorCode, 'MISSING_ATTRIBUTE');
    const made = await s.owner.post('orgs', { name: 'Side-Org', orgOwnerId: owner.id, apiKey: { desc: 'side', roles: ['ORG_OWNER'] } });
    assert.equal(made.status, 201, made.text);
    const key = new Client(s.url, { kind: 'digest', publicKey: made.json.apiKey.publicKey, privateKey: made.json.apiKey.privateKey });
    const newOrg = made.json.organization.id;
    const members = await key.get(`orgs/${newOrg}/users`, V);
    assert.deepEqual(members.json.results.map((u: { id: string; roles: { orgRoles: string[] } }) => [u.id, u.roles.orgRoles]), [[owner.id, ['ORG_OWNER']]]);
    assert.equal((await key.get(`orgs/${s.orgId}`)).status, 401, 'the new key belongs to the new organization only');
    const settings = await key.patch(`orgs/${newOrg}/settings`, { securityContact: 'sec@example.com' });
    assert.equal(settings.json.securityContact, 'sec@example.com');
    assert.equal(settings.json.genAIFeaturesEnabled, true);
  });
});

describe('people: the invitation rate limit', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ rateLimits: { oauthToken: { capacity: 1000, periodSeconds: 60 }, invitations: { capacity: 2, periodSeconds: 60 } } });
  });
  after(async () => s?.close());

  it('answers 429 once the organization has used its invitations', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await s.owner.post(`orgs/${s.orgId}/users`, { username: email('burst'), roles: { orgRoles: ['ORG_MEMBER'] } }, V)).status);
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/users`, V)).json.totalCount, 2, 'the refused invitation changed nothing');
  });
});
