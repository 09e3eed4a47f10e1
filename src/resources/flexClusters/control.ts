import { gzipSync } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import { defineControl, type ControlEndpoint } from '../../platform/control/endpoint.js';
import { ApiError } from '../../platform/errors.js';
import { downloadExpiry, type RestoreJobDoc } from './backups.js';
import { FLEX_RESTORE_JOBS } from './collections.js';

// The archive behind a Flex snapshot download link, as a presigned link would
// serve it: no credentials, gone once the link expires. The emulator holds no
// data, so the archive is an empty tar file, gzipped.
//   GET /__emulator/flexBackups/<restoreJobId>.tar.gz

const EMPTY_TAR_GZ = gzipSync(Buffer.alloc(1024));

export const flexBackupDownloads: ControlEndpoint[] = [
  defineControl({
    method: 'GET',
    path: '/flexBackups/{file}',
    summary: 'The archive behind a Flex snapshot download link (an empty gzipped tar file), until the link expires. Open, as a presigned link is.',
    open: true,
    params: Type.Object({ file: Type.String({ pattern: '^[a-f0-9]{24}\\.tar\\.gz$' }) }),
    handler: async ({ params, services, reply }) => {
      const jobId = params.file.slice(0, 24);
      const job = await services.store.get<RestoreJobDoc>(FLEX_RESTORE_JOBS, jobId);
      const expires = job && downloadExpiry(job);
      if (!job || expires === undefined || expires <= services.clock.now()) {
        throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'No such download.', [params.file]);
      }
      return reply.code(200).header('content-type', 'application/gzip').send(EMPTY_TAR_GZ);
    },
  }),
];
