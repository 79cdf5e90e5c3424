// The bare equivalent of "MQTT message → event → hook → mqtt.publish": one MQTT.js client that
// republishes every message on bench/bare/in to bench/bare/out. Reports ready over IPC.
import { connectAsync } from 'mqtt';

const client = await connectAsync({ host: '127.0.0.1', port: Number(process.argv[2]) });
client.on('message', (_topic, payload) => client.publish('bench/bare/out', payload));
await client.subscribeAsync('bench/bare/in');
process.send?.('ready');
process.on('SIGTERM', () => void client.endAsync().then(() => process.exit(0)));
