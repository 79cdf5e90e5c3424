// A socket.io client in its own process, so a test can freeze it (SIGSTOP) to play a client that
// stops reading. Prints JSON lines: {"ready": true} once subscribed, {"disconnect": reason, "received": n}.
// Usage: node socket-listener.mjs <url> <token> <EventType>
import { io } from 'socket.io-client';

const [url, token, type] = process.argv.slice(2);
const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
let received = 0;
socket.on('event', () => received++);
socket.on('connect', async () => {
  await socket.emitWithAck('subscribe', { types: [type] });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
});
socket.on('disconnect', (reason) => {
  process.stdout.write(`${JSON.stringify({ disconnect: reason, received })}\n`);
  process.exit(0);
});
