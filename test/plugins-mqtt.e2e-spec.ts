import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, execute, run, TOKEN, TOKEN_CONFIG } from './support/execute-client';
import { Mosquitto } from './support/services/mosquitto';
import { mqttClient, nextMessage } from './support/services/mqtt-client';
import { connectSocket } from './support/socket-client';
import { bootHub, spawnBuiltHub, tempDirs, type TestHub, writeConfigDir } from './support/test-hub';
import { makeSelfSignedCert } from './support/tls-cert';
import { waitFor } from './support/wait-for';

const tempDir = tempDirs('hub-mqtt-');

function mqttConfig(broker: Mosquitto, extra = ''): string {
  return `${TOKEN_CONFIG}
mqtt:
  host: ${broker.host}
  port: ${broker.port}
  topics: ['tele/+/SENSOR', 'raw/#']
${extra}
event.hook.PlugPower:
  if:
    type: MQTTMessageEvent
    topic: 'tele/+/SENSOR'
  then:
    - action: variable.set
      args: {power: '\${msg.ENERGY.Power}', from_topic: '\${topic}'}
`;
}

async function pluginState(hub: TestHub): Promise<Record<string, { status: string; error?: string }>> {
  const res = await hub.fetch('/api/v1/plugins/mqtt', { headers: AS_OWNER });
  return ((await res.json()) as { state: Record<string, { status: string }> }).state;
}

const connected = (hub: TestHub, broker: Mosquitto) =>
  waitFor(async () => (await pluginState(hub))[`${broker.host}:${broker.port}`]?.status === 'connected', {
    what: 'mqtt connected',
  });

