import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../src/resources/index.js';
import { Router } from '../src/platform/http/router.js';
import { Client, createProject, startTestServer, type Exchange, type RequestOptions, type Res, type TestServer } from './helpers.js';
import type { Scenario } from './contract/types.js';

// Every registered operation must answer 2xx to at least one scenario, and every
// answer is checked against its declared schema by the server (validateResponses).

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'contract');
const modules = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
  .sort();

interface Answer {
  method: string;
  path: string;
  status: number;
  json: unknown;
}

/** Keeps every final answer's body, for checks that run over all scenarios. */
class RecordingClient extends Client {
  readonly answers: Answer[] = [];
  override async request(method: string, pathname: string, opts?: RequestOptions): Promise<Res> {
    const r = await super.request(method, pathname, opts);
    const path = (pathname.startsWith('/') ? pathname : `/api/atlas/v2/${pathname}`).split('?')[0]!;
    this.answers.push({ method, path, status: r.status, json: r.json });
    return r;
  }
}

/**
 * Operations whose Atlas schema has no `links` although its entities carry an id or a
 * name (checked against the Atlas Admin API v2 models): a self link there would be a
 * field Atlas never sends.
 */
const NO_LINKS_IN_ATLAS = new Set([
  // ThirdPartyIntegration: type, id and the service's own settings.
  'listThirdPartyIntegrations',
  'getThirdPartyIntegration',
  'createThirdPartyIntegration',
  'updateThirdPartyIntegration',
  // Limit (DataFederationLimit): currentUsage, defaultLimit, maximumLimit, name, value.
  'listProjectLimits',
  'getProjectLimit',
  'setProjectLimit',
  // EARPrivateEndpoint: cloudProvider, errorMessage, id, regionName, status.
  'getEncryptionAtRestPrivateEndpointsForCloudProvider',
  'createEncryptionAtRestPrivateEndpoint',
  'getEncryptionAtRestPrivateEndpoint',
  // OrgUserResponse / GroupUserResponse (2025-02-19): id, orgMembershipStatus, roles, teamIds, username, profile or invitation.
  'addProjectRole',
  'addProjectUser',
  'addUserToTeam',
  'addOrganizationRole',
  'createOrganizationUser',
  'getProjectUser',
  'getOrganizationUser',
  'listProjectUsers',
  'listTeamUsers',
  'listOrganizationUsers',
  'removeProjectRole',
  'removeUserFromTeam',
  'removeOrganizationRole',
  'updateOrganizationUser',
  // OrgServiceAccount / GroupServiceAccount: clientId, createdAt, description, name, roles, secrets.
  'listServiceAccounts',
  'createServiceAccount',
  'getServiceAccount',
  'updateServiceAccount',
  'listProjectServiceAccounts',
  'createProjectServiceAccount',
  'getProjectServiceAccount',
  'updateProjectServiceAccount',
  'addProjectServiceAccount',
  // ServiceAccountSecret: createdAt, expiresAt, id, lastUsedAt, maskedSecretValue, secret.
  'createServiceAccountSecret',
  // IngestionPipeline: _id, createdDate, groupId, lastUpdatedDate, name, sink, source, state, transformations.
  'listPipelines',
  'createPipeline',
  'getPipeline',
  'updatePipeline',
  'pausePipeline',
  'resumePipeline',
  // DiskBackupApiPolicyItem: frequencyInterval, frequencyType, id, retentionUnit, retentionValue.
  'listPipelineSchedules',
  // SearchIndexResponse / ClusterSearchIndex: indexID, name, database, collectionName, status, definitions; no links.
  'createAtlasSearchIndex',
  'getAtlasSearchIndex',
  'getAtlasSearchIndexByName',
  'updateAtlasSearchIndex',
  'updateAtlasSearchIndexByName',
  'listAtlasSearchIndexes',
  'listAtlasSearchIndexesCluster',
  'createAtlasSearchIndexDeprecated',
  'getAtlasSearchIndexDeprecated',
  'updateAtlasSearchIndexDeprecated',
  'listAtlasSearchIndexesDeprecated',
  // ApiSearchDeploymentResponseView: effectiveSpecs, encryptionAtRestProvider, groupId, id, specs, stateName; no links.
  'createAtlasSearchDeployment',
  'getAtlasSearchDeployment',
  'updateAtlasSearchDeployment',
  // EndpointService (AWS/Azure/GCP): id, status, region and provider names, endpoints; no links.
  'listPrivateEndpointServices',
  'createPrivateEndpointService',
  'getPrivateEndpointService',
  // CloudProviderContainer and the peering connection settings: ids, provider fields, state; no links.
  'listPeeringContainerByCloudProvider',
  'listPeeringContainers',
  'createPeeringContainer',
  'getPeeringContainer',
  'updatePeeringContainer',
  'listPeeringConnections',
  'createPeeringConnection',
  'getPeeringConnection',
  'updatePeeringConnection',
  // ClusterOutageSimulation: clusterName, expirationDate, groupId, id, outageFilters, startRequestDate, state; no links.
  'getOutageSimulation',
  'startOutageSimulation',
  'endOutageSimulation',
]);

