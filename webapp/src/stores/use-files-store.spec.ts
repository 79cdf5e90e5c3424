import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isTextType, TEXT_PREVIEW_BYTES, useFilesStore } from './use-files-store';

const entry = (name: string, mime: string, size = 10) => ({
  name,
  type: 'file' as const,
  size,
  mime,
  modified: '2026-12-01T10:00:00.000Z',
  url: `/resources/m/${name}`,
});

describe('isTextType', () => {
  it.each([
    ['text/plain; charset=utf-8', true],
    ['application/json', true],
    ['image/svg+xml', true],
    ['application/ld+json', true],
    ['application/octet-stream', false],
    ['image/png', false],
    [undefined, false],
  ])('%s → %s', (mime, expected) => expect(isTextType(mime)).toBe(expected));
});

describe('useFilesStore.show', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.restoreAllMocks());

  it('reads only the start of a big text file, with a Range request', async () => {
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response('start of it', { status: 206 }));
    const store = useFilesStore();
    await store.show(entry('big.log', 'text/plain', TEXT_PREVIEW_BYTES * 4));
    const headers = fetch.mock.calls[0][1]?.headers as Record<string, string>;
    expect(headers.range).toBe(`bytes=0-${TEXT_PREVIEW_BYTES - 1}`);
    expect(store.preview).toMatchObject({ kind: 'text', text: 'start of it', partial: true });
  });

  it('offers no preview for a binary type, and asks the hub nothing', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const store = useFilesStore();
    await store.show(entry('data.bin', 'application/octet-stream'));
    expect(fetch).not.toHaveBeenCalled();
    expect(store.preview).toMatchObject({ kind: 'none', reason: 'No preview for application/octet-stream' });
  });
});
