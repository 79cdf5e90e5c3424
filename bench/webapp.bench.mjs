// The web panel in headless Chromium against the built hub: JS over the wire for the panel's
// first page (/ui/actions opened with the global token, gzip, a fresh browser context), and time
// to interactive (navigation → the Action field usable and the socket online). The JS row's ratio
// is to its 250 KB budget; the bare equivalent of time to interactive, measured in the same run
// and interleaved load by load, is a static page with one labelled field served by node:http
// (what this browser on this machine needs for any page at all). WEBAPP_ROUNDS sets the loads.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { median } from './lib/load.mjs';
import { ROOT, startHub } from './lib/processes.mjs';

export const description =
  'panel first page: JS over the wire (gzip) and time to interactive (headless Chromium)';

const TOKEN = 'bench-webapp-token';
const ROUNDS = Number(process.env.WEBAPP_ROUNDS ?? 7);

/** A page with one labelled text field: the browser's own floor for "a page you can type in". */
function bareStaticServer() {
  const html =
    '<!doctype html><html><head><title>bare</title></head><body><label for="a">Action</label><input id="a" role="combobox"></body></html>';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }),
    ),
  );
}

/** JS requests of a page load and their transferred (encoded) size. */
async function jsOverTheWire(browser, url, ready) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip' } });
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', (request) => {
    if (!new URL(request.url()).pathname.endsWith('.js')) return;
    sizes.push(request.sizes().then((s) => s.responseBodySize));
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { bytes, files: sizes.length };
}

/** Every .js.gz of the build: what the JS would weigh if the panel fetched all of it at once. */
function wholeBuildGzip() {
  const dir = join(ROOT, 'webapp/dist/assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js.gz'))
    .reduce((sum, f) => sum + readFileSync(join(dir, f)).length, 0);
}

export async function run() {
  const hub = await startHub({ config: `token: ${TOKEN}\n` });
  const bare = await bareStaticServer();
  const browser = await launchChromium();
  const panelUrl = `${hub.url}/ui/actions?token=${TOKEN}`;
  const panelReady = async (page) => {
    await page.locator('[data-connection="online"]').waitFor();
    await page.getByRole('combobox', { name: 'Action' }).waitFor();
    await page.waitForFunction(() => {
      const field = document.querySelector('[role="combobox"]');
      return field instanceof HTMLInputElement && !field.disabled;
    });
  };
  const rows = [];
  try {
    // 1. JS for the first page, gzip, cold browser context.
    {
      const { bytes, files } = await jsOverTheWire(browser, panelUrl, panelReady);
      const kb = bytes / 1024;
      rows.push({
        name: 'panel first page: JS over the wire (gzip)',
        extra: `${kb.toFixed(1)} KB in ${files} files (whole build ${(wholeBuildGzip() / 1024).toFixed(1)} KB)`,
        ratio: kb / 250,
        target: '≤ 250 KB',
        pass: kb <= 250,
      });
    }

    // 2. Time to interactive: navigation → Action field usable + socket online; interleaved with
    //    the bare static page, each in a fresh context (nothing cached).
    {
      const ours = [];
      const bases = [];
      // One warm-up of each: the hub reads the build into memory at the first request.
      for (let round = -1; round < ROUNDS; round++) {
        for (const [list, url, ready] of [
          [bases, bare.url, (page) => page.getByRole('combobox', { name: 'Action' }).waitFor()],
          [ours, panelUrl, panelReady],
        ]) {
          const context = await browser.newContext();
          const page = await context.newPage();
          const started = Date.now();
          await page.goto(url);
          await ready(page);
          const ms = Date.now() - started;
          if (round >= 0) list.push(ms);
          await context.close();
        }
      }
      const ms = median(ours);
      const base = median(bases);
      rows.push({
        name: 'panel first page: time to interactive',
        extra: `${ms} ms (static page ${base} ms; ${ROUNDS} cold loads each)`,
        ratio: ms / Math.max(1, base),
        target: '≤ 1500 ms',
        pass: ms <= 1500,
      });
    }
  } finally {
    await browser.close();
    bare.server.close();
    await hub.stop();
  }
  return rows;
}
