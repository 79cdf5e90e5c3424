// A bare node:http server answering a JSON POST the way /execute answers a no-op action:
// the baseline every hub figure is divided by (measured in the same run, same machine).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let request = {};
    try {
      request = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const body = JSON.stringify({
      id: request.id ?? randomBytes(16).toString('hex'),
      type: 'response',
      target: 'http',
      origin: 'bare',
      _timestamp: Date.now() / 1000,
      response: { output: { success: true }, errors: [] },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
