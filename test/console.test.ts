import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './helpers.js';

// The web console in a real browser: Debian's Chromium driven by Playwright,
// against one server, through the page only (scripts create what a user would
// watch appear). Screenshots go to test-artifacts/console/.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'console');
const missing = !fs.existsSync(CHROMIUM);
// CI installs Chromium (.ci/run); elsewhere a machine without it skips, and says so.
const skip = missing && !process.env.CI ? `no browser at ${CHROMIUM} (apt-get install chromium)` : false;

describe('web console in Chromium', { skip }, () => {
  let s: TestServer;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let consoleDir: string;
  const foreign: string[] = [];
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  before(async () => {
    assert.ok(!missing, `no browser at ${CHROMIUM}`);
    // The console this run tests is the one in the sources, built apart so as not to disturb dist/.
    consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-console-build-'));
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'console', 'vite.config.ts'), logLevel: 'error', build: { outDir: consoleDir } });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    s = await startTestServer({ consoleDir });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-console-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-quic',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    const origin = new URL(s.url).origin;
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await context?.close();
    await s?.close();
    for (const dir of [userDataDir, consoleDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let groupId = '';
  let privateKey = '';

  test('the overview shows the organization and its projects', async () => {
    const created = await s.owner.post('groups', { name: 'console-demo', orgId: s.orgId });
    assert.ok(created.status === 200 || created.status === 201, created.text);
    groupId = created.json.id;
    await page.goto(`${s.url}/`);
    await page.getByTestId('org').getByText('Emulator Organization').waitFor();
    await page.getByTestId('project-card').getByText('console-demo').waitFor();
    await shot('01-overview');
  });

  test('a cluster created by a script goes CREATING then IDLE on the open page when the clock is advanced from it', async () => {
    await page.getByTestId('project-card').getByText('console-demo').click();
    await page.getByRole('heading', { name: /console-demo/ }).waitFor();
    const created = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'shop',
      clusterType: 'REPLICASET',
      replicationSpecs: [
        { regionConfigs: [{ providerName: 'AWS', regionName: 'EU_WEST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] },
      ],
    });
    assert.equal(created.status, 201, created.text);
    const row = page.getByTestId('cluster-shop');
    // No reload: the page follows the change.
    await row.getByTestId('cluster-state').getByText('CREATING').waitFor();
    await row.getByText('M10').waitFor();
    await row.getByText('AWS EU_WEST_1').waitFor();
    await shot('02-cluster-creating');
    const before = await page.getByTestId('clock-now').textContent();
    await page.getByTestId('advance-PT1M').click();
    await row.getByTestId('cluster-state').getByText('IDLE').waitFor();
    assert.notEqual(await page.getByTestId('clock-now').textContent(), before, 'the clock shown moved');
    // The cluster's details: connection strings and its three processes.
    await row.click();
    await page.locator('.cluster-detail dt', { hasText: 'standardSrv' }).waitFor();
    assert.equal(await page.locator('.cluster-detail tbody tr').count(), 3);
    await shot('03-cluster-idle');
  });

  test('the events timeline shows the cluster events with their actor, and filters by type', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    const events = page.getByTestId('events');
    await events.getByText('CLUSTER_READY').waitFor();
    const created = events.locator('li', { hasText: 'CLUSTER_CREATED' });
    await created.getByText('API key emulator').waitFor();
    await page.getByTestId('event-type-filter').fill('CLUSTER_READY');
    await page.getByTestId('event-type-filter').press('Enter');
    await events.locator('li', { hasText: 'CLUSTER_CREATED' }).waitFor({ state: 'detached' });
    await events.getByText('CLUSTER_READY').waitFor();
    assert.equal(await events.locator('li').count(), 1);
    await page.getByTestId('event-type-filter').fill('');
    await page.getByTestId('event-type-filter').press('Enter');
    await shot('04-events');
  });

  test('a chart shows the measurements of a database over the chosen period', async () => {
    const declared = await fetch(`${s.url}/__emulator/databases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ groupId, clusterName: 'shop', databaseName: 'orders', dataSizeBytes: 50 * 1024 * 1024, growthPerDay: 0.5 }),
    });
    assert.equal(declared.status, 201, await declared.text());
    await page.getByTestId('advance-PT1H').click();
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByTestId('metrics-database').selectOption('orders');
    const chart = page.getByTestId('chart').first();
    await chart.locator('canvas').waitFor();
    const points = Number(await chart.getAttribute('data-points'));
    // An hour at the default five-minute granularity.
    assert.ok(points >= 10, `expected points in the chart, got ${points}`);
    await page.getByRole('button', { name: 'DATABASE_DATA_SIZE' }).waitFor();
    await shot('05-metrics');
  });

  test('the other project sections read their APIs: alerts, private endpoints, settings', async () => {
    const service = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: 'AWS', region: 'us-east-1' });
    assert.equal(service.status, 201, service.text);
    await page.getByRole('link', { name: 'Private endpoints' }).click();
    const services = page.getByTestId('private-endpoints');
    await services.getByText(service.json.id).waitFor();
    await services.getByText('INITIATING').waitFor();
    await page.getByTestId('advance-PT10M').click();
    await services.getByText('AVAILABLE').waitFor();
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByTestId('alert-configurations').locator('tbody tr').first().waitFor();
    await shot('06-alerts');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('.kv dd', { hasText: groupId }).waitFor();
  });

  test('the request log shows the request that created the cluster, its bodies with credentials masked', async () => {
    const key = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'ci key', roles: ['ORG_READ_ONLY'] });
    assert.equal(key.status, 200, key.text);
    privateKey = key.json.privateKey;
    assert.ok(privateKey);
    await page.getByRole('link', { name: 'Request log' }).click();
    await page.getByTestId('filter-operationId').fill('createGroupCluster');
    await page.getByTestId('filter-operationId').press('Enter');
    const row = page.getByTestId('request-row').filter({ hasText: '201' });
    await row.getByText('emulator').waitFor();
    await row.click();
    const detail = page.getByTestId('request-detail');
    await detail.getByTestId('request-body').getByText('"name": "shop"').waitFor();
    await detail.getByTestId('response-body').getByText('"stateName": "CREATING"').waitFor();
    await shot('07-request-log');

    await page.getByTestId('filter-operationId').fill('createOrgApiKey');
    await page.getByTestId('filter-operationId').press('Enter');
    await page.getByTestId('request-row').filter({ hasText: '200' }).click();
    await detail.getByTestId('request-body').getByText('"desc": "ci key"').waitFor();
    const shown = await detail.getByTestId('response-body').textContent();
    assert.ok(shown?.includes('"privateKey": "********"'), shown ?? '');
    assert.ok(!shown?.includes(privateKey), 'the private key is not shown');
  });

  test('the organization page lists members, API keys and service accounts, no secret in clear', async () => {
    await page.getByRole('link', { name: /Emulator Organization/ }).click();
    const keys = page.getByTestId('api-keys');
    const row = keys.locator('tr', { hasText: 'ci key' });
    await row.waitFor();
    // Atlas's masked form: only the last characters of the key.
    await row.getByText(privateKey.slice(-12)).waitFor();
    await page.getByTestId('service-accounts').getByText(s.config.clientId).waitFor();
    await page.locator('section[aria-label="Invitations"]').getByText('Nothing here yet.').waitFor();
    assert.equal(await page.locator('.inline-error').count(), 0, 'every section read its list');
    await page.getByTestId('organization-events').getByText('API_KEY_CREATED').first().waitFor();
    const html = await page.content();
    for (const secret of [privateKey, s.config.privateKey, s.config.clientSecret]) assert.ok(!html.includes(secret), 'a secret is on the page');
    await shot('08-organization');
  });

  test('the emulator page steers faults and reset through the control endpoints', async () => {
    await page.getByRole('link', { name: 'Emulator controls' }).click();
    const fault = page.getByTestId('fault-privateEndpointService');
    await fault.getByRole('button', { name: 'Arm' }).click();
    await fault.getByText('armed').waitFor();
    const armed = await (await fetch(`${s.url}/__emulator/faults/privateEndpointService`)).json();
    assert.equal(armed.armed, true);
    await shot('09-emulator');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('reset').click();
    await fault.getByText('off').waitFor();
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('org').getByText('Emulator Organization').waitFor();
    await page.getByText('console-demo').waitFor({ state: 'detached' });
  });

  test('the page loaded nothing from any other host and raised no error', () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(pageErrors, []);
  });
});
