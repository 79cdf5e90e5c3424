import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ClusterLease } from '@hub/cluster';
import { configureLogger } from '@hub/common';
import { loadConfig } from '@hub/config';
import type { HubEvent } from '@hub/messages';
import type { ActionDispatcher } from '@hub/plugins';

import { DeferredEventBus } from '../../../../test/support/deferred-bus';
import { AutomationService } from '../automation.service';
import { WebhookService } from './webhook.service';
import type { WebhookCall } from './webhook-request';

const CONFIG = `
event.hook.Answer:
  if: {type: WebhookEvent, hook: door}
  then:
    - response: {status: 201, body: {door: '\${data.state}'}}
`;

/** No actions: the hook above only answers. */
const noActions: ActionDispatcher = {
  execute: () => Promise.reject(new Error('no actions in this test')),
  has: () => false,
  registerDynamic: () => () => undefined,
};

const call = (name: string, body: unknown): WebhookCall => ({
  name,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  query: {},
  rawBody: Buffer.from(JSON.stringify(body)),
  contentType: 'application/json',
});

describe(`${WebhookService.name} on a bus that delivers on a later tick`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-webhook-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => configureLogger('silent'));

  function engine() {
    writeFileSync(join(dir, 'config.yaml'), CONFIG);
    const config = loadConfig({ configPath: join(dir, 'config.yaml'), cwd: dir, env: {} });
    const bus = new DeferredEventBus();
    const automation = new AutomationService(config, bus, noActions, new ClusterLease(null));
    automation.start();
    return { bus, automation, webhooks: new WebhookService(config, automation) };
  }

  it("answers with the hook's reply, and every other listener still gets the event once", async () => {
    const { bus, automation, webhooks } = engine();
    const seen: HubEvent[] = [];
    bus.subscribe((event) => void seen.push(event));

    const reply = await webhooks.handle(call('door', { state: 'open' }));

    expect(reply).toEqual({ status: 201, headers: {}, body: { door: 'open' } });
    // The reply came before the bus delivered anything: the outcome did not wait for the bus.
    expect(seen).toEqual([]);
    await bus.delivered();
    expect(seen.map((e) => [e.args.type, (e.args as { hook?: string }).hook])).toEqual([
      ['WebhookEvent', 'door'],
    ]);
    automation.stop();
  });

  it('runs the hooks once: the bus copy does not run them again', async () => {
    const { bus, automation, webhooks } = engine();
    let runs = 0;
    const hook = automation.index.get('Answer')!;
    const run = hook.run.bind(hook);
    hook.run = (event, answer) => {
      runs++;
      return run(event, answer);
    };

    await webhooks.handle(call('door', { state: 'shut' }));
    await bus.delivered();

    expect(runs).toBe(1);
    expect(bus.lastSeq()).toBe(1);
    automation.stop();
  });
});
