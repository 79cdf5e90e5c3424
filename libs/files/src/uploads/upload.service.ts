import type { Readable } from 'node:stream';

import { ErrorCode, HubError } from '@hub/common';
import type { HubConfig } from '@hub/config';
import type { EventBus } from '@hub/events';

import { mimeAllowed } from '../mime-types';
import { UPLOADS_MOUNT } from '../resources/resource-mounts';
import type { UploadStore } from './upload.store';
import { safeUploadName, uploadMime } from './upload-names';

/** One file part of a multipart request, as the transport hands it over. */
export interface IncomingFile {
  /** The name the client gave (untrusted). */
  filename: string | undefined;
  /** The Content-Type the client declared for the part (untrusted). */
  declaredType: string | undefined;
  stream: Readable;
}

/** What `POST /upload` answers for each stored file (and what FileUploadedEvent carries). */
export interface UploadedFile {
  /** The stored file name (sanitised, made unique). */
  name: string;
  /** Absolute path on the hub's disk, for automations acting on the file. */
  path: string;
  /** Where it is served: `/resources/uploads/<name>` (authenticated). */
  url: string;
  /** Bytes. */
  size: number;
  /** The media type it is served with (from the stored name). */
  mime: string;
}

const tooLarge = (message: string) => new HubError(ErrorCode.PayloadTooLarge, message);

/**
 * Stores the files of one upload request, all or nothing: a limit crossed, a refused type or a
 * client that goes away mid-body removes every file of that request, and events are posted only
 * once all of them are stored.
 */
export class UploadService {
  constructor(
    private readonly limits: HubConfig['http']['uploads'],
    private readonly store: UploadStore,
    private readonly bus: EventBus,
  ) {}

  /** Refuses up front a request whose declared length is already over the per-request limit. */
  checkDeclaredLength(contentLength: number | undefined): void {
    if (contentLength !== undefined && contentLength > this.limits.max_request_size) {
      throw tooLarge(`Upload is larger than the ${this.limits.max_request_size}-byte request limit`);
    }
  }

  async storeAll(files: AsyncIterable<IncomingFile>): Promise<UploadedFile[]> {
    const stored: UploadedFile[] = [];
    let requestBytes = 0;
    try {
      for await (const file of files) {
        const name = safeUploadName(file.filename, file.declaredType);
        const mime = uploadMime(name);
        if (!mimeAllowed(mime, this.limits.allowed_types)) {
          file.stream.resume(); // let the parser move on; nothing of it is kept
          throw new HubError(
            ErrorCode.UnsupportedMediaType,
            `File type ${mime} is not allowed (allowed: ${this.limits.allowed_types.join(', ')})`,
          );
        }
        const { tempPath, size } = await this.store.receive(file.stream, (chunk, fileBytes) => {
          requestBytes += chunk;
          if (fileBytes > this.limits.max_file_size)
            throw tooLarge(`File '${name}' is larger than the ${this.limits.max_file_size}-byte file limit`);
          if (requestBytes > this.limits.max_request_size)
            throw tooLarge(`Upload is larger than the ${this.limits.max_request_size}-byte request limit`);
        });
        const final = await this.store.commit(tempPath, name).catch(async (err: unknown) => {
          await this.store.remove(tempPath);
          throw err;
        });
        stored.push({
          ...final,
          url: `/resources/${UPLOADS_MOUNT}/${encodeURIComponent(final.name)}`,
          size,
          mime,
        });
      }
    } catch (err) {
      await Promise.all(stored.map((file) => this.store.remove(file.path)));
      throw err;
    }
    if (stored.length === 0) {
      throw HubError.badRequest(
        'No file in the request: send multipart/form-data with at least one file part',
      );
    }
    for (const file of stored) this.bus.post('FileUploadedEvent', { ...file });
    return stored;
  }
}
