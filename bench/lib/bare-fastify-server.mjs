// Fastify alone (the HTTP framework under Nest in the hub) answering the same envelope as
// bare-server.mjs: with bare-nest-server.mjs it splits the framework floor into Fastify's share
// and Nest's.
import { randomBytes } from 'node:crypto';

import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/:path', async (request) => ({
  id: request.body?.id ?? randomBytes(16).toString('hex'),
  type: 'response',
  target: 'http',
  origin: 'bare-fastify',
  _timestamp: Date.now() / 1000,
  response: { output: { success: true }, errors: [] },
}));
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ port: app.server.address().port });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
