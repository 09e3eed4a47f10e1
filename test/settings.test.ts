import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { ALERT_CONFIGS } from '../src/resources/alertConfigs/collections.js';
import { PROJECT_SETTINGS } from '../src/resources/projectSettings/collections.js';
import { keyWithRoles, projectEvents } from './fixtures.js';
import { advance, createProject, fetchToken, startTestServer, type TestServer } from './helpers.js';

const run = promisify(execFile);

const groupNotification = { typeName: 'GROUP', intervalMin: 5, delayMin: 0, emailEnabled: true, smsEnabled: false };

describe('auditing configuration', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('starts disabled with no filter, and a PATCH with a filter makes it FILTER_JSON and answers 202', async () => {
    const g = await createProject(s);
    const fresh = await s.owner.get(`groups/${g}/auditLog`);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.text, '{"auditAuthorizationSuccess":false,"configurationType":"NONE","enabled":false}');

    const filter = '{"atype": "authenticate"}';
    const r = await s.owner.patch(`groups/${g}/auditLog`, { enabled: true, auditAuthorizationSuccess: true, auditFilter: filter });
    assert.equal(r.status, 202);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.deepEqual(r.json, { auditAuthorizationSuccess: true, auditFilter: filter, configurationType: 'FILTER_JSON', enabled: true });
    assert.deepEqual((await s.owner.get(`groups/${g}/auditLog`)).json, r.json);
  });

  it('keeps the fields a partial PATCH leaves out, and records the changed fields in the event', async () => {
    const g = await createProject(s);
    await s.owner.patch(`groups/${g}/auditLog`, { auditFilter: '{"atype": "createCollection"}' });
    const r = await s.owner.patch(`groups/${g}/auditLog`, { enabled: true });
    assert.deepEqual(r.json, {
      auditAuthorizationSuccess: false,
      auditFilter: '{"atype": "createCollection"}',
      configurationType: 'FILTER_JSON',
      enabled: true,
    });
    const recorded = await projectEvents(s, g, { eventType: 'AUDIT_LOG_CONFIGURATION_UPDATED', includeRaw: true });
    assert.equal(recorded.length, 2);
    const raws = recorded.map((e) => e.raw as Record<string, unknown>);
    const withEnabled = raws.find((raw) => 'enabled' in raw)!;
    assert.equal(withEnabled.enabled, true);
    assert.equal('auditFilter' in withEnabled, false);
    const withFilter = raws.find((raw) => 'auditFilter' in raw)!;
    assert.equal(withFilter.configurationType, 'FILTER_JSON');
    assert.ok(recorded.every((e) => e.publicKey === s.emulator.credentials.publicKey));
  });

  it('rejects a filter that is not a JSON object, and a configurationType, leaving the configuration as it was', async () => {
    const g = await createProject(s);
    for (const auditFilter of ['not json', '[{"atype": "authenticate"}]', '42', 'null']) {
      const r = await s.owner.patch(`groups/${g}/auditLog`, { enabled: true, auditFilter });
      assert.equal(r.status, 400, auditFilter);
      assert.equal(r.json.errorCode, 'INVALID_ATTRIBUTE');
      assert.deepEqual(r.json.parameters, ['auditFilter']);
    }
    const typed = await s.owner.patch(`groups/${g}/auditLog`, { configurationType: 'FILTER_JSON' });
    assert.equal(typed.status, 400);
    assert.equal(typed.json.errorCode, 'INVALID_ATTRIBUTE');
    assert.deepEqual(typed.json.parameters, ['configurationType']);
    const unknown = await s.owner.patch(`groups/${g}/auditLog`, { enable: true });
    assert.equal(unknown.json.errorCode, 'INVALID_ATTRIBUTE');
    const wrongType = await s.owner.patch(`groups/${g}/auditLog`, { enabled: 'yes' });
    assert.equal(wrongType.status, 400);
    assert.equal((await s.owner.get(`groups/${g}/auditLog`)).json.enabled, false);
    assert.equal((await projectEvents(s, g, { eventType: 'AUDIT_LOG_CONFIGURATION_UPDATED' })).length, 0);
  });

  it('needs Project Owner: Project Read Only gets 401 USER_UNAUTHORIZED', async () => {
    const g = await createProject(s);
    const reader = (await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_READ_ONLY'] }] })).client;
    for (const r of [await reader.get(`groups/${g}/auditLog`), await reader.patch(`groups/${g}/auditLog`, { enabled: true })]) {
      assert.equal(r.status, 401);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }
    const owner = (await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_OWNER'] }] })).client;
    assert.equal((await owner.get(`groups/${g}/auditLog`)).status, 200);
  });

  it('answers 404 for an unknown project and 400 for a malformed id', async () => {
    const missing = await s.owner.get('groups/aaaaaaaaaaaaaaaaaaaaaaaa/auditLog');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'GROUP_NOT_FOUND');
    assert.equal((await s.owner.get('groups/nope/auditLog')).json.errorCode, 'INVALID_PATH_PARAMETER');
  });
});

