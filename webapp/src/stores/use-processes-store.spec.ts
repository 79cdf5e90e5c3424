import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_OUTPUT_CHARS, useProcessesStore } from './use-processes-store';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A streaming body that sends `chunks` and then ends, as /streams/:id/:stream does at exit. */
function streamOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/plain' } },
  );
}

const RUNNING = {
  id: 'p1',
  name: 'loop',
  pid: 42,
  cmd: ['loop'],
  started_at: '2026-12-01T10:00:00.000Z',
  running: true,
  exit_code: null,
  signal: null,
  owner: null,
};

describe('useProcessesStore', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.restoreAllMocks());

  it('says the shell plugin is missing when shell.list answers 404', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(404, { response: { output: null, errors: ["Unknown action 'shell.list'"] } }),
    );
    const store = useProcessesStore();
    await store.load();
    expect(store.unavailable).toBe("Unknown action 'shell.list'");
    expect(store.processes).toEqual([]);
  });

  it('follows stdout and stderr of the chosen process, then lists again once both ended', async () => {
    const calls: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      calls.push(url);
      if (url.includes('/stdout')) return streamOf(['one\n', 'two\n']);
      if (url.includes('/stderr')) return streamOf(['oops\n']);
      return answer(200, {
        response: { output: [{ ...RUNNING, running: false, exit_code: 0 }], errors: [] },
      });
    });
    const store = useProcessesStore();
    store.select('p1');
    await vi.waitFor(() => expect(store.following).toBe(0));
    const text = (stream: string) =>
      store.output
        .filter((c) => c.stream === stream)
        .map((c) => c.text)
        .join('');
    expect(text('stdout')).toBe('one\ntwo\n');
    expect(text('stderr')).toBe('oops\n');
    expect(calls).toContain('/streams/p1/stdout?feed=continuous&offset=0');
    await vi.waitFor(() => expect(store.selected?.exit_code).toBe(0));
  });

  it('keeps only the newest output', async () => {
    const big = 'x'.repeat(MAX_OUTPUT_CHARS);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.includes('/stdout')) return streamOf([big, 'tail']);
      if (url.includes('/stderr')) return streamOf([]);
      return answer(200, { response: { output: [], errors: [] } });
    });
    const store = useProcessesStore();
    store.select('p1');
    await vi.waitFor(() => expect(store.following).toBe(0));
    const all = store.output.map((c) => c.text).join('');
    expect(all).toHaveLength(MAX_OUTPUT_CHARS);
    expect(all.endsWith('tail')).toBe(true);
  });
});
