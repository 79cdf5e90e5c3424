import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, bearer, issueToken, json, login, register } from './support/auth-client';
import { execute } from './support/execute-client';
import { type MetricFamily, parseMetrics, sampleValue } from './support/prometheus-text';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const GLOBAL_TOKEN = 'metrics-tests-global-token';
const CONFIG = `token: ${GLOBAL_TOKEN}
event.hook.Ping:
  if: {type: WebhookEvent, hook: ping}
  then:
    - response: {pong: true}
event.hook.Broken:
  if: {type: WebhookEvent, hook: broken}
  then:
    - action: util.no_such_action
`;

/** Every family api.md §9 lists, plus samples of the default process metrics. */
const FAMILIES = [
  'hub_http_requests_total',
  'hub_http_request_duration_seconds',
  'hub_actions_total',
  'hub_action_duration_seconds',
  'hub_events_total',
  'hub_hook_runs_total',
  'hub_socket_clients',
  'hub_feed_clients',
  'hub_login_failures_total',
  'process_cpu_user_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_seconds',
];

function randomPath(): string {
  return randomBytes(6).toString('hex');
}

/** Every value each label takes across a family's samples. */
function labelValues(family: MetricFamily | undefined, label: string): Set<string> {
  return new Set((family?.samples ?? []).map((s) => s.labels[label]).filter((v) => v !== undefined));
}