describe('managed slow operation threshold', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('is enabled by default, and disable/enable answer 204 with no body and record their events', async () => {
    const g = await createProject(s);
    const fresh = await s.owner.get(`groups/${g}/managedSlowMs`);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.text, 'true');
    assert.equal(fresh.headers.get('ratelimit-limit'), '1000');

    const off = await s.owner.delete(`groups/${g}/managedSlowMs/disable`);
    assert.equal(off.status, 204);
    assert.equal(off.text, '');
    assert.equal(off.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.equal((await s.owner.get(`groups/${g}/managedSlowMs`)).text, 'false');
    assert.equal((await projectEvents(s, g, { eventType: 'MANAGED_SLOW_MS_DISABLED' })).length, 1);

    const on = await s.owner.post(`groups/${g}/managedSlowMs/enable`);
    assert.equal(on.status, 204);
    assert.equal((await s.owner.get(`groups/${g}/managedSlowMs`)).json, true);
    assert.equal((await projectEvents(s, g, { eventType: 'MANAGED_SLOW_MS_ENABLED' })).length, 1);
    // Enabling what is already enabled changes nothing.
    await s.owner.post(`groups/${g}/managedSlowMs/enable`);
    assert.equal((await projectEvents(s, g, { eventType: 'MANAGED_SLOW_MS_ENABLED' })).length, 1);
  });

  it('lets Project Read Only read the setting but not change it', async () => {
    const g = await createProject(s);
    const reader = (await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_READ_ONLY'] }] })).client;
    assert.equal((await reader.get(`groups/${g}/managedSlowMs`)).json, true);
    const refused = await reader.post(`groups/${g}/managedSlowMs/enable`);
    assert.equal(refused.status, 401);
    assert.equal(refused.json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await reader.delete(`groups/${g}/managedSlowMs/disable`)).status, 401);
    assert.equal((await s.owner.get(`groups/${g}/managedSlowMs`)).json, true);
  });

  it('defaults to the limit Atlas documents for its Performance Advisor endpoints', async () => {
    const { RATE_LIMIT_DEFAULTS } = await import('../src/config.js');
    // 1200 tokens, refilled at 500 per 60 s.
    assert.equal(RATE_LIMIT_DEFAULTS.managedSlowMs!.capacity, 1200);
    assert.equal(RATE_LIMIT_DEFAULTS.managedSlowMs!.capacity / RATE_LIMIT_DEFAULTS.managedSlowMs!.periodSeconds, 500 / 60);
    // Stated as Atlas states it in a 429: "Refill rate: 500 per 60 seconds".
    const { TokenBuckets } = await import('../src/platform/http/ratelimit.js');
    const take = new TokenBuckets(RATE_LIMIT_DEFAULTS).take('managedSlowMs', 'one project');
    assert.deepEqual([take.limit, take.refillRate, take.refillSeconds], [1200, 500, 60]);
  });
});

