import { compare } from './lib/load.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';

export const description = 'GET /healthz (framework floor) vs a bare node:http server';

export async function run() {
  const bare = await startBareServer();
  const hub = await startHub();
  try {
    const r = await compare(
      { url: `${bare.url}/`, method: 'POST', body: '{}' },
      { url: `${hub.url}/healthz` },
    );
    return [
      { name: 'GET /healthz', ...r.hub, ratio: r.ratio, extra: `bare ${Math.round(r.base.rps)} req/s` },
    ];
  } finally {
    await hub.stop();
    await bare.stop();
  }
}
