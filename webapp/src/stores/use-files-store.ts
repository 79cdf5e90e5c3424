import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  type DirectoryListing,
  fetchFile,
  fetchListing,
  fetchMounts,
  type ListingEntry,
  type MountInfo,
} from '../api/resources';
import { type UploadedFile, uploadFile } from '../api/upload';
import { bearerToken } from '../api/credentials';
import { errorMessage } from '../api/http';

/** Text previews read at most this much of a file. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** Images bigger than this are not previewed (a link opens them). */
export const IMAGE_PREVIEW_BYTES = 20 * 1024 * 1024;

export type Preview =
  | { kind: 'image'; entry: ListingEntry; src: string }
  | { kind: 'text'; entry: ListingEntry; text: string; partial: boolean }
  | { kind: 'none'; entry: ListingEntry; reason: string };

/** Whether a file of this type reads as text. */
export function isTextType(mime: string | undefined): boolean {
  if (!mime) return false;
  const type = mime.split(';')[0].trim();
  return (
    type.startsWith('text/') ||
    /^application\/(json|xml|yaml|x-yaml|javascript|x-sh|toml|x-ndjson)$/.test(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

export interface UploadState {
  name: string;
  sent: number;
  total: number;
  done: boolean;
  error: string | null;
  file: UploadedFile | null;
}

/** Mounts of `/resources`, the open directory, a preview, and an upload with its progress. */
export const useFilesStore = defineStore('files', () => {
  const mounts = ref<MountInfo[]>([]);
  const loadError = ref<string | null>(null);
  const mount = ref<MountInfo | null>(null);
  const listing = ref<DirectoryListing | null>(null);
  const listingError = ref<string | null>(null);
  const preview = ref<Preview | null>(null);
  const upload = ref<UploadState | null>(null);

  async function loadMounts(): Promise<void> {
    const res = await fetchMounts();
    if (!res.ok) {
      loadError.value = errorMessage(res.body) ?? `HTTP ${res.status}`;
      return;
    }
    loadError.value = null;
    mounts.value = res.body.mounts;
  }

  function clearPreview(): void {
    if (preview.value?.kind === 'image') URL.revokeObjectURL(preview.value.src);
    preview.value = null;
  }

  /** Opens `path` ('' for the root, else ending with `/`) of a mount. */
  async function open(name: string, path = ''): Promise<void> {
    clearPreview();
    mount.value = mounts.value.find((m) => m.name === name) ?? null;
    listing.value = null;
    listingError.value = null;
    if (!mount.value) {
      listingError.value = `No mount '${name}'`;
      return;
    }
    if (!mount.value.listing) return;
    const res = await fetchListing(name, path);
    if (res.ok) listing.value = res.body;
    else listingError.value = res.status === 404 ? `No directory '${path}' in ${name}` : `HTTP ${res.status}`;
  }

  async function show(entry: ListingEntry): Promise<void> {
    clearPreview();
    const mime = entry.mime ?? '';
    if (mime.startsWith('image/')) {
      if ((entry.size ?? 0) > IMAGE_PREVIEW_BYTES) {
        preview.value = { kind: 'none', entry, reason: 'Too big to preview here' };
        return;
      }
      const file = await fetchFile(entry.url);
      preview.value = file.ok
        ? { kind: 'image', entry, src: URL.createObjectURL(file.blob) }
        : { kind: 'none', entry, reason: `Could not load it (HTTP ${file.status})` };
      return;
    }
    if (isTextType(mime)) {
      const file = await fetchFile(
        entry.url,
        (entry.size ?? 0) > TEXT_PREVIEW_BYTES ? TEXT_PREVIEW_BYTES : undefined,
      );
      preview.value = file.ok
        ? { kind: 'text', entry, text: await file.blob.text(), partial: file.partial }
        : { kind: 'none', entry, reason: `Could not load it (HTTP ${file.status})` };
      return;
    }
    preview.value = { kind: 'none', entry, reason: `No preview for ${mime || 'this type'}` };
  }

  /** Uploads into the hub's upload directory (the `uploads` mount), reporting progress as it goes. */
  async function send(file: File): Promise<boolean> {
    upload.value = { name: file.name, sent: 0, total: file.size, done: false, error: null, file: null };
    const state = upload.value;
    const { done } = uploadFile(file, (sent, total) => {
      state.sent = sent;
      state.total = total;
    });
    const result = await done;
    state.done = true;
    if (result.ok) {
      state.sent = state.total;
      state.file = result.file;
    } else {
      state.error = result.status === 413 ? `Too big for this hub: ${result.message}` : result.message;
    }
    return result.ok;
  }

  /**
   * A page opened with `?token=` has no cookie a plain link could send: its downloads fetch the
   * file with the token and hand the browser a `blob:` URL instead.
   */
  const downloadsNeedFetch = bearerToken() !== null;

  async function download(entry: ListingEntry): Promise<string | null> {
    const file = await fetchFile(entry.url);
    return file.ok ? URL.createObjectURL(file.blob) : null;
  }

  return {
    downloadsNeedFetch,
    download,
    mounts,
    loadError,
    mount,
    listing,
    listingError,
    preview,
    upload,
    loadMounts,
    open,
    show,
    send,
    clearPreview,
  };
});