describe('contract: every operation, every response against its schema', () => {
  let s: TestServer;
  const log: Exchange[] = [];
  let client: RecordingClient;
  before(async () => {
    s = await startTestServer();
    const c = s.emulator.credentials;
    client = new RecordingClient(s.url, { kind: 'digest', publicKey: c.publicKey, privateKey: c.privateKey }, log);
  });
  after(async () => s.close());

  for (const file of modules) {
    it(`scenarios of ${file}`, async () => {
      const { scenarios } = (await import(path.join(dir, file))) as { scenarios: Scenario[] };
      for (const scenario of scenarios) {
        const groupId = await createProject(s);
        const before = log.length;
        await scenario.run({ server: s, client, orgId: s.orgId, groupId });
        const failures = log.slice(before).filter((e) => e.status >= 500);
        assert.deepEqual(failures, [], `${scenario.name}: a response broke its schema or the server failed`);
      }
    });
  }

  it('covers every registered operation with a 2xx answer', () => {
    const router = new Router(OPERATIONS);
    const covered = new Set<string>();
    for (const e of log) {
      const m = router.match(e.method, e.path.split('?')[0]!);
      if (m.kind === 'found' && e.status < 300) covered.add(m.op.operationId);
    }
    const missing = OPERATIONS.map((o) => o.operationId).filter((id) => !covered.has(id));
    assert.deepEqual(missing, [], 'operations without a passing contract scenario');
  });

  it('gives every entity it answers with an absolute self link on this server', () => {
    const router = new Router(OPERATIONS);
    const base = `${s.url}/`;
    const hasSelf = (body: unknown) =>
      Array.isArray((body as { links?: unknown }).links) &&
      (body as { links: { rel: string; href: string }[] }).links.some((l) => l.rel === 'self' && l.href.startsWith(base));
    const isEntity = (body: unknown) => typeof body === 'object' && body !== null && ('id' in body || 'name' in body);
    const missing = new Set<string>();
    for (const a of client.answers) {
      const m = router.match(a.method, a.path);
      if (m.kind !== 'found' || a.status >= 300 || typeof a.json !== 'object' || a.json === null) continue;
      const isList = Array.isArray((a.json as { results?: unknown }).results);
      // Some Atlas lists are bare arrays (pipelines); their items are entities all the same.
      const entities = Array.isArray(a.json) ? a.json : isList ? (a.json as { results: unknown[] }).results : [a.json];
      if (isList && !hasSelf(a.json)) missing.add(`${m.op.operationId} (list)`);
      if (!NO_LINKS_IN_ATLAS.has(m.op.classicId ?? m.op.operationId) && entities.some((e) => isEntity(e) && !hasSelf(e))) missing.add(m.op.operationId);
    }
    assert.deepEqual([...missing].sort(), [], 'entities without links.self');
    const called = new Set(client.answers.map((a) => router.match(a.method, a.path)).map((m) => (m.kind === 'found' ? (m.op.classicId ?? m.op.operationId) : '')));
    assert.deepEqual([...NO_LINKS_IN_ATLAS].filter((id) => !called.has(id)), [], 'allow-listed operations that no scenario calls');
  });
});
