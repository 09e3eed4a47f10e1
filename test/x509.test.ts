import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { USER_SECURITY } from '../src/resources/databaseUsers/collections.js';
import type { UserSecurityDoc } from '../src/resources/databaseUsers/certificates.js';
import { projectEvents } from './fixtures.js';
import { advance, clockNow, createProject, setClock, startTestServer, type TestServer } from './helpers.js';

describe('Atlas-managed X.509 certificates', () => {
  let s: TestServer;
  let g: string;
  before(async () => {
    s = await startTestServer();
    await setClock(s, '2031-01-31T10:00:00Z');
    g = await createProject(s);
    const managed = { groupId: g, databaseName: '$external', x509Type: 'MANAGED', roles: [{ roleName: 'read', databaseName: 'sales' }] };
    assert.equal((await s.owner.post(`groups/${g}/databaseUsers`, { ...managed, username: 'alice' })).status, 201);
    const scram = { groupId: g, databaseName: 'admin', username: 'bob', password: 'long enough pw', roles: [] };
    assert.equal((await s.owner.post(`groups/${g}/databaseUsers`, scram)).status, 201);
  });
  after(async () => s.close());

  const certs = (username: string, group = g) => `groups/${group}/databaseUsers/${username}/certs`;
  const projectCa = async (groupId: string) =>
    new X509Certificate((await s.emulator.services.store.get<UserSecurityDoc>(USER_SECURITY, groupId))!.ca!.cert);

  it('answers a PEM certificate and key signed by the project CA, valid for the months asked', async () => {
    const r = await s.owner.post(certs('alice'), { monthsUntilExpiration: 1 });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/vnd\.atlas\.2023-01-01\+json/);
    assert.match(r.text, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    const cert = new X509Certificate(r.text);
    assert.equal(cert.subject, 'CN=alice');
    const ca = await projectCa(g);
    assert.equal(cert.issuer, ca.subject);
    assert.ok(cert.checkIssued(ca));
    assert.ok(cert.verify(ca.publicKey));
    assert.ok(ca.ca);
    assert.ok(cert.checkPrivateKey(createPrivateKey(r.text.slice(r.text.indexOf('-----BEGIN PRIVATE KEY-----')))));
    assert.equal(new Date(cert.validFrom).toISOString(), '2031-01-31T10:00:00.000Z');
    // One month after January 31 is the last day of February.
    assert.equal(new Date(cert.validTo).toISOString(), '2031-02-28T10:00:00.000Z');

    const list = await s.owner.get(certs('alice'));
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.totalCount, 1);
    assert.deepEqual(list.json.results[0], {
      _id: parseInt(cert.serialNumber, 16),
      createdAt: '2031-01-31T10:00:00Z',
      groupId: g,
      notAfter: '2031-02-28T10:00:00Z',
      subject: 'CN=alice',
    });
    const [event] = await projectEvents(s, g, { eventType: 'MONGODB_USER_X509_CERT_CREATED' });
    assert.equal(event!.dbUserUsername, 'alice');
  });

  it('defaults to three months, keeps one CA per project, and lists only unexpired certificates', async () => {
    const r = await s.owner.post(certs('alice'), {});
    assert.equal(r.status, 201, r.text);
    const cert = new X509Certificate(r.text);
    assert.equal(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime() > 88 * 86400_000, true);
    assert.ok(cert.checkIssued(await projectCa(g)));
    assert.equal((await s.owner.get(certs('alice'))).json.totalCount, 2);

    const other = await createProject(s);
    const managed = { groupId: other, databaseName: '$external', x509Type: 'MANAGED', username: 'CN=carol', roles: [] };
    assert.equal((await s.owner.post(`groups/${other}/databaseUsers`, managed)).status, 201);
    const foreign = new X509Certificate((await s.owner.post(certs('CN%3Dcarol', other), { monthsUntilExpiration: 24 })).text);
    assert.equal(foreign.subject, 'CN=carol');
    assert.notEqual(foreign.issuer, cert.issuer);
    assert.ok(!foreign.checkIssued(await projectCa(g)));

    await advance(s, 'P30D');
    assert.equal((await s.owner.get(certs('alice'))).json.totalCount, 1);
  });

  it("refuses what Atlas refuses", async () => {
    const refused = async (path: string, body: unknown, status: number, errorCode: string) => {
      const r = await s.owner.post(path, body);
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.errorCode, errorCode, r.text);
    };
    await refused(certs('alice'), { monthsUntilExpiration: 25 }, 400, 'CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS');
    await refused(certs('alice'), { monthsUntilExpiration: 0 }, 400, 'ATTRIBUTE_NEGATIVE_OR_ZERO');
    await refused(certs('alice'), { monthsUntilExpiration: 'three' }, 400, 'INVALID_ATTRIBUTE');
    await refused(certs('bob'), { monthsUntilExpiration: 3 }, 400, 'USER_NOT_MANAGED_X509');
    await refused(certs('nobody'), { monthsUntilExpiration: 3 }, 404, 'USERNAME_NOT_FOUND');
    assert.equal((await s.owner.get(certs('bob'))).json.errorCode, 'USER_NOT_MANAGED_X509');
  });

  it("a deleted user's certificates go with it", async () => {
    const g2 = await createProject(s);
    const managed = { groupId: g2, databaseName: '$external', x509Type: 'MANAGED', username: 'dave', roles: [] };
    assert.equal((await s.owner.post(`groups/${g2}/databaseUsers`, managed)).status, 201);
    assert.equal((await s.owner.post(certs('dave', g2), {})).status, 201);
    assert.equal((await s.owner.delete(`groups/${g2}/databaseUsers/%24external/dave`)).status, 204);
    assert.equal((await s.owner.post(`groups/${g2}/databaseUsers`, managed)).status, 201);
    assert.equal((await s.owner.get(certs('dave', g2))).json.totalCount, 0);
  });

  it('disables customer-managed X.509 with 202 and records the change', async () => {
    const r = await s.owner.delete(`groups/${g}/userSecurity/customerX509`);
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.json.customerX509, {});
    assert.equal((await projectEvents(s, g, { eventType: 'USER_SECURITY_SETTINGS_UPDATED' })).length, 1);
    assert.ok((await clockNow(s)) > 0);
  });
});