describe('GET /metrics', () => {
  let hub: TestHub;
  const scrape = async (headers: Record<string, string> = { 'x-token': GLOBAL_TOKEN }) => {
    const res = await hub.fetch('/metrics', { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(await res.text());
  };

  beforeAll(async () => {
    hub = await bootHub({ config: CONFIG });
    await register(hub);
  });
  afterAll(() => hub.stop());

  it('lists every family of api.md §9 and the default process metrics', async () => {
    const families = await scrape();
    for (const name of FAMILIES) expect(families.has(name), name).toBe(true);
    expect(families.get('hub_http_request_duration_seconds')!.type).toBe('histogram');
    expect(families.get('hub_socket_clients')!.type).toBe('gauge');
  });

  it('keeps labels bounded after 1,000 requests to random URLs, with route patterns only', async () => {
    const made: string[] = [];
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const id = randomPath();
          made.push(id);
          // Unmatched paths, a parametrised route, odd query strings and random action names.
          const paths = [`/${id}`, `/hook/${id}?x=${id}`, `/hook/ping?x=${id}`, `/resources/${id}/${id}.txt`];
          if (j % 5 === 4) {
            return execute(
              hub,
              { type: 'request', action: `x${id}.y${id}`, args: {} },
              { 'x-token': GLOBAL_TOKEN },
            ).then(() => undefined);
          }
          return hub.fetch(paths[j % paths.length], { headers: { 'x-token': GLOBAL_TOKEN } });
        }),
      );
    }
    const families = await scrape();
    const text = [...families.values()].flatMap((f) => f.samples.map((s) => JSON.stringify(s))).join('\n');
    for (const id of made.slice(0, 50)) expect(text).not.toContain(id);

    const requests = families.get('hub_http_requests_total')!;
    const routes = labelValues(requests, 'route');
    expect(routes).toContain('/hook/:name');
    expect(routes).toContain('/execute');
    expect(routes).toContain('(unmatched)');
    expect(routes.size).toBeLessThan(20);
    expect(requests.samples.length).toBeLessThan(50);
    expect(sampleValue(families, 'hub_http_requests_total', { route: '/hook/:name' })).toBeGreaterThanOrEqual(
      200,
    );
    const durations = families.get('hub_http_request_duration_seconds')!;
    expect(labelValues(durations, 'route').size).toBe(routes.size);

    const actions = labelValues(families.get('hub_actions_total'), 'action');
    expect(actions).toContain('(unknown)');
    expect(actions.size).toBeLessThan(10);
    expect(sampleValue(families, 'hub_actions_total', { action: '(unknown)', outcome: 'not_found' })).toBe(
      200,
    );
    // One WebhookEvent per /hook/ call, all under one type label.
    expect(labelValues(families.get('hub_events_total'), 'type')).toEqual(new Set(['WebhookEvent']));
  });

  it('counts actions by outcome and times them', async () => {
    const before = await scrape();
    const ok = { type: 'request', action: 'util.sleep', args: { seconds: 0 } };
    for (let i = 0; i < 3; i++)
      expect((await execute(hub, ok, { 'x-token': GLOBAL_TOKEN })).status).toBe(200);
    const bad = { type: 'request', action: 'util.sleep', args: { seconds: 'soon' } };
    expect((await execute(hub, bad, { 'x-token': GLOBAL_TOKEN })).status).toBe(400);
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      sampleValue(after, 'hub_actions_total', labels) - sampleValue(before, 'hub_actions_total', labels);
    expect(delta({ action: 'util.sleep', outcome: 'success' })).toBe(3);
    expect(delta({ action: 'util.sleep', outcome: 'bad_request' })).toBe(1);
    expect(
      sampleValue(
        after,
        'hub_action_duration_seconds',
        { action: 'util.sleep' },
        'hub_action_duration_seconds_count',
      ),
    ).toBeGreaterThanOrEqual(4);
  });

  it('counts hook runs by hook and outcome, and failed logins', async () => {
    const before = await scrape();
    expect((await hub.fetch('/hook/ping', json({}))).status).toBe(200);
    await hub.fetch('/hook/broken', json({}));
    await hub.fetch('/login', json({ username: ADMIN.username, password: 'not the password' }));
    await expect
      .poll(async () =>
        sampleValue(await scrape(), 'hub_hook_runs_total', { hook: 'Broken', outcome: 'failed' }),
      )
      .toBe(1);
    const families = await scrape();
    const ping = { hook: 'Ping', outcome: 'success' };
    expect(
      sampleValue(families, 'hub_hook_runs_total', ping) - sampleValue(before, 'hub_hook_runs_total', ping),
    ).toBe(1);
    expect(sampleValue(families, 'hub_login_failures_total')).toBeGreaterThanOrEqual(1);
  });

  it('counts connected socket.io clients', async () => {
    const socket = await connectSocket(hub.url, { token: GLOBAL_TOKEN });
    try {
      expect(sampleValue(await scrape(), 'hub_socket_clients')).toBe(1);
    } finally {
      socket.close();
    }
    await expect.poll(async () => sampleValue(await scrape(), 'hub_socket_clients')).toBe(0);
  });

  it('is for administrators and metrics:read tokens only', async () => {
    expect((await hub.fetch('/metrics')).status).toBe(401);
    const admin = await login(hub);
    expect((await hub.fetch('/metrics', { headers: { 'x-session-token': admin.token } })).status).toBe(200);
    const reader = await issueToken(hub, { name: 'prometheus', scopes: ['metrics:read'] });
    await scrape(bearer(reader.token));
    const other = await issueToken(hub, { name: 'lights', scopes: ['light.*'] });
    expect((await hub.fetch('/metrics', { headers: bearer(other.token) })).status).toBe(403);

    const user = { username: 'guest', password: 'guest password 1' };
    expect((await hub.fetch('/users', json(user, { 'x-session-token': admin.token }))).status).toBe(201);
    const guest = await login(hub, user);
    const denied = await hub.fetch('/metrics', { headers: { 'x-session-token': guest.token } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { message: string }).message).toMatch(/metrics:read/);
    // A `*` token is not a metrics:read token: it carries its owner's rights, no more.
    const everything = await issueToken(hub, { name: 'all', scopes: ['*'] }, user);
    expect((await hub.fetch('/metrics', { headers: bearer(everything.token) })).status).toBe(403);
    const adminEverything = await issueToken(hub, { name: 'all', scopes: ['*'] });
    await scrape(bearer(adminEverything.token));
  });
});

describe('metrics.enabled: false', () => {
  it('answers 404 on /metrics', async () => {
    const hub = await bootHub({ config: `token: ${GLOBAL_TOKEN}\nmetrics:\n  enabled: false\n` });
    try {
      const res = await hub.fetch('/metrics', { headers: { 'x-token': GLOBAL_TOKEN } });
      expect(res.status, await res.clone().text()).toBe(404);
    } finally {
      await hub.stop();
    }
  });
});

describe(parseMetrics.name, () => {
  it('rejects malformed text and histograms whose buckets are not cumulative', () => {
    expect(() => parseMetrics('# TYPE a counter\na{b="1" 2\n')).toThrow(/line 2/);
    expect(() => parseMetrics('a 1\n')).toThrow(/before any/);
    const histogram = '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n';
    expect(() => parseMetrics(histogram)).toThrow(/cumulative/);
  });
});
