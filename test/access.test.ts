import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OPERATIONS } from '../src/resources/index.js';
import { ORG_IMPLIES, ORG_ROLES, PROJECT_IMPLIES, PROJECT_ROLES, type OrgRole, type ProjectRole } from '../src/platform/roles.js';
import type { Operation } from '../src/platform/http/operation.js';
import { keyOfAnotherOrg, keyWithRoles } from './fixtures.js';
import { Client, createProject, startTestServer, type Res, type TestServer } from './helpers.js';

// Every operation enforces the access it declares, derived from the registry: the
// role check runs before any resource lookup, so synthetic names and ids are enough
// to tell "refused" (401) from "let through" (anything else).

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false }));

/** Values tried, in order, for a path parameter other than {groupId} and {orgId}. */
const SYNTHETIC = ['5f0e1d2c3b4a596877869504', 'mdb_sa_id_5f0e1d2c3b4a596877869504', 'absent-name', '192.0.2.1', 'host0.example.net:27017'];
/** A well-formed id that names no project and no organization. */
const UNKNOWN_ID = '0123456789abcdef01234567';

function literals(schema: TSchema): string[] {
  const out: string[] = [];
  if (Array.isArray(schema.enum)) out.push(...(schema.enum as string[]));
  if (typeof schema.const === 'string') out.push(schema.const);
  for (const alt of (schema.anyOf ?? schema.oneOf ?? []) as TSchema[]) out.push(...literals(alt));
  return out;
}

/** A value that satisfies the parameter's declared schema (pattern, enum). */
function syntheticValue(op: Operation, name: string, schema: TSchema): string {
  const validate = ajv.compile(schema);
  const value = [...literals(schema), ...SYNTHETIC].find((v) => validate(v));
  if (value === undefined) throw new Error(`${op.operationId}: no synthetic value fits {${name}}; add one to SYNTHETIC`);
  return value;
}

interface Target {
  groupId?: string;
  orgId?: string;
}

function pathOf(op: Operation, target: Target): string {
  const props = ((op.params as TObject | undefined)?.properties ?? {}) as Record<string, TSchema>;
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (target as Record<string, string | undefined>)[name] ?? syntheticValue(op, name, props[name]!);
    return encodeURIComponent(value);
  });
}

const newest = (op: Operation) => Object.keys(op.versions).sort().at(-1)!;

function call(client: Client, op: Operation, target: Target): Promise<Res> {
  // No body: requests that get past the role check stop at validation or lookup.
  return client.request(op.method, pathOf(op, target), { version: newest(op) });
}

function label(op: Operation): string {
  const a = op.access;
  return `${op.operationId} (${a.scope === 'any' ? 'any' : a.role})`;
}

const carriesProjectRole = (held: ProjectRole, required: ProjectRole) => held === required || PROJECT_IMPLIES[held].includes(required);
// Every key of the organization is a member of it.
const carriesOrgRole = (held: OrgRole, required: OrgRole) =>
  held === required || required === 'ORG_MEMBER' || ORG_IMPLIES[held].includes(required);

// Deleting the project, then the organization itself, goes last, so the other operations still find
// them (deleting an organization takes its credentials along).
const destroyRank = (op: Operation) =>
  op.method !== 'DELETE' ? 0 : op.path.endsWith('/groups/{groupId}') ? 1 : op.path.endsWith('/orgs/{orgId}') ? 2 : 0;
const ORDERED = [...OPERATIONS].sort((a, b) => destroyRank(a) - destroyRank(b));

