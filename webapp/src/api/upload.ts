import { authHeaders } from './credentials';
import { errorMessage, notifyUnauthorized } from './http';

/** What `POST /upload` answers for one file (api.md §7). */
export interface UploadedFile {
  name: string;
  path: string;
  url: string;
  size: number;
  mime: string;
}

export type UploadResult =
  { ok: true; status: number; file: UploadedFile } | { ok: false; status: number; message: string };

/**
 * Uploads one file with XMLHttpRequest, the one browser API that reports upload progress
 * (fetch() does not): `onProgress(sent, total)` as the bytes leave.
 */
export function uploadFile(
  file: File,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', '/upload');
    for (const [name, value] of Object.entries(authHeaders('POST'))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: keep the text
      }
      if (xhr.status === 401) notifyUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({
          ok: true,
          status: xhr.status,
          file: (Array.isArray(body) ? body[0] : body) as UploadedFile,
        });
      } else {
        resolve({ ok: false, status: xhr.status, message: errorMessage(body) ?? `HTTP ${xhr.status}` });
      }
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, message: 'The upload was cut off (network error)' });
    xhr.onabort = () => resolve({ ok: false, status: 0, message: 'Upload cancelled' });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
