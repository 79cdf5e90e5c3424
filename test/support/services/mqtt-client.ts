import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

import type { Mosquitto } from './mosquitto';

/** A plain MQTT.js client of the test (another device on the broker), ended by the caller. */
export function mqttClient(broker: Mosquitto, options: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync({ host: broker.host, port: broker.port, reconnectPeriod: 0, ...options });
}

/** The next message on `topic` seen by `client` (already subscribed). */
export function nextMessage(client: MqttClient, topic: string, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(payload);
    };
    client.on('message', onMessage);
  });
}
