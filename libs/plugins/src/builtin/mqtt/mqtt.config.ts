import { z } from 'zod';

import { topicFilterError } from '@hub/common';

const topicFilter = z.string().superRefine((value, ctx) => {
  const error = topicFilterError(value);
  if (error) ctx.addIssue({ code: 'custom', message: error });
});

/** Connection keys shared by the main broker and each of `listeners` (platypush's names). */
const brokerKeys = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(1883),
  /** Topic filters subscribed to on every (re)connect; each message → MQTTMessageEvent. */
  topics: z.array(topicFilter).default([]),
  username: z.string().optional(),
  password: z.string().optional(),
  client_id: z.string().min(1).max(128).optional(),
  /** Any tls_* key turns TLS on. Paths are relative to the config dir. */
  tls_cafile: z.string().optional(),
  tls_certfile: z.string().optional(),
  tls_keyfile: z.string().optional(),
  tls_version: z.enum(['TLSv1.2', 'TLSv1.3', 'tlsv1.2', 'tlsv1.3']).optional(),
  tls_ciphers: z.string().optional(),
  /** Accept a certificate that does not verify (self-signed without its CA). */
  tls_insecure: z.boolean().default(false),
};

export const mqttBrokerSchema = z.strictObject(brokerKeys);
export type MqttBrokerOptions = z.output<typeof mqttBrokerSchema>;

/** `mqtt:` section of config.yaml. */
export const mqttConfigSchema = z.strictObject({
  ...brokerKeys,
  /** More brokers to subscribe on (platypush `listeners`). */
  listeners: z.array(mqttBrokerSchema).default([]),
  /** Seconds `publish {reply_topic}` waits for the reply, unless the call gives `timeout`. */
  timeout: z.number().positive().max(600).default(60),
  /** Messages larger than this are dropped (logged), never posted as events. */
  max_payload_bytes: z
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /**
   * platypush executed requests published under this prefix, with no authentication. hub accepts
   * the key so old files load, and never executes MQTT messages: use a hook on MQTTMessageEvent.
   */
  run_topic_prefix: z.string().optional(),
});
export type MqttOptions = z.output<typeof mqttConfigSchema>;
