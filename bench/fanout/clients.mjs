// The fan-out benchmark's clients, in their own process (forked by fanout.bench.mjs): N socket.io
// clients subscribed to FanoutEvent plus one poster. Driven over IPC:
//   {cmd: 'latency', events}   post one event at a time, wait until every client has it
//   {cmd: 'throughput', seconds, window}   keep `window` events in flight for `seconds`
// and answers with timings measured here (post and deliveries share this process's clock).
// With `urls` (a cluster) client i connects to urls[i % urls.length] and the poster to `postUrl`.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const { url, urls = [url], postUrl = urls[0], token, clients: count } = JSON.parse(process.argv[2]);
const TYPE = 'FanoutEvent';

const connect = (target) =>
  new Promise((resolve, reject) => {
    const socket = io(target, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

// Per event n: when it was posted, how many clients have it, when the last one got it.
const posted = new Map();
const pending = new Map();
const received = new Array(count).fill(0);
let disconnects = 0;
let outOfOrder = 0;
const firsts = [];

function onEvent(index, lastSeen, event) {
  const n = event.args.n;
  if (n <= lastSeen.n) outOfOrder++;
  lastSeen.n = n;
  received[index]++;
  const entry = pending.get(n);
  if (!entry) return;
  if (entry.left === count) firsts.push(performance.now() - posted.get(n));
  if (--entry.left === 0) {
    pending.delete(n);
    entry.resolve(performance.now() - posted.get(n));
  }
}

const sockets = [];
for (let i = 0; i < count; i += 50) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(urls[(i + j) % urls.length])),
  );
  for (const socket of batch) {
    const index = sockets.length;
    const lastSeen = { n: -1 };
    socket.on('event', (event) => onEvent(index, lastSeen, event));
    socket.on('disconnect', () => disconnects++);
    sockets.push(socket);
  }
}
await Promise.all(sockets.map((s) => s.emitWithAck('subscribe', { types: [TYPE] })));
const poster = await connect(postUrl);
let next = 0;

/** Posts event n; resolves with ms from post to the last client's delivery. */
function postOne() {
  const n = next++;
  const done = new Promise((resolve) => pending.set(n, { left: count, resolve }));
  posted.set(n, performance.now());
  poster.emit('post', { type: TYPE, n });
  return done;
}

process.on('message', async (msg) => {
  if (msg.cmd === 'latency') {
    const times = [];
    for (let i = 0; i < msg.events; i++) times.push(await postOne());
    process.send({ times, firsts: firsts.splice(0) });
  } else if (msg.cmd === 'throughput') {
    const start = performance.now();
    const end = start + msg.seconds * 1000;
    let completed = 0;
    await Promise.all(
      Array.from({ length: msg.window }, async () => {
        while (performance.now() < end) {
          await postOne();
          completed++;
        }
      }),
    );
    process.send({ completed, ms: performance.now() - start });
  } else if (msg.cmd === 'totals') {
    const expected = next;
    const lost = received.reduce((sum, got) => sum + (expected - got), 0);
    process.send({ expected, lost, outOfOrder, disconnects });
    for (const socket of [...sockets, poster]) socket.close();
    process.exit(0);
  }
});
process.send({ ready: true });
