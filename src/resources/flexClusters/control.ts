import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.js';
import { controlError } from '../../platform/control/body.js';
import { CONTROL_PREFIX } from '../../platform/control/routes.js';
import { downloadExpiry, type RestoreJobDoc } from './backups.js';
import { FLEX_RESTORE_JOBS } from './collections.js';

// The archive behind a Flex snapshot download link, as a presigned link would
// serve it: no credentials, gone once the link expires. The emulator holds no
// data, so the archive is an empty tar file, gzipped.
//   GET /__emulator/flexBackups/<restoreJobId>.tar.gz

const EMPTY_TAR_GZ = gzipSync(Buffer.alloc(1024));

export function registerFlexBackupDownloads(app: FastifyInstance, services: Services): void {
  app.get(`${CONTROL_PREFIX}/flexBackups/:file`, async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const jobId = /^([a-f0-9]{24})\.tar\.gz$/.exec(file)?.[1];
    const job = jobId ? await services.store.get<RestoreJobDoc>(FLEX_RESTORE_JOBS, jobId) : undefined;
    const expires = job && downloadExpiry(job);
    if (!job || expires === undefined || expires <= services.clock.now()) return controlError(reply, 404, 'No such download.');
    return reply.code(200).header('content-type', 'application/gzip').send(EMPTY_TAR_GZ);
  });
}
