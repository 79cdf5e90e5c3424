import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PLATYPUSH_EXAMPLE } from './dashboards/platypush-example';
import { ADMIN, register } from './support/auth-client';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

const LIVE = `<Dashboard title="Live">
  <Row>
    <Variable class="col-4" name="temperature" title="Temperature" unit="°C" />
    <Nope class="col-4" />
    <Gauge class="col-4" variable="temperature" max="lots" />
  </Row>
  <Row>
    <Heading text="Below the row" />
    <Button class="col-4" action="variable.set" args='{"pressed": true}'>Press</Button>
  </Row>
</Dashboard>
`;

const BODY_BACKGROUND = 'getComputedStyle(document.body).backgroundColor';

/** Pretends the tab was hidden or shown again (what a tablet's screen going off does). */
function setVisibility(state: 'hidden' | 'visible'): string {
  return `Object.defineProperty(document, 'visibilityState', { value: '${state}', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));`;
}

describe('dashboards in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  beforeAll(async () => {
    hub = await bootHub({
      config: TOKEN_CONFIG,
      files: {
        'dashboards/main.xml': PLATYPUSH_EXAMPLE,
        'dashboards/live.xml': LIVE,
        'dashboards/clock.xml': '<Dashboard><Row><DateTime show-seconds="true"/></Row></Dashboard>',
      },
    });
    await register(hub, ADMIN);
    await run(hub, 'variable.set', { temperature: 20 });
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
    page = panel.page;
    // Counts the page's live intervals (the timers test reads it); installed before any page script.
    await panel.context.addInitScript(`(() => {
      const live = new Set();
      window.__intervals = live;
      const set = window.setInterval.bind(window);
      const clear = window.clearInterval.bind(window);
      window.setInterval = (fn, ms, ...a) => { const id = set(fn, ms, ...a); live.add(id); return id; };
      window.clearInterval = (id) => { live.delete(id); clear(id); };
    })();`);
    await signIn(page, '/dashboard/main');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('renders the platypush example dashboard with a tile for each of its widgets', async () => {
    for (const tag of ['Calendar', 'Music', 'DateTimeWeather', 'ImageCarousel', 'RssNews']) {
      await page.locator(`[data-widget="${tag}"]`).waitFor();
    }
    expect(await page.locator('[data-widget-error]').count()).toBe(0);
    // The plugins are not configured on this hub: each tile says so instead of showing nothing.
    await expect.poll(() => page.getByText(/is not configured on the hub/).count()).toBe(5);
    const calendar = await page.locator('[data-widget="Calendar"]').boundingBox();
    const music = await page.locator('[data-widget="Music"]').boundingBox();
    // col-6 next to col-3 on one row.
    expect(calendar!.y).toBe(music!.y);
    expect(calendar!.width / music!.width).toBeCloseTo(2, 0);
    await panel.screenshot('dashboard-example-light');
  });

  it('shows an error card for an unknown tag and for a bad attribute while the rest keeps updating', async () => {
    await page.goto('/dashboard/live');
    await page.locator('[data-widget-error]').nth(1).waitFor();
    expect(await page.locator('[data-widget-error][role="alert"]').count()).toBe(2);
    const texts = await page.locator('[data-widget-error]').allTextContents();
    expect(texts[0]).toMatch(/<Nope> on line 4.*Unknown widget <Nope>/s);
    expect(texts[1]).toMatch(/<Gauge> on line 5.*'max': expected a number, got "lots"/s);
    const temperature = page.locator('[data-widget="Variable"] [data-value]');
    await expect.poll(() => temperature.textContent()).toMatch(/^20/);
    await run(hub, 'variable.set', { temperature: 21.5 });
    await expect.poll(() => temperature.textContent()).toMatch(/^21\.5/);
    await expect(page.getByRole('heading', { name: 'Below the row' }).isVisible()).resolves.toBe(true);
  });

  it('follows variable.set within a second, from the socket, without polling', async () => {
    const requests: string[] = [];
    const onRequest = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on('request', onRequest);
    const temperature = page.locator('[data-widget="Variable"] [data-value]');
    const started = Date.now();
    await run(hub, 'variable.set', { temperature: 30 });
    await temperature.filter({ hasText: /^30/ }).waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    page.off('request', onRequest);
    expect(requests.filter((p) => p === '/execute' || p.startsWith('/events'))).toEqual([]);
  });

  it('marks tiles stale and shows the offline banner within 3 s, then catches up on values changed meanwhile', async () => {
    const temperature = page.locator('[data-widget="Variable"] [data-value]');
    await panel.context.setOffline(true);
    const started = Date.now();
    await page
      .getByRole('alert')
      .filter({ hasText: /Offline/ })
      .waitFor({ timeout: 3000 });
    expect(Date.now() - started).toBeLessThan(3000);
    await page.locator('[data-widget="Variable"][data-stale="true"]').waitFor();
    await run(hub, 'variable.set', { temperature: 12 });
    await panel.context.setOffline(false);
    await temperature.filter({ hasText: /^12/ }).waitFor({ timeout: 5000 });
    await page
      .getByRole('alert')
      .filter({ hasText: /Offline/ })
      .waitFor({ state: 'detached' });
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
  });

  it('swaps in a file edited on disk without a reload, keeping the state of the widgets still there', async () => {
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('button', { name: 'Press' }).click();
    await page.getByRole('status').filter({ hasText: 'Done' }).waitFor();
    writeFileSync(join(hub.dir, 'dashboards/live.xml'), LIVE.replace('Below the row', 'Edited on disk'));
    await page.getByRole('heading', { name: 'Edited on disk' }).waitFor({ timeout: 2000 });
    // Same document (no reload), and the button still shows its last outcome.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Done' }).count()).toBe(1);
  });

  it('keeps the last good dashboard when the file stops parsing, and shows where', async () => {
    writeFileSync(
      join(hub.dir, 'dashboards/live.xml'),
      '<Dashboard>\n  <Row>\n    <Heading text="x">\n</Dashboard>\n',
    );
    const banner = page.getByRole('alert').filter({ hasText: /no longer parses/ });
    await banner.waitFor({ timeout: 2000 });
    expect(await banner.textContent()).toMatch(/line 4, column 1/);
    expect(await page.getByRole('heading', { name: 'Edited on disk' }).isVisible()).toBe(true);
    writeFileSync(join(hub.dir, 'dashboards/live.xml'), LIVE);
    await banner.waitFor({ state: 'detached', timeout: 2000 });
    await page.getByRole('heading', { name: 'Below the row' }).waitFor();
    await panel.screenshot('dashboard-live-light');
  });

  it('runs nothing injected through Markdown or an attribute', async () => {
    writeFileSync(
      join(hub.dir, 'dashboards/inject.xml'),
      `<Dashboard>
  <Row>
    <Markdown class="col-6"><![CDATA[
# Notes
<script>window.__pwned = 1</script>
<img src="/nope.png" onerror="window.__pwned = 2">
[click](javascript:window.__pwned=3) and **bold**
]]></Markdown>
    <Heading text="&lt;img src=/x.png onerror=window.__pwned=4&gt;" />
    <Button action="variable.set" label="&lt;b onmouseover=window.__pwned=5&gt;hi&lt;/b&gt;" />
  </Row>
</Dashboard>`,
    );
    await page.goto('/dashboard/inject');
    const markdown = page.locator('[data-widget="Markdown"]');
    await markdown.getByRole('heading', { name: 'Notes' }).waitFor();
    // The HTML is shown as text, not parsed; the javascript: link is not a link.
    expect(await markdown.textContent()).toContain('<script>window.__pwned = 1</script>');
    expect(await markdown.locator('script, img').count()).toBe(0);
    expect(await markdown.getByRole('link').count()).toBe(0);
    expect(await markdown.locator('strong').textContent()).toBe('bold');
    await page.getByRole('heading', { name: '<img src=/x.png onerror=window.__pwned=4>' }).waitFor();
    await page.getByRole('button', { name: '<b onmouseover=window.__pwned=5>hi</b>' }).hover();
    expect(await page.locator('[data-widget] img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(panel.problems.cspViolations).toEqual([]);
  });

  it('pauses its timers while hidden and clears them when the dashboard is left', async () => {
    await page.goto('/dashboard/clock');
    await page.locator('[data-widget="DateTime"] time').waitFor();
    const running = () => page.evaluate<number>('window.__intervals.size');
    expect(await running()).toBeGreaterThanOrEqual(3); // clock tick, probe, heartbeat
    await page.evaluate(setVisibility('hidden'));
    expect(await running()).toBe(0);
    await page.evaluate(setVisibility('visible'));
    expect(await running()).toBeGreaterThanOrEqual(3);
    // Leave through the router (no reload): the page's timers go with it.
    await page.getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
    expect(await running()).toBe(0);
  });

  it('looks right dark, narrow (stacked) and in kiosk mode', async () => {
    await page.goto('/dashboard/main');
    await page.locator('[data-widget="RssNews"]').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.locator('html').getAttribute('data-theme')).toBe('auto');
    const dark = await page.evaluate<string>(BODY_BACKGROUND);
    await panel.screenshot('dashboard-example-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate<string>(BODY_BACKGROUND)).not.toBe(dark);

    await page.setViewportSize({ width: 400, height: 900 });
    const calendar = await page.locator('[data-widget="Calendar"]').boundingBox();
    const music = await page.locator('[data-widget="Music"]').boundingBox();
    expect(music!.y).toBeGreaterThan(calendar!.y + calendar!.height - 1);
    expect(Math.round(music!.width)).toBe(Math.round(calendar!.width));
    await panel.screenshot('dashboard-example-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto('/dashboard/main?kiosk=1');
    await page.locator('[data-kiosk="true"]').waitFor();
    expect(await page.getByRole('navigation', { name: 'Dashboard' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(
      await page.evaluate(`getComputedStyle(document.querySelector('[data-widget="Music"]')).cursor`),
    ).toBe('none');
    // 127.0.0.1 is a secure context: the lock is taken, or the hint says why it could not be.
    await expect
      .poll(() => page.locator('[data-kiosk="true"]').getAttribute('data-wake-lock'))
      .not.toBe('off');
    if ((await page.locator('[data-kiosk="true"]').getAttribute('data-wake-lock')) !== 'locked') {
      expect(await page.getByRole('note').textContent()).toMatch(/screen may turn off/i);
    }
    await panel.screenshot('dashboard-example-kiosk');
  });

  it('applies the theme a dashboard asks for, and kiosk="true" from the file', async () => {
    writeFileSync(
      join(hub.dir, 'dashboards/night.xml'),
      '<Dashboard theme="dark" kiosk="true"><Row><DateTime/></Row></Dashboard>',
    );
    await page.goto('/dashboard/night');
    await page.locator('[data-kiosk="true"]').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  });
});
