import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { executeAction } from '../api/execute';
import { followOutput, type OutputStream } from '../api/process-output';
import type { ProcessInfo } from '../api/wire';

/** A process as `shell.list` describes it. */
export type ProcessRow = ProcessInfo;

export interface OutputChunk {
  stream: OutputStream;
  text: string;
}

export interface NewProcess {
  cmd: string;
  name: string;
  shell: boolean;
}

/** What the hub said about a start, stop or input: ok, or its errors. */
export interface ProcessOutcome {
  ok: boolean;
  status: number;
  errors: string[];
}

/** Output kept on screen per process; older text drops off the front. */
export const MAX_OUTPUT_CHARS = 200_000;

/**
 * Processes started with `shell.start` (api.md §6): the list, start / stop / stdin through the
 * shell actions, and the selected process's stdout and stderr followed over HTTP as they print.
 */
export const useProcessesStore = defineStore('processes', () => {
  const processes = ref<ProcessRow[]>([]);
  /** Set when the shell plugin is off (404) or the caller may not use it (403). */
  const unavailable = ref<string | null>(null);
  const loadError = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  const output = ref<OutputChunk[]>([]);
  /** Streams of the selected process still open. */
  const following = ref(0);
  const outputLost = ref(false);
  let follow: AbortController | null = null;
  let outputChars = 0;

  const selected = computed(() => processes.value.find((p) => p.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    const result = await executeAction<ProcessRow[]>('shell.list');
    if (result.status === 404 || result.status === 403) {
      unavailable.value = result.errors.join('; ');
      processes.value = [];
      return;
    }
    unavailable.value = null;
    if (!result.ok) {
      loadError.value = result.errors.join('; ');
      return;
    }
    loadError.value = null;
    processes.value = [...result.output].sort((a, b) => b.started_at.localeCompare(a.started_at));
  }

  function append(stream: OutputStream, text: string): void {
    const last = output.value.at(-1);
    if (last && last.stream === stream) last.text += text;
    else output.value.push({ stream, text });
    outputChars += text.length;
    while (outputChars > MAX_OUTPUT_CHARS && output.value.length > 0) {
      const first = output.value[0];
      const over = outputChars - MAX_OUTPUT_CHARS;
      if (first.text.length <= over) {
        output.value.shift();
        outputChars -= first.text.length;
      } else {
        first.text = first.text.slice(over);
        outputChars -= over;
      }
    }
  }

  /** Shows `id`'s output: what the hub kept, then live, until it exits or another is chosen. */
  function select(id: string | null): void {
    follow?.abort();
    follow = null;
    selectedId.value = id;
    output.value = [];
    outputChars = 0;
    outputLost.value = false;
    following.value = 0;
    if (!id) return;
    const controller = new AbortController();
    follow = controller;
    for (const stream of ['stdout', 'stderr'] as const) {
      following.value += 1;
      void followOutput(id, stream, (text) => append(stream, text), controller.signal).then((end) => {
        if (controller.signal.aborted) return;
        following.value -= 1;
        if (end === 'failed') outputLost.value = true;
        // Both streams closed: the process exited (or the hub went away); show how it ended.
        if (following.value === 0) void load();
      });
    }
  }

  async function start(input: NewProcess): Promise<ProcessOutcome & { id?: string }> {
    const args: Record<string, unknown> = { cmd: input.cmd };
    if (input.name) args.name = input.name;
    if (input.shell) args.shell = true;
    const result = await executeAction<{ id: string; pid: number | null }>('shell.start', args);
    if (!result.ok) return { ok: false, status: result.status, errors: result.errors };
    await load();
    select(result.output.id);
    return { ok: true, status: result.status, errors: [], id: result.output.id };
  }

  async function stop(id: string): Promise<ProcessOutcome> {
    const result = await executeAction('shell.stop', { id });
    await load();
    return { ok: result.ok, status: result.status, errors: result.errors };
  }

  async function write(id: string, data: string): Promise<ProcessOutcome> {
    const result = await executeAction('shell.write', { id, data });
    return { ok: result.ok, status: result.status, errors: result.errors };
  }

  /** Leaving the page: stop following (the processes keep running on the hub). */
  function leave(): void {
    follow?.abort();
    follow = null;
  }

  return {
    processes,
    unavailable,
    loadError,
    selectedId,
    selected,
    output,
    following,
    outputLost,
    load,
    select,
    start,
    stop,
    write,
    leave,
  };
});
