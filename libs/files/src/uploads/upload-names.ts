import { extname } from 'node:path';

import { extensionForMime, mimeForName } from '../mime-types';

/** Longest stored name in bytes: well under the 255-byte limit of common filesystems. */
const MAX_NAME_BYTES = 180;
const FALLBACK_NAME = 'upload';

/**
 * A file name safe to create in the upload directory, from whatever the client sent: the last
 * path component only, no control or shell-special characters, never hidden (no leading dot),
 * bounded in length. A name without a known extension gets one from the declared media type
 * (`blob` sent as `image/png` → `blob.png`), so the file is later served as what it is.
 */
export function safeUploadName(clientName: string | undefined, declaredType: string | undefined): string {
  const last = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()+,=@-]/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .replace(/\s+/g, ' ');
  if (name === '' || /^_+$/.test(name)) name = FALLBACK_NAME;
  const ext = extname(name);
  if ((!ext || mimeForName(name) === null) && declaredType) {
    const type = declaredType.split(';')[0].trim().toLowerCase();
    const guessed = type && type !== 'application/octet-stream' ? extensionForMime(type) : null;
    if (guessed) name = `${name}.${guessed}`;
  }
  return truncateName(name);
}

/** `photo.jpg` for suffix 0, else `photo-<suffix>.jpg` (`photo-1.jpg`, `photo-2.jpg`, ...). */
export function numberedName(name: string, suffix: number | string): string {
  if (suffix === 0) return name;
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem}-${suffix}${ext}`;
}

/** The media type a stored file is served (and reported) with. */
export function uploadMime(name: string): string {
  return mimeForName(name) ?? 'application/octet-stream';
}

function truncateName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const ext = extname(name);
  const keepExt = Buffer.byteLength(ext) <= 20 ? ext : '';
  let stem = name.slice(0, name.length - ext.length);
  while (Buffer.byteLength(stem + keepExt) > MAX_NAME_BYTES) stem = Array.from(stem).slice(0, -1).join('');
  return stem + keepExt;
}
