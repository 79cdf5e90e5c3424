import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseSse, StreamReader } from './support/http-stream';
import { connectSocket, EventCollector } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const TOKEN = 'streams-test-token';
const AUTH = { 'x-token': TOKEN };

interface Response<T> {
  response: { output: T; errors: string[] };
}

describe('process streams', () => {
  let hub: TestHub;
  let client: Socket;
  const streams: StreamReader[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await StreamReader.open(`${hub.url}${path}`, { ...AUTH, ...headers });
    streams.push(stream);
    return stream;
  };
  /** Starts a process with shell.start over socket.io; returns its id. */
  const start = async (cmd: string[]): Promise<string> => {
    const reply = (await client.emitWithAck('execute', {
      type: 'request',
      action: 'shell.start',
      args: { cmd },
    })) as Response<{ id: string; pid: number }>;
    expect(reply.response.errors).toEqual([]);
    return reply.response.output.id;
  };
  const stdin = (id: string, text: string) =>
    hub.fetch(`/streams/${id}/stdin`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'text/plain' },
      body: text,
    });

  beforeAll(async () => {
    hub = await bootHub({ config: `token: ${TOKEN}\nshell:\n  enabled: true\n` });
    client = await connectSocket(hub.url, { token: TOKEN });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await client
      .emitWithAck('execute', { type: 'request', action: 'shell.list', args: {} })
      .then(async (r) => {
        for (const p of (r as Response<Array<{ id: string; running: boolean }>>).response.output) {
          if (p.running) await client.emitWithAck('execute', { action: 'shell.stop', args: { id: p.id } });
        }
      });
    client.close();
    await hub.stop();
  });

  it('streams stdout continuously, including what was printed before, and takes stdin', async () => {
    const id = await start(['sh', '-c', 'echo ready; cat']);
    const out = await open(`/streams/${id}/stdout?feed=continuous`);
    expect(out.status).toBe(200);
    await out.waitFor((t) => t.includes('ready\n'));
    const res = await stdin(id, 'ECHO\n');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await out.waitFor((t) => t.endsWith('ECHO\n'));
    expect(out.text).toBe('ready\nECHO\n');
  });

  it('streams stderr as server-sent events, one data line per output line, and ends at exit', async () => {
    const id = await start(['sh', '-c', 'read x; printf "one\\ntwo\\n" >&2; exit 3']);
    const sse = await open(`/streams/${id}/stderr?feed=eventsource`);
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stdin(id, 'go\n');
    await sse.ended();
    const messages = parseSse(sse.text);
    expect(messages[0]).toMatchObject({ event: 'stderr', id: '8' });
    expect(sse.text).toContain('event: stderr\ndata: one\ndata: two\n\n');
    expect(messages.at(-1)).toMatchObject({ event: 'exit' });
    expect(JSON.parse(messages.at(-1)!.data!)).toEqual({ exit_code: 3, signal: null });
  });

  it('answers a longpoll with new output as soon as it is printed, and resumes by offset', async () => {
    const id = await start(['cat']);
    const poll = hub.fetch(`/streams/${id}/stdout?feed=longpoll&offset=0&timeout=20`, { headers: AUTH });
    await stdin(id, 'first\n');
    const res = await poll;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('first\n');
    const offset = res.headers.get('x-stream-offset');
    expect(offset).toBe('6');
    await stdin(id, 'second\n');
    const next = await hub.fetch(`/streams/${id}/stdout?feed=longpoll&offset=${offset}&timeout=20`, {
      headers: AUTH,
    });
    expect(await next.text()).toBe('second\n');
  });

  it("answers gaffer's `curl -d $'ECHO\\n' .../stdin` (a form content type) and a longpoll without offset with the next chunk", async () => {
    const id = await start(['cat']);
    const form = await hub.fetch(`/streams/${id}/stdin`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ECHO\n',
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ ok: true });
    const backlog = await hub.fetch(`/streams/${id}/stdout?feed=longpoll&offset=0&timeout=20`, {
      headers: AUTH,
    });
    expect(await backlog.text()).toBe('ECHO\n');

    // Without an offset the backlog is not answered again: nothing new within the timeout is an empty 200.
    const idle = await hub.fetch(`/streams/${id}/stdout?feed=longpoll&timeout=1`, { headers: AUTH });
    expect(await idle.text()).toBe('');
    expect(idle.headers.get('x-stream-offset')).toBe('5');

    // ... and what is printed after it asked is: keep typing until the poll answers.
    let answered = false;
    const poll = hub
      .fetch(`/streams/${id}/stdout?feed=longpoll&timeout=20`, { headers: AUTH })
      .then(async (res) => {
        answered = true;
        return res.text();
      });
    while (!answered) await stdin(id, 'next\n');
    const text = await poll;
    expect(text).toMatch(/^(next\n)+$/);
  });

  it('sends ProcessOutputEvent and ProcessExitedEvent over socket.io', async () => {
    const events = new EventCollector(client);
    await client.emitWithAck('subscribe', { types: ['ProcessOutputEvent', 'ProcessExitedEvent'] });
    const id = await start(['sh', '-c', 'echo hi']);
    const received = await events.waitFor(1, (e) => e.args.type === 'ProcessExitedEvent' && e.args.id === id);
    expect(received[0].args).toMatchObject({ exit_code: 0 });
    const output = events.events.filter((e) => e.args.type === 'ProcessOutputEvent' && e.args.id === id);
    expect(output.map((e) => e.args.data).join('')).toBe('hi\n');
    expect(output[0].args.stream).toBe('stdout');
  });

  it('answers unknown processes and streams with 404, bad input with 400', async () => {
    expect((await hub.fetch('/streams/nope/stdout', { headers: AUTH })).status).toBe(404);
    const id = await start(['cat']);
    expect((await hub.fetch(`/streams/${id}/stdlog`, { headers: AUTH })).status).toBe(404);
    expect((await hub.fetch(`/streams/${id}/stdout?feed=ftp`, { headers: AUTH })).status).toBe(400);
    const bad = await hub.fetch(`/streams/${id}/stdin`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 1 }),
    });
    expect(bad.status).toBe(400);
  });
});
