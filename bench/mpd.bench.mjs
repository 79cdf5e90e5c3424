// MPD change → event: another MPD client changes the volume; the time until the hub's
// VolumeChangeEvent reaches an SSE subscriber. The bare equivalent is a raw MPD client in
// `idle mixer` noticing the same kind of change (no hub, no HTTP).
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { interleaved } from './lib/load.mjs';
import { startHub } from './lib/processes.mjs';
import { startService } from './lib/services.mjs';

export const description =
  'MPD volume change by another client → VolumeChangeEvent on /events (SSE), vs a bare idle client';

const TOKEN = 'bench-mpd-token';
/** Volume changes per second of BENCH_SECONDS (each waits for its event, 20 ms apart). */
const CHANGES_PER_SECOND = 10;

function mpdConfig({ dir, port }) {
  mkdirSync(join(dir, 'music'), { recursive: true });
  return [
    `music_directory "${join(dir, 'music')}"`,
    `db_file "${join(dir, 'database')}"`,
    `log_file "${join(dir, 'mpd.log')}"`,
    'bind_to_address "127.0.0.1"',
    `port "${port}"`,
    'zeroconf_enabled "no"',
    'audio_output {\n  type "null"\n  name "null"\n  mixer_type "software"\n}',
  ].join('\n');
}

/** A raw MPD connection: send(line) resolves with the reply text up to OK. */
async function rawMpd(port) {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  socket.setNoDelay(true);
  let buffer = '';
  let waiter = null;
  socket.on('data', (d) => {
    buffer += d;
    const m = /(^|\n)(OK|ACK [^\n]*)\n/.exec(buffer);
    if (m && waiter) {
      const reply = buffer.slice(0, m.index + m[0].length);
      buffer = buffer.slice(m.index + m[0].length);
      const w = waiter;
      waiter = null;
      w(reply);
    }
  });
  const next = () => new Promise((r) => (waiter = r));
  await new Promise((r) => socket.once('data', () => r()));
  buffer = '';
  return {
    send: (line) => {
      const p = next();
      socket.write(`${line}\n`);
      return p;
    },
    close: () => socket.destroy(),
  };
}

/** VolumeChangeEvents from the hub's SSE feed, as a callback per event. */
async function sseVolumes(url, onVolume) {
  const controller = new AbortController();
  const res = await fetch(`${url}/events?feed=eventsource&types=VolumeChangeEvent`, {
    headers: { 'x-token': TOKEN },
    signal: controller.signal,
  });
  if (!res.ok) throw new Error(`/events answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let at;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onVolume(JSON.parse(data.slice(6)).args.volume);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  return () => controller.abort();
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export async function run() {
  const mpd = await startService('/usr/bin/mpd', ({ dir }) => ['--no-daemon', join(dir, 'mpd.conf')], {
    'mpd.conf': mpdConfig,
  });
  const hub = await startHub({
    config: `token: ${TOKEN}\nmusic.mpd:\n  host: 127.0.0.1\n  port: ${mpd.port}\n`,
  });
  const changer = await rawMpd(mpd.port);
  const idler = await rawMpd(mpd.port);
  let seen = null;
  const stopSse = await sseVolumes(hub.url, (volume) => seen?.(volume));
  let volume = 10;
  const nextVolume = () => (volume = volume >= 90 ? 10 : volume + 1);
  /** The hub: the change's VolumeChangeEvent arrives on the SSE feed. */
  const viaHub = async () => {
    const target = nextVolume();
    const arrived = new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no VolumeChangeEvent ${target} within 2 s`)), 2000);
      seen = (v) => v === target && (clearTimeout(timer), res());
    });
    const started = performance.now();
    await changer.send(`setvol ${target}`);
    await arrived;
    return performance.now() - started;
  };
  /** Bare: a client already waiting in `idle mixer` is woken by the change. */
  const viaIdle = async () => {
    // MPD keeps each client's change flags between idle calls: even an idle read after the
    // change returns, so this never waits on a race.
    const woken = idler.send('idle mixer');
    const started = performance.now();
    await changer.send(`setvol ${nextVolume()}`);
    await woken;
    return performance.now() - started;
  };
  const measure = async ({ observe, duration }) => {
    const samples = [];
    const count = Math.max(5, Math.round(duration * CHANGES_PER_SECOND));
    for (let i = 0; i < count; i++) {
      samples.push(await observe());
      await new Promise((r) => setTimeout(r, 20)); // the software mixer settles between changes
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      rps: 0,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: count,
      bad: 0,
      samples,
    };
  };
  try {
    // The hub connects to MPD after it listens: wait for a first event.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await viaHub();
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
    const { subjects } = await interleaved({ observe: viaIdle }, [{ observe: viaHub }], 5, {
      measure,
      ratio: (x, b) => x.p50 / b.p50,
    });
    const all = subjects[0].runs.flatMap((r) => r.samples).sort((a, b) => a - b);
    const p50 = percentile(all, 0.5);
    const p99 = percentile(all, 0.99);
    return [
      {
        name: 'MPD change → VolumeChangeEvent on SSE',
        p50: p50.toFixed(1),
        p99: p99.toFixed(1),
        ratio: subjects[0].ratio,
        extra: `p50 ratio to a bare idle client (its p50 ≈ ${(p50 / subjects[0].ratio).toFixed(1)} ms), ${all.length} changes`,
        target: 'p99 < 100 ms',
        pass: p99 < 100,
      },
    ];
  } finally {
    stopSse();
    changer.close();
    idler.close();
    await hub.stop();
    await mpd.stop();
  }
}