describe('mqtt plugin against a real mosquitto', () => {
  let broker: Mosquitto;
  let hub: TestHub;
  let device: MqttClient;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    hub = await bootHub({ config: mqttConfig(broker) });
    await connected(hub, broker);
    device = await mqttClient(broker);
  });
  afterAll(async () => {
    await device?.endAsync();
    await hub?.stop();
    await broker?.dispose();
  });

  it('posts MQTTMessageEvent with the JSON payload parsed, and the hook on tele/+/SENSOR runs', async () => {
    const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'tele/plug1/SENSOR');
    await device.publishAsync('tele/plug1/SENSOR', JSON.stringify({ ENERGY: { Power: 42 } }));
    expect((await event).args).toEqual({
      type: 'MQTTMessageEvent',
      topic: 'tele/plug1/SENSOR',
      msg: { ENERGY: { Power: 42 } },
      host: broker.host,
      port: broker.port,
      qos: 0,
      retain: false,
    });
    await waitFor(
      async () => {
        const { power } = (await run(hub, 'variable.get', { name: 'power' })) as { power: unknown };
        return power === 42;
      },
      { what: 'the hook to set power' },
    );
    expect(await run(hub, 'variable.get', { name: 'from_topic' })).toEqual({
      from_topic: 'tele/plug1/SENSOR',
    });
  });

  it('does not run the hook for a topic outside the filter', async () => {
    await run(hub, 'variable.unset', { name: 'from_topic' });
    const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/plug1/SENSOR');
    await device.publishAsync('raw/plug1/SENSOR', JSON.stringify({ ENERGY: { Power: 7 } }));
    await event;
    const matched = (await (
      await hub.fetch('/api/v1/hooks/match', {
        method: 'POST',
        headers: { ...AS_OWNER, 'content-type': 'application/json' },
        body: JSON.stringify({ event: { type: 'MQTTMessageEvent', topic: 'raw/plug1/SENSOR' } }),
      })
    ).json()) as { hooks: unknown[] };
    expect(matched.hooks).toEqual([]);
    expect(await run(hub, 'variable.get', { name: 'from_topic' })).toEqual({ from_topic: null });
  });

  it('keeps text as text and gives a payload that is not UTF-8 as base64', async () => {
    const text = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/text');
    await device.publishAsync('raw/text', 'ON');
    expect((await text).args.msg).toBe('ON');
    const bytes = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/bytes');
    await device.publishAsync('raw/bytes', Buffer.from([0xff, 0x00, 0xc3, 0x28]));
    const args = (await bytes).args;
    expect(args.binary).toBe(true);
    expect(Buffer.from(args.msg as string, 'base64')).toEqual(Buffer.from([0xff, 0x00, 0xc3, 0x28]));
  });

  it('drops a message over max_payload_bytes instead of posting it', async () => {
    const seen = collectEvents(hub, 'MQTTMessageEvent');
    await device.publishAsync('raw/big', Buffer.alloc(300 * 1024, 0x61));
    // Messages arrive in order: once the one sent after it is posted, the big one had its turn.
    const after = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/after');
    await device.publishAsync('raw/after', 'x');
    await after;
    seen.stop();
    expect(seen.events.map((e) => (e.args as { topic?: string }).topic)).toEqual(['raw/after']);
  });

  it('publishes objects as JSON and strings as they are, with qos and retain', async () => {
    await device.subscribeAsync('lights/#');
    const json = nextMessage(device, 'lights/hall');
    expect(
      await run(hub, 'mqtt.publish', { topic: 'lights/hall', msg: { state: 'ON', brightness: 80 } }),
    ).toEqual({
      success: true,
    });
    expect(JSON.parse((await json).toString())).toEqual({ state: 'ON', brightness: 80 });
    const text = nextMessage(device, 'lights/porch');
    await run(hub, 'mqtt.publish', { topic: 'lights/porch', msg: 'OFF', qos: 1, retain: true });
    expect((await text).toString()).toBe('OFF');
    // Retained: a client connecting later still gets it.
    const late = await mqttClient(broker);
    try {
      const retained = nextMessage(late, 'lights/porch');
      await late.subscribeAsync('lights/porch');
      expect((await retained).toString()).toBe('OFF');
    } finally {
      await late.endAsync();
    }
  });

  it('subscribes and unsubscribes at run time', async () => {
    await run(hub, 'mqtt.subscribe', { topic: 'doors/+' });
    const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'doors/front');
    await device.publishAsync('doors/front', 'open');
    expect((await event).args.msg).toBe('open');
    await run(hub, 'mqtt.unsubscribe', { topic: 'doors/+' });
    const seen = collectEvents(hub, 'MQTTMessageEvent');
    await device.publishAsync('doors/back', 'open');
    const marker = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/marker');
    await device.publishAsync('raw/marker', 'x');
    await marker;
    seen.stop();
    expect(seen.events.map((e) => (e.args as { topic?: string }).topic)).toEqual(['raw/marker']);
  });

  it('waits for the reply on reply_topic and returns it parsed; times out with a 504', async () => {
    await device.subscribeAsync('rpc/ask');
    device.on('message', (topic, payload) => {
      if (topic === 'rpc/ask')
        void device.publishAsync('rpc/answer', JSON.stringify({ echo: payload.toString() }));
    });
    expect(
      await run(hub, 'mqtt.publish', { topic: 'rpc/ask', msg: 'ping', reply_topic: 'rpc/answer' }),
    ).toEqual({
      echo: 'ping',
    });
    const started = Date.now();
    const { status, body } = await execute(hub, {
      action: 'mqtt.publish',
      args: { topic: 'rpc/nobody', msg: 'x', reply_topic: 'rpc/silence', timeout: 0.3 },
    });
    expect(status).toBe(504);
    expect(body.response.errors[0]).toMatch(/no reply on 'rpc\/silence'/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses wildcards in a topic to publish to and malformed filters with 400', async () => {
    const publish = await execute(hub, { action: 'mqtt.publish', args: { topic: 'a/+', msg: 1 } });
    expect(publish.status).toBe(400);
    expect(publish.body.response.errors[0]).toMatch(/^topic:/);
    const subscribe = await execute(hub, { action: 'mqtt.subscribe', args: { topic: 'a/#/b' } });
    expect(subscribe.status).toBe(400);
    const other = await execute(hub, {
      action: 'mqtt.publish',
      args: { topic: 'a', msg: 1, host: '10.0.0.1' },
    });
    expect(other.status).toBe(400);
    expect(other.body.response.errors.join(' ')).toMatch(
      /host: not the mqtt section or one of its listeners/,
    );
  });

  it('lists the plugin with its config schema and connection state, never its values', async () => {
    const res = await hub.fetch('/api/v1/plugins/mqtt', { headers: AS_OWNER });
    const plugin = (await res.json()) as {
      enabled: boolean;
      config: { properties: Record<string, unknown> };
      actions: Array<{ name: string }>;
      state: Record<string, unknown>;
    };
    expect(plugin.enabled).toBe(true);
    expect(plugin.config.properties).toHaveProperty('topics');
    expect(plugin.config.properties).toHaveProperty('listeners');
    expect(plugin.actions.map((a) => a.name)).toEqual(['publish', 'subscribe', 'unsubscribe']);
    expect(plugin.state[`${broker.host}:${broker.port}`]).toMatchObject({
      status: 'connected',
      topics: ['tele/+/SENSOR', 'raw/#'],
    });
  });

  it('refuses a forged MQTTMessageEvent from a socket.io client (it would fire MQTT hooks)', async () => {
    const socket = await connectSocket(hub.url, { token: TOKEN });
    try {
      const ack = (await socket.emitWithAck('post', {
        type: 'MQTTMessageEvent',
        topic: 'tele/forged/SENSOR',
        msg: { ENERGY: { Power: 999 } },
      })) as { ok: boolean; error?: string };
      expect(ack.ok).toBe(false);
      expect(ack.error).toMatch(/MQTTMessageEvent/);
    } finally {
      socket.close();
    }
    expect(await run(hub, 'variable.get', { name: 'power' })).not.toEqual({ power: 999 });
  });

  it('reconnects and resubscribes after the broker is killed and comes back', async () => {
    await run(hub, 'mqtt.subscribe', { topic: 'runtime/added' });
    const lost = nextEvent(hub, 'MQTTDisconnectedEvent');
    await broker.kill();
    expect((await lost).args).toMatchObject({ host: broker.host, port: broker.port });
    // While it is down: the hub answers, publishing fails with a clear 502.
    const down = await execute(hub, { action: 'mqtt.publish', args: { topic: 'x', msg: 1 } });
    expect(down.status).toBe(502);
    expect(down.body.response.errors[0]).toMatch(/not connected/);
    expect((await hub.fetch('/healthz')).status).toBe(200);

    const back = nextEvent(hub, 'MQTTConnectedEvent', () => true, 10_000);
    await broker.start();
    await back;
    const client = await mqttClient(broker);
    try {
      const configured = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'raw/again');
      await client.publishAsync('raw/again', '1');
      await configured;
      const runtime = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'runtime/added');
      await client.publishAsync('runtime/added', '2');
      expect((await runtime).args.msg).toBe(2);
    } finally {
      await client.endAsync();
    }
    await device.endAsync();
    device = await mqttClient(broker);
  });
});