describe('managed slow operation threshold: token bucket', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      rateLimits: { oauthToken: { capacity: 1000, periodSeconds: 60 }, managedSlowMs: { capacity: 3, periodSeconds: 3600 } },
    });
  });
  after(async () => s.close());

  it('answers 429 RATE_LIMITED_TOKEN_BUCKET with Retry-After once the bucket is empty, per project', async () => {
    const g = await createProject(s);
    const remaining: string[] = [];
    for (const send of [
      () => s.owner.get(`groups/${g}/managedSlowMs`),
      () => s.owner.delete(`groups/${g}/managedSlowMs/disable`),
      () => s.owner.post(`groups/${g}/managedSlowMs/enable`),
    ]) {
      const r = await send();
      assert.ok(r.status < 300, String(r.status));
      assert.equal(r.headers.get('ratelimit-limit'), '3');
      remaining.push(r.headers.get('ratelimit-remaining')!);
    }
    assert.deepEqual(remaining, ['2', '1', '0']);

    const limited = await s.owner.delete(`groups/${g}/managedSlowMs/disable`);
    assert.equal(limited.status, 429);
    assert.equal(limited.json.errorCode, 'RATE_LIMITED_TOKEN_BUCKET');
    assert.equal(limited.headers.get('x-error-code'), 'RATE_LIMITED_TOKEN_BUCKET');
    assert.equal(limited.headers.get('ratelimit-limit'), '3');
    assert.equal(limited.headers.get('ratelimit-remaining'), '0');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 1200, String(retryAfter));
    // Atlas's wording and parameters: the path without its leading slash, the wait, the capacity and the refill.
    const path = `api/atlas/v2/groups/${g}/managedSlowMs/disable`;
    assert.equal(
      limited.json.detail,
      `Rate limit exceeded for ${path}. Please retry after ${retryAfter} seconds. Request capacity: 3. Refill rate: 3 per 3600 seconds.`,
    );
    assert.deepEqual(limited.json.parameters, [path, retryAfter, 3, 3, 3600]);
    // The refused request changed nothing.
    assert.equal((await s.owner.get('groups/' + g + '/managedSlowMs')).status, 429);
    assert.equal((await projectEvents(s, g, { eventType: 'MANAGED_SLOW_MS_DISABLED' })).length, 1);

    // The bucket is the project's: another caller finds it empty too, another project does not.
    assert.equal((await s.sa.get(`groups/${g}/managedSlowMs`)).status, 429);
    const other = await createProject(s);
    assert.equal((await s.owner.get(`groups/${other}/managedSlowMs`)).status, 200);
  });
});

