import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleaved } from './lib/load.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';

export const description = 'a 1 MB file from /resources/<mount> vs a bare node:http file server (same file)';

const TARGET = 0.7;
const TOKEN = 'bench-files-token';
const SIZE = 1024 * 1024;

export async function run() {
  const hub = await startHub({
    config: [
      `token: ${TOKEN}`,
      'backend.http:',
      '  port: 0',
      '  resource_dirs:',
      '    media: {path: ./media, public: true}',
      '    private: ./media',
    ].join('\n'),
    // base64 of random bytes: 1 MiB of content, the same bytes both servers stream.
    files: { 'media/one-mb.bin': randomBytes(SIZE).toString('base64').slice(0, SIZE) },
  });
  process.env.HUB_BENCH_FILE = join(hub.dir, 'media/one-mb.bin');
  const bare = await startBareServer(fileURLToPath(new URL('./lib/bare-file-server.mjs', import.meta.url)));
  // Fewer connections than the JSON benches: each response is a megabyte.
  const options = { connections: 10 };
  try {
    const rows = [];
    for (const [name, url, headers] of [
      ['GET 1 MB, public mount', `${hub.url}/resources/media/one-mb.bin`, {}],
      [
        'GET 1 MB, authenticated mount (X-Token)',
        `${hub.url}/resources/private/one-mb.bin`,
        { 'x-token': TOKEN },
      ],
    ]) {
      const { base, subjects } = await interleaved({ url: `${bare.url}/`, ...options }, [
        { url, headers, ...options },
      ]);
      const r = { base, hub: subjects[0], ratio: subjects[0].ratio };
      if (r.hub.bad > 0 || r.base.bad > 0)
        throw new Error(`${name}: ${r.hub.bad} failed hub requests, ${r.base.bad} bare`);
      rows.push({
        name,
        ...r.hub,
        ratio: r.ratio,
        target: `>= ${TARGET}x`,
        pass: r.ratio >= TARGET,
        extra: `bare ${Math.round(r.base.rps)} req/s (${Math.round((r.hub.rps * SIZE) / 2 ** 20)} MiB/s hub)`,
      });
    }
    return rows;
  } finally {
    await bare.stop();
    await hub.stop();
  }
}
