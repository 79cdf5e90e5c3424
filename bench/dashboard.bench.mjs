// Dashboards in headless Chromium against the built hub: JS over the wire, time to first tiles,
// event → tile latency under load, and a soak for leaks. Each figure is printed against its
// target and as a ratio to a bare equivalent measured in the same run (a static page for load
// time, a bare socket.io page for event latency). DASHBOARD_SOAK_SECONDS sets the soak (default 600).
import { createServer } from 'node:http';
import { io } from 'socket.io-client';
import { launchChromium } from './lib/chromium.mjs';
import { median } from './lib/load.mjs';
import { startHub } from './lib/processes.mjs';

export const description =
  'dashboard bundle size, first tiles, event → tile latency, heap/DOM soak (headless Chromium)';

const TOKEN = 'bench-dashboard-token';
const SOAK_SECONDS = Number(process.env.DASHBOARD_SOAK_SECONDS ?? 600);

/**
 * 30 widgets: 12 Variable tiles (v0..v11), 12 Sensor tiles following CustomEvent s0..s11, a clock,
 * a gauge, a sensor chart, an event log, a heading and a Markdown text.
 */
function benchDashboard() {
  const tiles = [
    ...Array.from({ length: 12 }, (_, i) => `<Variable class="col-2" name="v${i}" title="v${i}" />`),
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `<Sensor class="col-2" event-type="CustomEvent" filter='{"subtype": "s${i}"}' field="sent" precision="0" title="s${i}" />`,
    ),
  ];
  return `<Dashboard title="Bench">
  <Row>${tiles.join('\n')}</Row>
  <Row>
    <DateTime class="col-2" />
    <Gauge class="col-2" variable="v0" max="100000000000000" />
    <SensorChart class="col-3" variable="v1" />
    <EventLog class="col-3" types="VariableChangedEvent" limit="10" />
    <Heading class="col-1" text="Bench" />
    <Markdown class="col-1">**bold** text</Markdown>
  </Row>
</Dashboard>`;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function setVariables(url, values) {
  const res = await fetch(`${url}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token': TOKEN },
    body: JSON.stringify({ type: 'request', action: 'variable.set', args: values }),
  });
  if (res.status !== 200) throw new Error(`variable.set: ${res.status}`);
}

/** A static page with 30 boxes: the bare "first paint" of this browser on this machine. */
function bareStaticServer() {
  const html = `<!doctype html><html><body>${Array.from({ length: 30 }, (_, i) => `<div data-tile>${i}</div>`).join('')}</body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }),
    ),
  );
}

