import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { configureLogger } from '@hub/common';

import { TOKEN, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

/**
 * Issue 10 (Low): the value of a hook's `secret_query` reached the request log, which only
 * redacted `token`-like names. It is now redacted by the configured name, for config hooks and
 * run-time hooks alike.
 */
const CONFIG = `${TOKEN_CONFIG}
logging:
  requests: true

event.hook.Doorbell:
  if: {type: WebhookEvent, hook: doorbell}
  webhook:
    secret_query: {name: ring_key, value: config-query-secret}
  then:
    - response: {rang: true}
`;

describe('the request log and secret_query', () => {
  let hub: TestHub;
  let lines: string[] = [];
  beforeAll(async () => {
    hub = await bootHub({ config: CONFIG });
    // In-process: the hub's loggers follow the root logger, here writing into `lines`.
    configureLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      }),
    );
  });
  afterAll(async () => {
    configureLogger('silent');
    await hub?.stop();
  });

  const requestLine = (marker: string) => {
    const line = lines.find((l) => l.includes('"context":"HTTP"') && l.includes(marker));
    if (!line) throw new Error(`no request log line with ${marker} in:\n${lines.join('\n')}`);
    return JSON.parse(line) as { url: string; status: number };
  };

  it("redacts a config hook's secret_query value, however the caller spells the name", async () => {
    lines = [];
    expect((await hub.fetch('/hook/doorbell?ring_key=config-query-secret&m=1')).status).toBe(200);
    expect((await hub.fetch('/hook/doorbell?ring%5Fkey=config-query-secret&m=2')).status).toBe(200);
    expect((await hub.fetch('/hook/doorbell?ring_key=a-wrong-guess&m=3')).status).toBe(401);
    expect(requestLine('m=1')).toMatchObject({ url: '/hook/doorbell?ring_key=[redacted]&m=1', status: 200 });
    expect(requestLine('m=2').url).toBe('/hook/doorbell?ring%5Fkey=[redacted]&m=2');
    expect(requestLine('m=3')).toMatchObject({ url: '/hook/doorbell?ring_key=[redacted]&m=3', status: 401 });
    expect(lines.join('\n')).not.toMatch(/config-query-secret|a-wrong-guess/);
  });

  it("redacts a run-time hook's secret_query value from the moment it exists", async () => {
    const created = await hub.fetch('/api/v1/hooks/Intercom', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        if: { type: 'WebhookEvent', hook: 'intercom' },
        webhook: { secret_query: { name: 'door_pin', value: 'runtime-query-secret' } },
        then: [{ response: { opened: true } }],
      }),
    });
    expect(created.status).toBe(200);
    lines = [];
    expect((await hub.fetch('/hook/intercom?door_pin=runtime-query-secret&m=4')).status).toBe(200);
    expect(requestLine('m=4').url).toBe('/hook/intercom?door_pin=[redacted]&m=4');
    expect(lines.join('\n')).not.toContain('runtime-query-secret');
  });
});
