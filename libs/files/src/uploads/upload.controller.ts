import type { Multipart } from '@fastify/multipart';
import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { RequireScope } from '@hub/auth';
import { ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { type IncomingFile, type UploadedFile, UploadService } from './upload.service';

/** Uploading stores bytes on the hub's disk: a scoped token must be given this scope for it. */
export const FILES_WRITE_SCOPE = 'files:write';

@Controller('upload')
export class UploadController {
  constructor(
    @Inject(UploadService) private readonly uploads: UploadService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * POST /upload (multipart/form-data, authenticated; cookie sessions pass the CSRF check).
   * One file part answers `{name, path, url, size, mime}`; several answer an array of those,
   * in the order of the parts. Other form fields are ignored. A scoped token needs `files:write`.
   */
  @Post()
  @RequireScope(FILES_WRITE_SCOPE)
  @HttpCode(201)
  async upload(@Req() request: FastifyRequest): Promise<UploadedFile | UploadedFile[]> {
    if (!request.isMultipart()) {
      throw new HubError(ErrorCode.UnsupportedMediaType, 'POST /upload expects multipart/form-data');
    }
    const length = Number(request.headers['content-length']);
    this.uploads.checkDeclaredLength(Number.isFinite(length) ? length : undefined);
    const limits = this.config.http.uploads;
    const parts = request.parts({
      limits: {
        // One byte over the limit so the service sees the overflow and answers 413 (busboy
        // would otherwise cut the file silently at exactly the limit).
        fileSize: limits.max_file_size + 1,
        fieldSize: 64 * 1024,
        fields: 100,
        parts: 1000,
      },
    });
    const stored = await this.uploads.storeAll(fileParts(parts)).catch((err: unknown) => {
      throw this.clientFault(err, request);
    });
    return stored.length === 1 ? stored[0] : stored;
  }

  /**
   * A client that disconnects mid-body, or sends a body the multipart parser cannot read, is the
   * client's fault: a 400 (not logged as a server error). Anything else passes through.
   */
  private clientFault(err: unknown, request: FastifyRequest): unknown {
    if (err instanceof HubError) return err;
    const message = err instanceof Error ? err.message : '';
    if (/multipart|boundary|form|part terminated/i.test(message)) {
      return HubError.badRequest(`Malformed multipart body: ${message}`);
    }
    if (!request.raw.complete)
      return HubError.badRequest('The upload was interrupted before the body was complete');
    return err;
  }
}

async function* fileParts(parts: AsyncIterableIterator<Multipart>): AsyncIterable<IncomingFile> {
  for await (const part of parts) {
    if (part.type !== 'file') continue;
    yield { filename: part.filename, declaredType: part.mimetype, stream: part.file };
  }
}