describe('alert configurations', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it("gives a new project Atlas's default alert configurations unless withDefaultAlertsSettings is false", async () => {
    const g = await createProject(s);
    const list = await s.owner.get(`groups/${g}/alertConfigs`);
    assert.equal(list.status, 200);
    assert.equal(list.json.totalCount, 10);
    const kinds = list.json.results.map((c: { eventTypeName: string; metricThreshold?: { metricName: string } }) =>
      c.metricThreshold ? `${c.eventTypeName}:${c.metricThreshold.metricName}` : c.eventTypeName,
    );
    for (const k of [
      'NO_PRIMARY',
      'REPLICATION_OPLOG_WINDOW_RUNNING_OUT',
      'OUTSIDE_METRIC_THRESHOLD:DISK_PARTITION_SPACE_USED_DATA',
      'OUTSIDE_METRIC_THRESHOLD:QUERY_TARGETING_SCANNED_OBJECTS_PER_RETURNED',
      'HOST_HAS_INDEX_SUGGESTIONS',
    ]) {
      assert.ok(kinds.includes(k), k);
    }
    assert.ok(list.json.results.every((c: { enabled: boolean; groupId: string }) => c.enabled && c.groupId === g));
    const oplog = list.json.results.find((c: { eventTypeName: string }) => c.eventTypeName === 'REPLICATION_OPLOG_WINDOW_RUNNING_OUT');
    assert.deepEqual(oplog.threshold, { operator: 'LESS_THAN', threshold: 1, units: 'HOURS' });

    const bare = await s.owner.post('groups', { name: `bare-${randomBytes(3).toString('hex')}`, orgId: s.orgId, withDefaultAlertsSettings: false });
    assert.equal(bare.json.withDefaultAlertsSettings, false);
    const none = await s.owner.get(`groups/${bare.json.id}/alertConfigs`);
    assert.equal(none.json.totalCount, 0);
    assert.deepEqual(none.json.results, []);
  });

  it('drops the alert configurations and settings of a deleted project', async () => {
    const g = await createProject(s);
    await s.owner.delete(`groups/${g}/managedSlowMs/disable`);
    assert.equal((await s.owner.delete(`groups/${g}`)).status, 202);
    const store = s.emulator.services.store;
    assert.equal(await store.count(ALERT_CONFIGS, g), 0);
    assert.equal(await store.get(PROJECT_SETTINGS, g), undefined);
  });

  it('creates one with 201, a Location header, links, a notifier id and an ALERT_CONFIG_ADDED_AUDIT event', async () => {
    const g = await createProject(s);
    const r = await s.owner.post(`groups/${g}/alertConfigs`, {
      eventTypeName: 'NO_PRIMARY',
      enabled: true,
      matchers: [{ fieldName: 'CLUSTER_NAME', operator: 'STARTS_WITH', value: 'prod-' }],
      notifications: [groupNotification],
    });
    assert.equal(r.status, 201);
    const self = `${s.url}/api/atlas/v2/groups/${g}/alertConfigs/${r.json.id}`;
    assert.equal(r.headers.get('location'), self);
    assert.deepEqual(r.json.links, [
      { href: self, rel: 'self' },
      { href: `${self}/alerts`, rel: 'https://cloud.mongodb.com/alerts' },
    ]);
    assert.deepEqual(Object.keys(r.json), ['created', 'enabled', 'eventTypeName', 'groupId', 'id', 'links', 'matchers', 'notifications', 'updated']);
    assert.match(r.json.notifications[0].notifierId, /^[a-f0-9]{24}$/);
    assert.deepEqual({ ...r.json.notifications[0], notifierId: undefined }, { ...groupNotification, notifierId: undefined });
    assert.equal(r.json.created, r.json.updated);
    assert.match(r.json.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual((await s.owner.get(`groups/${g}/alertConfigs/${r.json.id}`)).json, r.json);

    const [added] = await projectEvents(s, g, { eventType: 'ALERT_CONFIG_ADDED_AUDIT', includeRaw: true });
    assert.equal(added!.alertConfigId, r.json.id);
    assert.equal(added!.groupId, g);
    // The reference's raw document for alert configuration events carries the id too.
    assert.equal(added!.raw!.alertConfigId, r.json.id);
    assert.equal(added!.raw!._t, 'ALERT_CONFIG_AUDIT');
  });

  it('accepts every matcher field name the fieldNames operation lists, and rejects any other by name', async () => {
    const g = await createProject(s);
    const names: string[] = (await s.owner.get('alertConfigs/matchers/fieldNames')).json;
    for (const fieldName of names) {
      const r = await s.owner.post(`groups/${g}/alertConfigs`, {
        eventTypeName: 'HOST_DOWN',
        matchers: [{ fieldName, operator: 'EQUALS', value: 'x' }],
        notifications: [groupNotification],
      });
      assert.equal(r.status, 201, fieldName);
    }
    const bad = await s.owner.post(`groups/${g}/alertConfigs`, {
      eventTypeName: 'HOST_DOWN',
      matchers: [
        { fieldName: 'CLUSTER_NAME', operator: 'EQUALS', value: 'x' },
        { fieldName: 'DATABASE_NAME', operator: 'EQUALS', value: 'x' },
      ],
      notifications: [groupNotification],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errorCode, 'INVALID_ENUM_VALUE');
    assert.deepEqual(bad.json.parameters, ['DATABASE_NAME']);
    assert.equal(bad.json.badRequestDetail.fields[0].field, 'matchers.1.fieldName');
  });

  it('takes the seven operators, and a REGEX value only when it compiles', async () => {
    const g = await createProject(s);
    for (const operator of ['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'STARTS_WITH', 'ENDS_WITH', 'REGEX']) {
      const r = await s.owner.post(`groups/${g}/alertConfigs`, {
        eventTypeName: 'HOST_DOWN',
        matchers: [{ fieldName: 'HOSTNAME', operator, value: '^atlas-.*\\.mongodb\\.net$' }],
        notifications: [groupNotification],
      });
      assert.equal(r.status, 201, operator);
    }
    const badOp = await s.owner.post(`groups/${g}/alertConfigs`, {
      eventTypeName: 'HOST_DOWN',
      matchers: [{ fieldName: 'HOSTNAME', operator: 'LIKE', value: 'x' }],
      notifications: [groupNotification],
    });
    assert.equal(badOp.json.errorCode, 'INVALID_ENUM_VALUE');
    const badRegex = await s.owner.post(`groups/${g}/alertConfigs`, {
      eventTypeName: 'HOST_DOWN',
      matchers: [{ fieldName: 'HOSTNAME', operator: 'REGEX', value: 'atlas-(' }],
      notifications: [groupNotification],
    });
    assert.equal(badRegex.status, 400);
    assert.equal(badRegex.json.errorCode, 'INVALID_ATTRIBUTE');
    assert.deepEqual(badRegex.json.parameters, ['matchers.0.value']);
    const noValue = await s.owner.post(`groups/${g}/alertConfigs`, {
      eventTypeName: 'HOST_DOWN',
      matchers: [{ fieldName: 'HOSTNAME', operator: 'EQUALS' }],
      notifications: [groupNotification],
    });
    assert.equal(noValue.json.errorCode, 'MISSING_ATTRIBUTE');
    assert.equal((await s.owner.get(`groups/${g}/alertConfigs`)).json.totalCount, 10 + 7);
  });

  it('validates event types, thresholds and notifications like Atlas', async () => {
    const g = await createProject(s);
    const post = (body: unknown) => s.owner.post(`groups/${g}/alertConfigs`, body);
    const cases: [unknown, number, string, unknown[]?][] = [
      [{ eventTypeName: 'SOMETHING_ELSE', notifications: [groupNotification] }, 400, 'INVALID_ENUM_VALUE', ['SOMETHING_ELSE']],
      [{ notifications: [groupNotification] }, 400, 'MISSING_ATTRIBUTE', ['eventTypeName']],
      [{ eventTypeName: 'HOST_DOWN' }, 400, 'MISSING_NOTIFICATIONS'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [] }, 400, 'MISSING_NOTIFICATIONS'],
      [{ eventTypeName: 'OUTSIDE_METRIC_THRESHOLD', notifications: [groupNotification] }, 400, 'MISSING_METRIC_THRESHOLD'],
      [
        { eventTypeName: 'HOST_DOWN', metricThreshold: { metricName: 'ASSERT_REGULAR' }, notifications: [groupNotification] },
        400,
        'METRIC_THRESHOLD_PRESENT',
      ],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, intervalMin: 2 }] }, 400, 'NOTIFICATION_INTERVAL_OUT_OF_RANGE'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, intervalMin: 7.5 }] }, 400, 'INVALID_ATTRIBUTE', ['notifications.0.intervalMin']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, intervalMin: 1e300 }] }, 400, 'INVALID_ATTRIBUTE', ['notifications.0.intervalMin']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, delayMin: 2 ** 31 }] }, 400, 'INVALID_ATTRIBUTE', ['notifications.0.delayMin']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ typeName: 'EMAIL' }] }, 400, 'MISSING_ATTRIBUTE', ['notifications.0.emailAddress']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ typeName: 'EMAIL', emailAddress: 'ops' }] }, 400, 'INVALID_EMAIL_ADDRESS'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ typeName: 'GROUP' }] }, 400, 'EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ typeName: 'USER', username: 'a@b.c', emailEnabled: false }] }, 400, 'EMAIL_OR_SMS_REQUIRED_FOR_USER_NOTIFICATION'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, roles: [] }] }, 400, 'MISSING_ROLES_FOR_GROUP_NOTIFICATION'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [groupNotification, groupNotification] }, 400, 'TOO_MANY_GROUP_NOTIFICATIONS'],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ typeName: 'CARRIER_PIGEON' }] }, 400, 'INVALID_ENUM_VALUE', ['CARRIER_PIGEON']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [{ ...groupNotification, roles: ['ORG_OWNER'] }] }, 400, 'INVALID_ENUM_VALUE', ['ORG_OWNER']],
      [{ eventTypeName: 'HOST_DOWN', notifications: [groupNotification], severity: 'HIGH' }, 400, 'INVALID_ATTRIBUTE', ['severity']],
    ];
    for (const [body, status, code, parameters] of cases) {
      const r = await post(body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(r.json.errorCode, code, JSON.stringify(body));
      if (parameters) assert.deepEqual(r.json.parameters, parameters, JSON.stringify(body));
    }
    assert.equal((await post({ not: 'json' })).status, 400);
    assert.equal((await s.owner.request('POST', `groups/${g}/alertConfigs`, { raw: '{"eventTypeName":' })).json.errorCode, 'MALFORMED_JSON');
    assert.equal((await s.owner.get(`groups/${g}/alertConfigs`)).json.totalCount, 10);
    assert.equal((await projectEvents(s, g, { eventType: 'ALERT_CONFIG_ADDED_AUDIT' })).length, 0);

    const metric = await post({
      eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
      severityOverride: 'WARNING',
      metricThreshold: { metricName: 'CONNECTIONS_PERCENT', operator: 'GREATER_THAN', threshold: 75, units: 'RAW' },
      notifications: [{ typeName: 'EMAIL', emailAddress: 'ops@example.com', intervalMin: 15 }],
    });
    assert.equal(metric.status, 201);
    assert.deepEqual(metric.json.metricThreshold, { metricName: 'CONNECTIONS_PERCENT', mode: 'AVERAGE', operator: 'GREATER_THAN', threshold: 75, units: 'RAW' });
    assert.equal(metric.json.severityOverride, 'WARNING');
    assert.equal(metric.json.enabled, false);
    assert.equal(metric.json.notifications[0].delayMin, 0);
  });

  it('replaces with PUT, toggles with PATCH, deletes, and records each change', async () => {
    const g = await createProject(s);
    const base = `groups/${g}/alertConfigs`;
    const created = await s.owner.post(base, {
      eventTypeName: 'HOST_DOWN',
      enabled: true,
      notifications: [{ typeName: 'SLACK', apiToken: 'xoxb-secret-token-1234', channelName: '#ops', intervalMin: 5 }],
    });
    const id = created.json.id;
    const served = created.json.notifications[0];
    assert.equal(served.apiToken, '******************1234');
    assert.equal(served.intervalMin, 5);

    await advance(s, 'PT1M');
    // A client that read the configuration sends it back as served: the hidden token is kept.
    const put = await s.owner.put(`${base}/${id}`, { ...created.json, enabled: true, matchers: [{ fieldName: 'TYPE_NAME', operator: 'EQUALS', value: 'PRIMARY' }] });
    assert.equal(put.status, 200);
    assert.equal(put.json.created, created.json.created);
    assert.notEqual(put.json.updated, created.json.updated);
    assert.equal(put.json.notifications[0].notifierId, served.notifierId);
    assert.equal(put.json.matchers.length, 1);
    const stored = await s.emulator.services.store.get<{ notifications: { apiToken: string }[] }>(ALERT_CONFIGS, id);
    assert.equal(stored!.notifications[0]!.apiToken, 'xoxb-secret-token-1234');
    const [changed] = await projectEvents(s, g, { eventType: 'ALERT_CONFIG_CHANGED_AUDIT' });
    assert.equal(changed!.alertConfigId, id);

    const off = await s.owner.patch(`${base}/${id}`, { enabled: false });
    assert.equal(off.status, 200);
    assert.equal(off.json.enabled, false);
    assert.equal(off.json.matchers.length, 1);
    assert.equal((await s.owner.get(`${base}/${id}`)).json.enabled, false);
    assert.equal((await projectEvents(s, g, { eventType: 'ALERT_CONFIG_DISABLED_AUDIT' }))[0]!.alertConfigId, id);
    assert.equal((await s.owner.patch(`${base}/${id}`, {})).json.errorCode, 'MISSING_ATTRIBUTE');

    const del = await s.owner.delete(`${base}/${id}`);
    assert.equal(del.status, 204);
    const gone = await s.owner.get(`${base}/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'ALERT_CONFIG_NOT_FOUND');
    assert.deepEqual(gone.json.parameters, [id, g]);
    assert.equal((await projectEvents(s, g, { eventType: 'ALERT_CONFIG_DELETED_AUDIT' }))[0]!.alertConfigId, id);
    assert.equal((await s.owner.delete(`${base}/${id}`)).status, 404);
  });

  it("does not serve one project's alert configuration under another", async () => {
    const a = await createProject(s);
    const b = await createProject(s);
    const created = await s.owner.post(`groups/${a}/alertConfigs`, { eventTypeName: 'HOST_DOWN', notifications: [groupNotification] });
    for (const r of [
      await s.owner.get(`groups/${b}/alertConfigs/${created.json.id}`),
      await s.owner.patch(`groups/${b}/alertConfigs/${created.json.id}`, { enabled: true }),
      await s.owner.delete(`groups/${b}/alertConfigs/${created.json.id}`),
    ]) {
      assert.equal(r.status, 404);
      assert.equal(r.json.errorCode, 'ALERT_CONFIG_NOT_FOUND');
    }
    assert.equal((await s.owner.get(`groups/${a}/alertConfigs/${created.json.id}`)).status, 200);
    assert.equal((await s.owner.get(`groups/${a}/alertConfigs/not-an-id`)).json.errorCode, 'INVALID_PATH_PARAMETER');
  });

  it('lets Project Read Only list and read them but not change them', async () => {
    const g = await createProject(s);
    const reader = (await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_READ_ONLY'] }] })).client;
    const list = await reader.get(`groups/${g}/alertConfigs`);
    assert.equal(list.status, 200);
    const id = list.json.results[0].id;
    assert.equal((await reader.get(`groups/${g}/alertConfigs/${id}`)).status, 200);
    for (const r of [
      await reader.post(`groups/${g}/alertConfigs`, { eventTypeName: 'HOST_DOWN', notifications: [groupNotification] }),
      await reader.put(`groups/${g}/alertConfigs/${id}`, { eventTypeName: 'HOST_DOWN', notifications: [groupNotification] }),
      await reader.patch(`groups/${g}/alertConfigs/${id}`, { enabled: false }),
      await reader.delete(`groups/${g}/alertConfigs/${id}`),
    ]) {
      assert.equal(r.status, 401);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }
    const stranger = (await keyWithRoles(s, { projectRoles: [{ groupId: await createProject(s), roles: ['GROUP_OWNER'] }] })).client;
    assert.equal((await stranger.get(`groups/${g}/alertConfigs`)).json.errorCode, 'NOT_IN_GROUP');
  });

  it('answers malformed bodies with 4xx and leaves everything as it was', async () => {
    const g = await createProject(s);
    const id = (await s.owner.get(`groups/${g}/alertConfigs`)).json.results[0].id;
    const bodies = [
      '',
      'null',
      '[]',
      '"x"',
      '{',
      '{"enabled": {}}',
      '{"eventTypeName": "HOST_DOWN", "notifications": [null]}',
      '{"eventTypeName": "HOST_DOWN", "matchers": [null], "notifications": [{"typeName": "GROUP", "emailEnabled": true}]}',
      '{"eventTypeName": "HOST_DOWN", "notifications": [{"typeName": "GROUP", "emailEnabled": true, "roles": [null]}]}',
      '{"eventTypeName": "HOST_DOWN", "notifications": [{"typeName": "GROUP", "emailEnabled": true, "notifierId": "x"}]}',
      '{"auditFilter": 7}',
    ];
    const targets: [string, string][] = [
      ['POST', `groups/${g}/alertConfigs`],
      ['PUT', `groups/${g}/alertConfigs/${id}`],
      ['PATCH', `groups/${g}/alertConfigs/${id}`],
      ['PATCH', `groups/${g}/auditLog`],
    ];
    const before = (await s.owner.get(`groups/${g}/alertConfigs`)).text;
    for (const [method, path] of targets) {
      // An empty PATCH of the auditing configuration is a valid no-op.
      for (const raw of path.endsWith('auditLog') ? bodies.slice(1) : bodies) {
        const r = await s.owner.request(method, path, { raw });
        assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} ${raw}: ${r.status} ${r.text}`);
        assert.equal(r.json.error, r.status);
      }
    }
    assert.equal((await s.owner.get(`groups/${g}/alertConfigs`)).text, before);
    assert.equal((await s.owner.get(`groups/${g}/auditLog`)).json.configurationType, 'NONE');
  });

  it('pages the list', async () => {
    const g = await createProject(s);
    const page = await s.owner.get(`groups/${g}/alertConfigs`, { query: { itemsPerPage: 4, pageNum: 3 } });
    assert.equal(page.json.results.length, 2);
    assert.equal(page.json.totalCount, 10);
    assert.deepEqual(page.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);
  });
});