describe('access: every operation enforces its declared role', () => {
  let s: TestServer;
  let groupId: string;
  let anonymous: Client;
  let stranger: Client;
  let strangerOrgId: string;
  /** Holds a role in another project of the organization only. */
  let elsewhere: Client;
  const projectKeys = new Map<ProjectRole, Client>();
  const orgKeys = new Map<OrgRole, Client>();

  async function expectDenied(client: Client, who: string, op: Operation, target: Target, errorCode: string): Promise<void> {
    const r = await call(client, op, target);
    assert.equal(r.status, 401, `${label(op)} as ${who}: ${r.text}`);
    assert.equal(r.json?.errorCode, errorCode, `${label(op)} as ${who}: ${r.text}`);
  }

  async function expectAdmitted(client: Client, who: string, op: Operation, target: Target): Promise<void> {
    const r = await call(client, op, target);
    assert.notEqual(r.status, 401, `${label(op)} as ${who} was refused: ${r.text}`);
    assert.ok(r.status < 500, `${label(op)} as ${who}: ${r.status} ${r.text}`);
  }

  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    anonymous = new Client(s.url, { kind: 'none' });
    for (const role of PROJECT_ROLES) {
      projectKeys.set(role, (await keyWithRoles(s, { projectRoles: [{ groupId, roles: [role] }], desc: `only ${role}` })).client);
    }
    for (const role of ORG_ROLES) orgKeys.set(role, (await keyWithRoles(s, { orgRoles: [role], desc: `only ${role}` })).client);
    elsewhere = (await keyWithRoles(s, { projectRoles: [{ groupId: await createProject(s), roles: ['GROUP_OWNER'] }] })).client;
    ({ orgId: strangerOrgId, client: stranger } = await keyOfAnotherOrg(s));
  });
  after(async () => s?.close());

  it('derives a request for every operation', () => {
    for (const op of OPERATIONS) pathOf(op, { groupId: UNKNOWN_ID, orgId: UNKNOWN_ID });
    assert.equal(ORDERED.length, OPERATIONS.length);
  });

  for (const op of ORDERED) {
    const access = op.access;
    it(`${label(op)}: credentials are required, with a Digest challenge`, async () => {
      const r = await call(anonymous, op, { groupId, orgId: s.orgId });
      assert.equal(r.status, 401, r.text);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Digest /);
    });

    if (access.scope === 'project') {
      const required = access.role;
      it(`${label(op)}: only keys carrying ${required} in the project get through`, async () => {
        const target = { groupId, orgId: s.orgId };
        const unknown = await call(s.owner, op, { ...target, groupId: UNKNOWN_ID });
        assert.equal(unknown.status, 404, unknown.text);
        assert.equal(unknown.json.errorCode, 'GROUP_NOT_FOUND');

        await expectDenied(orgKeys.get('ORG_MEMBER')!, 'an organization member with no project role', op, target, 'NOT_IN_GROUP');
        await expectDenied(elsewhere, 'an owner of another project', op, target, 'NOT_IN_GROUP');
        await expectDenied(stranger, 'a key of another organization', op, target, 'NOT_IN_GROUP');
        const [weaker, sufficient] = [
          PROJECT_ROLES.filter((r) => !carriesProjectRole(r, required)),
          PROJECT_ROLES.filter((r) => carriesProjectRole(r, required)),
        ];
        for (const role of weaker) await expectDenied(projectKeys.get(role)!, role, op, target, 'USER_UNAUTHORIZED');
        for (const role of sufficient) await expectAdmitted(projectKeys.get(role)!, role, op, target);
      });
    } else if (access.scope === 'org') {
      const required = access.role;
      it(`${label(op)}: only members carrying ${required} get through`, async () => {
        const target = { groupId, orgId: s.orgId };
        const unknown = await call(s.owner, op, { ...target, orgId: UNKNOWN_ID });
        assert.equal(unknown.status, 404, unknown.text);
        assert.equal(unknown.json.errorCode, 'ORG_NOT_FOUND');

        await expectDenied(stranger, 'a key of another organization', op, target, 'NOT_ORG_MEMBER');
        for (const role of ORG_ROLES) {
          if (carriesOrgRole(role, required)) await expectAdmitted(orgKeys.get(role)!, role, op, target);
          else await expectDenied(orgKeys.get(role)!, role, op, target, 'USER_UNAUTHORIZED');
        }
        // A key created from a project is a plain member of the organization.
        if (required === 'ORG_MEMBER') await expectAdmitted(elsewhere, 'a project key', op, target);
        else await expectDenied(elsewhere, 'a project key', op, target, 'USER_UNAUTHORIZED');
        // The stranger owns its own organization.
        await expectAdmitted(stranger, 'the owner of its own organization', op, { ...target, orgId: strangerOrgId });
      });
    } else {
      it(`${label(op)}: any valid credential gets through`, async () => {
        const target = { groupId, orgId: s.orgId };
        await expectAdmitted(orgKeys.get('ORG_MEMBER')!, 'an organization member', op, target);
        await expectAdmitted(projectKeys.get('GROUP_OBSERVABILITY_VIEWER')!, 'a project key', op, target);
        await expectAdmitted(stranger, 'a key of another organization', op, target);
        await expectAdmitted(s.sa, 'a service account', op, target);
      });
    }
  }
});

describe('access: the served OpenAPI document', () => {
  let s: TestServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  before(async () => {
    s = await startTestServer();
    const r = await fetch(`${s.url}/__emulator/openapi.json`);
    assert.equal(r.status, 200);
    doc = await r.json();
  });
  after(async () => s?.close());

  it('lists every operation with its declared access', () => {
    const listed = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    assert.deepEqual(listed.sort(), OPERATIONS.map((o) => o.operationId).sort());
    for (const op of OPERATIONS) {
      const entry = doc.paths[op.path]?.[op.method.toLowerCase()];
      assert.equal(entry?.operationId, op.operationId, `${op.method} ${op.path}`);
      assert.deepEqual(entry['x-required-access'], op.access, op.operationId);
    }
  });

  function unnamedVersions(op: Operation): string[] {
    const entry = doc.paths[op.path][op.method.toLowerCase()];
    const types = new Set<string>([
      ...Object.keys(entry.requestBody?.content ?? {}),
      ...Object.values(entry.responses as Record<string, { content?: Record<string, unknown> }>).flatMap((r) => Object.keys(r.content ?? {})),
    ]);
    return Object.keys(op.versions).filter((v) => !types.has(`application/vnd.atlas.${v}+json`));
  }
  // Atlas's own document names the media type of every version, a 204's too (with no schema).
  it("names every declared version's media type", () => {
    for (const op of OPERATIONS) assert.deepEqual(unnamedVersions(op), [], `${op.operationId} does not name these versions`);
  });
});
