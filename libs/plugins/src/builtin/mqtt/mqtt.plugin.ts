import { z } from 'zod';

import { HubError, topicFilterError, topicNameError } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext, PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import { mqttConfigSchema, type MqttOptions } from './mqtt.config';
import { MqttBroker } from './mqtt-broker';
import { decodePayload, encodePayload } from './mqtt-payload';

const checked = (check: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const error = check(value);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  });

const qos = z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0);
/** Which broker: the main one unless host/port name one of `listeners`. */
const brokerArgs = {
  host: z.string().optional().describe('a configured broker (default: the main one)'),
  port: z.number().int().optional(),
};

const publishArgs = z.strictObject({
  topic: checked(topicNameError),
  msg: z.unknown().describe('objects and arrays are sent as JSON, strings as they are'),
  qos,
  retain: z.boolean().default(false),
  reply_topic: checked(topicNameError)
    .optional()
    .describe('wait for the first message on this topic and return it'),
  timeout: z
    .number()
    .positive()
    .max(600)
    .optional()
    .describe('seconds to wait for the reply (default: config timeout)'),
  ...brokerArgs,
});
const subscribeArgs = z.strictObject({ topic: checked(topicFilterError), qos, ...brokerArgs });
const unsubscribeArgs = z.strictObject({ topic: checked(topicFilterError), ...brokerArgs });

/** MQTT over MQTT.js (platypush `mqtt`): publish, run-time subscriptions, MQTTMessageEvent. */
@Plugin({
  name: 'mqtt',
  doc: 'Publish to and subscribe on MQTT brokers; each message on a subscribed topic posts MQTTMessageEvent.',
  config: mqttConfigSchema,
  enabledByDefault: false,
})
export class MqttPlugin implements BackgroundPlugin<MqttOptions> {
  private brokers: MqttBroker[] = [];

  start(ctx: PluginContext<MqttOptions>): void {
    const { listeners, timeout: _t, max_payload_bytes, run_topic_prefix, ...main } = ctx.options;
    if (run_topic_prefix !== undefined) {
      ctx.log.warn(
        'mqtt.run_topic_prefix is ignored: hub never executes requests published over MQTT (they carry no credentials); use a hook on MQTTMessageEvent',
      );
    }
    this.brokers = [main, ...listeners].map((options) => new MqttBroker(options, ctx, max_payload_bytes));
    for (const broker of this.brokers) broker.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.stop()));
  }

  state(): Record<string, PluginState> {
    return Object.fromEntries(this.brokers.map((b) => [b.label, b.state()]));
  }

  @Action({
    doc: 'Publish `msg` on `topic`. With `reply_topic`, returns the first message on it (JSON parsed).',
    args: publishArgs,
    returns: z.unknown(),
    timeoutSeconds: 610,
  })
  async publish(args: z.output<typeof publishArgs>, ctx: ActionContext<MqttOptions>) {
    const broker = this.broker(args);
    const payload = encodePayload(args.msg);
    const send = () => broker.publish(args.topic, payload, args.qos, args.retain);
    if (!args.reply_topic) {
      await send();
      return;
    }
    const seconds = args.timeout ?? ctx.options.timeout;
    const reply = await broker.request(args.reply_topic, send, seconds * 1000, ctx.signal);
    return decodePayload(reply).msg;
  }

  @Action({
    doc: 'Subscribe to a topic filter (+ and # allowed) until unsubscribed; kept across reconnects.',
    args: subscribeArgs,
    returns: z.object({ success: z.literal(true) }),
  })
  async subscribe(args: z.output<typeof subscribeArgs>) {
    await this.broker(args).subscribe(args.topic, args.qos);
  }

  @Action({
    doc: 'Stop receiving a topic filter subscribed to before.',
    args: unsubscribeArgs,
    returns: z.object({ success: z.literal(true) }),
  })
  async unsubscribe(args: z.output<typeof unsubscribeArgs>) {
    await this.broker(args).unsubscribe(args.topic);
  }

  private broker(args: { host?: string; port?: number }): MqttBroker {
    if (args.host === undefined && args.port === undefined) return this.brokers[0];
    const found = this.brokers.find((b) =>
      b.is(args.host ?? this.brokers[0].options.host, args.port ?? this.brokers[0].options.port),
    );
    if (!found) {
      // Connecting to any host a caller names would let requests reach the network: only configured brokers.
      throw HubError.badRequest(`no configured MQTT broker ${args.host ?? ''}:${args.port ?? ''}`, [
        'host: not the mqtt section or one of its listeners',
      ]);
    }
    return found;
  }
}