export async function run() {
  const hub = await startHub({
    config: `token: ${TOKEN}\n`,
    files: { 'dashboards/bench.xml': benchDashboard() },
  });
  const bare = await bareStaticServer();
  const browser = await launchChromium();
  const rows = [];
  try {
    await setVariables(hub.url, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`v${i}`, 0])));
    const pageUrl = `${hub.url}/dashboard/bench?token=${TOKEN}`;

    // 1. JS over the wire (gzip), as a fresh browser downloads it for the dashboard page.
    {
      const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip' } });
      const page = await context.newPage();
      let jsBytes = 0;
      page.on('response', async (response) => {
        if (!response.url().endsWith('.js')) return;
        const sizes = await response
          .request()
          .sizes()
          .catch(() => null);
        if (sizes) jsBytes += sizes.responseBodySize;
      });
      await page.goto(pageUrl);
      await page.locator('[data-widget="Variable"] [data-value]').first().waitFor();
      await page.waitForLoadState('networkidle');
      await context.close();
      const kb = jsBytes / 1024;
      rows.push({
        name: 'dashboard JS over the wire (gzip)',
        extra: `${kb.toFixed(1)} KB`,
        ratio: kb / 250,
        target: '≤ 250 KB',
        pass: kb <= 250,
      });
    }

    // 2. First tiles: navigation → every Variable tile shows its value; against a static page of 30 boxes.
    {
      const ours = [];
      const bases = [];
      for (let round = 0; round < 5; round++) {
        for (const [list, url, ready] of [
          [bases, bare.url, '[data-tile]'],
          [ours, pageUrl, '[data-widget="Variable"] [data-value]'],
        ]) {
          const context = await browser.newContext();
          const page = await context.newPage();
          const started = Date.now();
          await page.goto(url);
          await page.locator(ready).first().waitFor();
          if (url === pageUrl)
            await page.waitForFunction(() =>
              [...document.querySelectorAll('[data-widget="Variable"] [data-value]')].every((e) =>
                e.textContent.trim().startsWith('0'),
              ),
            );
          list.push(Date.now() - started);
          await context.close();
        }
      }
      const ms = median(ours);
      rows.push({
        name: 'first tiles (30 widgets, cold context)',
        extra: `${ms} ms (static page ${median(bases)} ms)`,
        ratio: ms / median(bases),
        target: '≤ 1500 ms',
        pass: ms <= 1500,
      });
    }

    // 3. Event → tile update at 100 events/s: each event (posted over a socket.io client, so that
    //    the hub's HTTP and database work stay out of the figure) carries its send time; the page
    //    reports when a Sensor tile shows it. The bare row is a plain socket.io client receiving
    //    the same events: what the hub and the machine cost before any page work.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(pageUrl);
      await page.locator('[data-widget="Sensor"] [data-value]').nth(11).waitFor();
      await page.evaluate(() => {
        window.__latencies = [];
        const observer = new MutationObserver((records) => {
          const now = Date.now();
          for (const record of records) {
            const text = (record.target.textContent ?? '').trim();
            const sent = Number(text);
            if (sent > 1e12) window.__latencies.push(now - sent);
          }
        });
        for (const el of document.querySelectorAll('[data-widget="Sensor"] [data-value]')) {
          observer.observe(el, { childList: true, characterData: true, subtree: true });
        }
      });
      const bareLatencies = [];
      const poster = io(hub.url, { auth: { token: TOKEN }, transports: ['websocket'] });
      const socket = io(hub.url, { auth: { token: TOKEN }, transports: ['websocket'], forceNew: true });
      await Promise.all([poster, socket].map((s) => new Promise((resolve) => s.on('connect', resolve))));
      await socket.emitWithAck('subscribe', { types: ['CustomEvent'] });
      socket.on('event', (event) => {
        const sent = Number(event.args.sent);
        if (sent > 1e12) bareLatencies.push(Date.now() - sent);
      });
      const seconds = 10;
      const started = Date.now();
      for (let i = 0; i < seconds * 100; i++) {
        const due = started + i * 10;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        poster.emit('post', { type: 'CustomEvent', subtype: `s${i % 12}`, sent: Date.now() });
      }
      await new Promise((r) => setTimeout(r, 1000));
      socket.close();
      poster.close();
      const latencies = (await page.evaluate(() => window.__latencies)).sort((a, b) => a - b);
      bareLatencies.sort((a, b) => a - b);
      await context.close();
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      rows.push({
        name: 'event → tile, 30 widgets, 100 events/s',
        p50,
        p99,
        extra: `${latencies.length} updates; bare socket.io client p50 ${percentile(bareLatencies, 50)} ms p99 ${percentile(bareLatencies, 99)} ms`,
        ratio: p50 / Math.max(1, percentile(bareLatencies, 50)),
        target: 'p50 < 50 ms, p99 < 200 ms',
        pass: p50 < 50 && p99 < 200 && latencies.length > seconds * 100 * 0.9,
      });
    }

    // 4. Soak at 20 events/s: JS heap (after GC) and DOM nodes, start vs end.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(pageUrl);
      await page.locator('[data-widget="Variable"] [data-value]').nth(11).waitFor();
      const measure = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const { metrics } = await cdp.send('Performance.getMetrics');
        const get = (n) => metrics.find((m) => m.name === n)?.value ?? 0;
        return { heap: get('JSHeapUsedSize'), nodes: get('Nodes') };
      };
      // Warm up for a few seconds so that lazy chunks and caches are in before the baseline.
      const warm = Date.now();
      for (let i = 0; Date.now() - warm < 5000; i++) {
        await setVariables(hub.url, { [`v${i % 12}`]: i });
        await new Promise((r) => setTimeout(r, 50));
      }
      const before = await measure();
      const started = Date.now();
      for (let i = 0; Date.now() - started < SOAK_SECONDS * 1000; i++) {
        const due = started + i * 50;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        void setVariables(hub.url, { [`v${i % 12}`]: i });
      }
      await new Promise((r) => setTimeout(r, 1000));
      const after = await measure();
      await context.close();
      const heapRatio = after.heap / before.heap;
      rows.push({
        name: `soak ${SOAK_SECONDS} s at 20 events/s: JS heap`,
        extra: `${(before.heap / 1048576).toFixed(1)} → ${(after.heap / 1048576).toFixed(1)} MiB`,
        ratio: heapRatio,
        target: '≤ +20%',
        pass: heapRatio <= 1.2,
      });
      rows.push({
        name: `soak ${SOAK_SECONDS} s at 20 events/s: DOM nodes`,
        extra: `${before.nodes} → ${after.nodes}`,
        ratio: after.nodes / before.nodes,
        target: 'flat (≤ +5%)',
        pass: after.nodes <= before.nodes * 1.05,
      });
    }
  } finally {
    await browser.close();
    bare.server.close();
    await hub.stop();
  }
  return rows;
}