describe("the seed's curl examples, verbatim apart from the host", () => {
  let s: TestServer;
  let groupId: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    const c = s.emulator.credentials;
    env = {
      PATH: process.env.PATH,
      PUBLIC_KEY: c.publicKey,
      PRIVATE_KEY: c.privateKey,
      ACCESS_TOKEN: await fetchToken(s.url, c.clientId, c.clientSecret),
    };
  });
  after(async () => s.close());

  // The seed's command text with its host replaced and {groupId} filled in.
  const curl = async (command: string) => {
    const text = command.replaceAll('https://cloud.mongodb.com', s.url).replaceAll('{groupId}', groupId);
    return run('bash', ['-c', text], { env });
  };

  it('getAuditingConfiguration', async () => {
    for (const auth of ['--user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\\n  --digest \\\n ', '--header "Authorization: Bearer ${ACCESS_TOKEN}" \\\n ']) {
      const { stdout } = await curl(`curl ${auth} --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/auditLog?pretty=true"`);
      assert.equal(stdout, JSON.stringify({ auditAuthorizationSuccess: false, configurationType: 'NONE', enabled: false }, null, 2));
    }
  });

  it('enableSlowOperationThresholding', async () => {
    for (const auth of ['--user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\\n  --digest \\\n ', '--header "Authorization: Bearer ${ACCESS_TOKEN}" \\\n ']) {
      await s.owner.delete(`groups/${groupId}/managedSlowMs/disable`);
      assert.equal((await s.owner.get(`groups/${groupId}/managedSlowMs`)).json, false);
      const { stdout } = await curl(`curl ${auth} --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  --header "Content-Type: application/json" \\
  -X POST "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/managedSlowMs/enable" \\
  -d '{ <Payload> }'`);
      assert.equal(stdout, '');
      assert.equal((await s.owner.get(`groups/${groupId}/managedSlowMs`)).json, true);
    }
  });

  it('listAlertConfigurationMatchersFieldNames', async () => {
    for (const auth of ['--user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\\n  --digest \\\n ', '--header "Authorization: Bearer ${ACCESS_TOKEN}" \\\n ']) {
      const { stdout } = await curl(`curl ${auth} --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "https://cloud.mongodb.com/api/atlas/v2/alertConfigs/matchers/fieldNames?pretty=true"`);
      assert.deepEqual(JSON.parse(stdout), ['CLUSTER_NAME', 'HOSTNAME', 'PORT', 'HOSTNAME_AND_PORT', 'APPLICATION_ID', 'REPLICA_SET_NAME', 'TYPE_NAME', 'SHARD_NAME']);
      assert.match(stdout, /^\[\n {2}"CLUSTER_NAME",\n/);
    }
  });
});