describe('mqtt plugin with the broker down at start', () => {
  it('boots, reports the broker as not connected, and connects once it comes up', async () => {
    const broker = await Mosquitto.prepare();
    const hub = await bootHub({ config: mqttConfig(broker) });
    try {
      const state = (await pluginState(hub))[`${broker.host}:${broker.port}`];
      expect(state.status).not.toBe('connected');
      const { status } = await execute(hub, { action: 'mqtt.publish', args: { topic: 'x', msg: 1 } });
      expect(status).toBe(502);
      const up = nextEvent(hub, 'MQTTConnectedEvent', () => true, 10_000);
      await broker.start();
      await up;
      const client = await mqttClient(broker);
      try {
        const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'tele/late/SENSOR');
        await client.publishAsync('tele/late/SENSOR', '{"ENERGY":{"Power":1}}');
        expect((await event).args.msg).toEqual({ ENERGY: { Power: 1 } });
      } finally {
        await client.endAsync();
      }
    } finally {
      await hub.stop();
      await broker.dispose();
    }
  });
});

describe('mqtt plugin over TLS with a username and password, and extra listeners', () => {
  it('connects with tls_cafile and credentials, listens on a second broker, and reports refused credentials', async () => {
    const cert = makeSelfSignedCert(tempDir());
    const secure = await Mosquitto.start({ tls: cert, users: { hub: 'hub-broker-secret' } });
    const second = await Mosquitto.start();
    const config = (password: string) => `${TOKEN_CONFIG}
mqtt:
  host: ${secure.host}
  port: ${secure.port}
  username: hub
  password: ${password}
  tls_cafile: ${cert.cert}
  topics: ['secure/#']
  listeners:
    - host: ${second.host}
      port: ${second.port}
      topics: ['second/#']
`;
    const hub = await bootHub({ config: config('hub-broker-secret') });
    try {
      await connected(hub, secure);
      await connected(hub, second);
      const device = await mqttClient(secure, {
        protocol: 'mqtts',
        ca: cert.pem,
        username: 'hub',
        password: 'hub-broker-secret',
      });
      try {
        const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'secure/x');
        await device.publishAsync('secure/x', '{"ok":true}');
        expect((await event).args).toMatchObject({ msg: { ok: true }, port: secure.port });
      } finally {
        await device.endAsync();
      }
      const other = await mqttClient(second);
      try {
        const event = nextEvent(hub, 'MQTTMessageEvent', (e) => e.args.topic === 'second/y');
        await other.publishAsync('second/y', 'hi');
        expect((await event).args).toMatchObject({ msg: 'hi', port: second.port });
        // publish to the listener broker by host/port
        await other.subscribeAsync('out/z');
        const out = nextMessage(other, 'out/z');
        await run(hub, 'mqtt.publish', {
          topic: 'out/z',
          msg: 'via listener',
          host: second.host,
          port: second.port,
        });
        expect((await out).toString()).toBe('via listener');
      } finally {
        await other.endAsync();
      }
    } finally {
      await hub.stop();
    }

    const refused = await bootHub({ config: config('wrong-password') });
    try {
      const state = await waitFor(async () => {
        const s = (await pluginState(refused))[`${secure.host}:${secure.port}`];
        return s.error ? s : null;
      });
      expect(state.status).not.toBe('connected');
      expect(state.error).toMatch(/not authorized|bad user name or password/i);
      expect(JSON.stringify(await pluginState(refused))).not.toContain('wrong-password');
    } finally {
      await refused.stop();
      await secure.dispose();
      await second.dispose();
    }
  });
});

