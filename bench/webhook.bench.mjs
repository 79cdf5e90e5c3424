// Webhook ingest: POST /hook/bench answered by one YAML hook, on a hub with only that hook and
// on one with 10,000 more hooks on other event types. Matching is indexed by event type, so the
// second must keep ≥ 0.9× the first's ratio to the bare server.
import { compare } from './lib/load.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';

export const description = 'POST /hook/:name with 1 hook vs 10,000 hooks on other types, vs bare node:http';

const ANSWERING_HOOK = `
event.hook.Bench:
  if: {type: WebhookEvent, hook: bench}
  then:
    - response: {status: 200, body: {ok: true, n: '\${data.n}'}}
`;

function otherHooks(count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      `event.hook.Other${i}:`,
      `  if: {type: Sensor${i % 500}Event, room: room${i}, temperature: {$gt: ${i % 40}}}`,
      '  then:',
      '    - action: logger.info',
      `      args: {msg: 'hook ${i}'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 1}' };

export async function run() {
  const bare = await startBareServer();
  const rows = [];
  try {
    let oneRatio = null;
    for (const [name, config] of [
      ['webhook, 1 hook', ANSWERING_HOOK],
      ['webhook, 1 hook + 10,000 on other types', ANSWERING_HOOK + otherHooks(10_000)],
    ]) {
      const hub = await startHub({ config });
      try {
        const r = await compare(
          { url: `${bare.url}/`, ...request },
          { url: `${hub.url}/hook/bench`, ...request },
        );
        if (r.hub.bad > 0) throw new Error(`${name}: ${r.hub.bad} failed requests`);
        const row = { name, ...r.hub, ratio: r.ratio, extra: `bare ${Math.round(r.base.rps)} req/s` };
        if (oneRatio === null) oneRatio = r.ratio;
        else {
          const relative = r.ratio / oneRatio;
          Object.assign(row, {
            target: '>= 0.9x the 1-hook ratio',
            pass: relative >= 0.9,
            extra: `${row.extra}, ${relative.toFixed(2)}x the 1-hook ratio`,
          });
        }
        rows.push(row);
      } finally {
        await hub.stop();
      }
    }
    return rows;
  } finally {
    await bare.stop();
  }
}
