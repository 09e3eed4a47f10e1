import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import type { Config } from '../settings.js';
import { ensureDir } from '../../dataDir.js';

export interface TlsFiles {
  cert: string;
  key: string;
  /** Where the certificate lives, so that users can point clients at it. */
  certPath: string;
}

const GENERATED_CERT = 'tls-cert.pem';
const GENERATED_KEY = 'tls-key.pem';

const TEN_YEARS_MS = 10 * 365 * 86_400_000;

/**
 * The certificate and key to serve HTTPS with: the configured files, or a
 * self-signed pair for localhost kept in the data directory (generated on the
 * first start, reused after, so that clients trusting it keep working). Null
 * when the server speaks plain HTTP.
 */
export async function loadTls(config: Config): Promise<TlsFiles | null> {
  if (config.tlsCert && config.tlsKey) {
    return {
      cert: fs.readFileSync(config.tlsCert, 'utf8'),
      key: fs.readFileSync(config.tlsKey, 'utf8'),
      certPath: config.tlsCert,
    };
  }
  if (!config.tls) return null;
  const certPath = path.join(config.dataDir, GENERATED_CERT);
  const keyPath = path.join(config.dataDir, GENERATED_KEY);
  if (fs.existsSync(certPath) && fs.existsSync(keyPath)) {
    return { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8'), certPath };
  }
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 86_400_000),
    notAfterDate: new Date(now + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  ensureDir(config.dataDir);
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, certPath };
}
