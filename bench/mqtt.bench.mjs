// MQTT ingest: messages published at a steady 500/s on bench/in; the hub posts MQTTMessageEvent,
// a hook matches it and runs mqtt.publish to bench/out, where the bench measures the round trip.
// The bare equivalent is a plain MQTT.js client republishing in → out (same broker, same rate).
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { interleaved } from './lib/load.mjs';
import { startHub } from './lib/processes.mjs';
import { startMosquitto } from './lib/services.mjs';

export const description =
  'MQTT message → MQTTMessageEvent → hook → mqtt.publish at 500 msg/s, vs a bare MQTT.js echo';

const here = dirname(fileURLToPath(import.meta.url));
const RATE = 500;

const hookConfig = (port) => `
mqtt:
  host: 127.0.0.1
  port: ${port}
  topics: [bench/in]
event.hook.Echo:
  if: {type: MQTTMessageEvent, topic: bench/in}
  then:
    - action: mqtt.publish
      args: {topic: bench/out, msg: '\${msg}'}
`;

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Publishes RATE msg/s on `inTopic` for `duration` s; latencies of the echoes on `outTopic`. */
async function measureEcho(client, { inTopic, outTopic, duration }) {
  const sent = new Map();
  const latencies = [];
  const onMessage = (topic, payload) => {
    if (topic !== outTopic) return;
    const id = JSON.parse(payload.toString()).id;
    const at = sent.get(id);
    if (at === undefined) return;
    latencies.push(performance.now() - at);
    sent.delete(id);
  };
  client.on('message', onMessage);
  const total = RATE * duration;
  const started = performance.now();
  let next = 0;
  await new Promise((done) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      for (; next < due; next++) {
        sent.set(next, performance.now());
        client.publish(inTopic, JSON.stringify({ id: next, pad: 'x'.repeat(64) }));
      }
      if (next >= total) {
        clearInterval(tick);
        done();
      }
    }, 1);
  });
  // Give the last echoes up to 2 s; anything later counts as lost.
  const deadline = performance.now() + 2000;
  while (sent.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  client.off('message', onMessage);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rps: latencies.length / duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    requests: total,
    bad: sent.size,
    samples: latencies,
  };
}

export async function run() {
  const broker = await startMosquitto();
  const hub = await startHub({ config: hookConfig(broker.port) });
  const bare = fork(join(here, 'lib/bare-mqtt-echo.mjs'), [String(broker.port)], { stdio: 'inherit' });
  await new Promise((res, rej) => {
    bare.once('message', res);
    bare.once('exit', (code) => rej(new Error(`bare echo exited ${code}`)));
  });
  const client = await connectAsync({ host: '127.0.0.1', port: broker.port });
  try {
    await client.subscribeAsync(['bench/out', 'bench/bare/out']);
    // The hub subscribes after it listens: wait until one echo comes back.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = await measureEcho(client, { inTopic: 'bench/in', outTopic: 'bench/out', duration: 0.05 });
      if (probe.samples.length > 0) break;
      if (Date.now() > deadline) throw new Error('the hub never echoed a message');
    }
    const measure = (target) => measureEcho(client, target);
    const { base, subjects } = await interleaved(
      { inTopic: 'bench/bare/in', outTopic: 'bench/bare/out' },
      [{ inTopic: 'bench/in', outTopic: 'bench/out' }],
      5,
      { measure, ratio: (x, b) => x.p99 / b.p99 },
    );
    const [hubRuns] = subjects;
    const all = (runs) => runs.flatMap((r) => r.samples).sort((a, b) => a - b);
    const hubAll = all(hubRuns.runs);
    const p50 = percentile(hubAll, 0.5);
    const p99 = percentile(hubAll, 0.99);
    const lost = hubRuns.bad;
    return [
      {
        name: `MQTT → event → hook → mqtt.publish @${RATE}/s`,
        p50: p50.toFixed(1),
        p99: p99.toFixed(1),
        ratio: hubRuns.ratio,
        extra: `p99 ratio to bare echo (bare p50 ${base.p50} ms); ${lost} of ${hubRuns.requests} lost`,
        target: 'p99 < 20 ms, none lost',
        pass: p99 < 20 && lost === 0,
      },
    ];
  } finally {
    await client.endAsync();
    await new Promise((r) => {
      bare.once('exit', r);
      bare.kill('SIGTERM');
    });
    await hub.stop();
    await broker.stop();
  }
}
