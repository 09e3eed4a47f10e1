import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { USER_SECURITY } from '../src/resources/databaseUsers/collections.js';
import type { UserSecurityDoc } from '../src/resources/databaseUsers/certificates.js';
import { projectEvents } from './fixtures.js';
import { advance, createProject, setClock, startTestServer, type TestServer } from './helpers.js';

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

  it('keeps a customer CA (self-managed X.509): managed certificates are refused until it is disabled', async () => {
    const security = `groups/${g}/userSecurity`;
    const initial = await s.owner.get(security);
    assert.equal(initial.status, 200, initial.text);
    assert.deepEqual(initial.json, {
      customerX509: {},
      ldap: { authenticationEnabled: false, authorizationEnabled: false, authzQueryTemplate: '{USER}?memberOf?base', port: 636 },
      links: [{ href: `${s.url}/api/atlas/v2/${security}`, rel: 'self' }],
    });
    const customerCa = (await projectCa(g)).toString();
    const set = await s.owner.patch(security, { customerX509: { cas: customerCa } });
    assert.equal(set.status, 202, set.text);
    assert.equal(set.json.customerX509.cas, customerCa);
    assert.equal((await s.owner.get(security)).json.customerX509.cas, customerCa);
    const refused = await s.owner.post(certs('alice'), {});
    assert.equal(refused.json.errorCode, 'CANNOT_GENERATE_CERT_IF_ADVANCED_X509', refused.text);

    assert.equal((await s.owner.patch(security, { customerX509: { cas: 'not a certificate' } })).json.errorCode, 'INVALID_ATTRIBUTE');

    const disabled = await s.owner.delete(`${security}/customerX509`);
    assert.equal(disabled.status, 202, disabled.text);
    assert.deepEqual(disabled.json.customerX509, {});
    assert.equal((await s.owner.post(certs('alice'), {})).status, 201);
    assert.equal((await projectEvents(s, g, { eventType: 'USER_SECURITY_SETTINGS_UPDATED' })).length, 2);
  });

  it('refuses a CA that is not one, or has expired on the emulated clock', async () => {
    const issued = (await s.owner.post(certs('alice'), {})).text;
    const leaf = issued.slice(0, issued.indexOf('-----BEGIN PRIVATE KEY-----'));
    const security = `groups/${g}/userSecurity`;
    assert.equal((await s.owner.patch(security, { customerX509: { cas: leaf } })).json.errorCode, 'INVALID_ATTRIBUTE');
    const ca = (await projectCa(g)).toString();
    await setClock(s, '2045-01-01T00:00:00Z');
    assert.equal((await s.owner.patch(security, { customerX509: { cas: ca } })).json.errorCode, 'EXPIRED_X509_CA_CERTIFICATE');
  });

  it('keeps LDAP settings without the bind password, refusing inconsistent ones', async () => {
    const g3 = await createProject(s);
    const security = `groups/${g3}/userSecurity`;
    assert.equal((await s.owner.patch(security, { ldap: { authenticationEnabled: true } })).json.errorCode, 'MISSING_ATTRIBUTE');
    assert.equal((await s.owner.patch(security, { ldap: { authorizationEnabled: true } })).json.errorCode, 'ATLAS_INVALID_AUTH_SETTINGS');
    const ldap = { authenticationEnabled: true, hostname: 'ldap.example.com', bindUsername: 'CN=bind,DC=example,DC=com', bindPassword: 'secret pw' };
    const r = await s.owner.patch(security, { ldap });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.ldap.hostname, 'ldap.example.com');
    assert.equal(r.json.ldap.bindPassword, undefined);
    assert.ok(!r.text.includes('secret pw'));
    assert.equal((await s.owner.get(security)).json.ldap.authenticationEnabled, true);
  });
});