describe('mqtt config section', () => {
  it('is off until configured', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      const { status, body } = await execute(hub, { action: 'mqtt.publish', args: { topic: 'a', msg: 1 } });
      expect(status).toBe(404);
      expect(body.response.errors[0]).toMatch(/disabled/);
    } finally {
      await hub.stop();
    }
  });

  it('refuses a malformed topic filter and unknown keys with their lines', async () => {
    const failure = await bootHub({
      config: `${TOKEN_CONFIG}mqtt:\n  host: 127.0.0.1\n  topics: ['a/#/b']\n  colour: blue\n`,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toMatch(/mqtt\.topics\.0: '#' must be .*\(config\.yaml:4\)/);
    expect(message).toMatch(/mqtt: unknown key 'colour'/);
  });

  it('never logs the broker password, even at debug level with the broker refusing it', async () => {
    const broker = await Mosquitto.start({ users: { hub: 'the-right-one' } });
    const dir = tempDir();
    const password = 'mqtt-password-never-logged';
    writeConfigDir(dir, {
      config: `logging:\n  level: debug\nmqtt:\n  host: ${broker.host}\n  port: ${broker.port}\n  username: hub\n  password: ${password}\n`,
    });
    const hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
    try {
      await waitFor(() => /mqtt: connection error/.test(hub.output()), { what: 'the refusal in the log' });
      expect(hub.output()).toMatch(/Not authorized/i);
      expect(hub.output()).not.toContain(password);
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
      await broker.dispose();
    }
  });
});
