import { interleaved } from './lib/load.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';

export const description = 'GET /healthz (framework floor) vs a bare node:http server';

export async function run() {
  const bare = await startBareServer();
  const hub = await startHub();
  try {
    const { base, subjects } = await interleaved({ url: `${bare.url}/`, method: 'POST', body: '{}' }, [
      { url: `${hub.url}/healthz` },
    ]);
    const [health] = subjects;
    return [
      { name: 'GET /healthz', ...health, ratio: health.ratio, extra: `bare ${Math.round(base.rps)} req/s` },
    ];
  } finally {
    await hub.stop();
    await bare.stop();
  }
}
