// The baseline for bench/files.bench.mjs: a bare node:http server streaming one file from disk
// (stat + read stream per request, as a careful minimal file server would), nothing else.
import { createReadStream, stat } from 'node:fs';
import { createServer } from 'node:http';

const file = process.env.HUB_BENCH_FILE;
if (!file) throw new Error('HUB_BENCH_FILE is not set');

const server = createServer((req, res) => {
  stat(file, (err, stats) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': stats.size,
      'last-modified': stats.mtime.toUTCString(),
    });
    createReadStream(file).pipe(res);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
