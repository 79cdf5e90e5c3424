import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bootHub, type TestHub } from './support/test-hub';

describe('GET /healthz', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
  });
  afterAll(() => hub.stop());

  it('answers without credentials', async () => {
    const res = await hub.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with a JSON 404, not a stack trace', async () => {
    const res = await hub.fetch('/no/such/route');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(404);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js/);
  });

  it('answers a URL with malformed percent-encoding with a JSON 400', async () => {
    const res = await hub.fetch('/resources/photos/%c0%ae%2');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 400, error: 'bad_request' });
  });
});
