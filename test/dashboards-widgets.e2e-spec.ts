import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WIDGETS } from '@hub/dashboards';

import { ADMIN, register } from './support/auth-client';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

/** A 2×2 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** Every widget of the catalogue on one page, fed by variables and events where no plugin is needed. */
const SHOWCASE = `<Dashboard title="Showcase">
  <Row>
    <Heading class="col-12" level="2">Every widget</Heading>
  </Row>
  <Row>
    <Variable class="col-2" name="door" title="Door" />
    <Switch class="col-2" variable="lights" label="Lights" />
    <Slider class="col-3" variable="brightness" label="Brightness" unit="%" />
    <Gauge class="col-2" variable="humidity" title="Humidity" unit="%" />
    <Sensor class="col-3" event-type="CustomEvent" filter='{"subtype": "temp"}' field="celsius" unit="°C" title="Outside" />
  </Row>
  <Row>
    <SensorChart class="col-4" event-type="CustomEvent" filter='{"subtype": "temp"}' field="celsius" unit="°C" title="Outside today" />
    <EventLog class="col-4" types="CustomEvent" limit="5" />
    <Markdown class="col-4" title="Notes">**Bins** out on *Tuesday*. See [the manual](/resources/photos/manual.html).</Markdown>
  </Row>
  <Row>
    <Button class="col-3" action="variable.set" args='{"alarm": "armed"}' confirm="Arm the alarm?">Arm</Button>
    <Button class="col-3" action="nothere.act" label="Broken" />
    <Image class="col-3" src="/resources/photos/red.png" alt="Red square" refresh-seconds="30" />
    <Camera class="col-3" url="/resources/photos/red.png" title="Porch" />
  </Row>
  <Row>
    <DateTime class="col-3" />
    <Iframe class="col-3" src="/healthz" title="Health" />
    <Iframe class="col-3" src="https://example.invalid/x" title="Elsewhere" />
    <Process class="col-3" process="backup" />
  </Row>
  <Row>
    <Calendar class="col-4" />
    <Music class="col-4" />
    <Weather class="col-4" />
  </Row>
  <Row>
    <DateTimeWeather class="col-4" />
    <ImageCarousel class="col-4" img-dir="/nowhere" />
    <RssNews class="col-4" />
  </Row>
</Dashboard>`;

describe('every widget in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  beforeAll(async () => {
    const photos = makeTempDir('hub-photos-');
    mkdirSync(photos, { recursive: true });
    writeFileSync(join(photos, 'red.png'), PNG);
    hub = await bootHub({
      config: `${TOKEN_CONFIG}backend.http:\n  resource_dirs:\n    photos: ${photos}\n`,
      files: { 'dashboards/showcase.xml': SHOWCASE },
    });
    await register(hub, ADMIN);
    await run(hub, 'variable.set', { door: 'closed', lights: false, brightness: 40, humidity: 55 });
    for (const celsius of [3, 4, 6, 5]) await run(hub, 'event.post', { subtype: 'temp', celsius });
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub, { viewport: { width: 1280, height: 1000 } });
    page = panel.page;
    await signIn(page, '/dashboard/showcase');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('renders a tile for each of the catalogue’s widgets, and no error card', async () => {
    for (const tag of Object.keys(WIDGETS)) await page.locator(`[data-widget="${tag}"]`).first().waitFor();
    expect(Object.keys(WIDGETS).length).toBeGreaterThanOrEqual(21);
    expect(await page.locator('[data-widget-error]').count()).toBe(0);
  });

  it('reads snapshots: a variable, a gauge, the last reading and the history of a sensor from the event log', async () => {
    await page.locator('[data-widget="Variable"] [data-value]').filter({ hasText: 'closed' }).waitFor();
    await expect
      .poll(() => page.getByRole('meter', { name: 'Humidity' }).getAttribute('aria-valuenow'))
      .toBe('55');
    await page.locator('[data-widget="Sensor"] [data-value]').filter({ hasText: '5.0' }).waitFor();
    await expect
      .poll(() => page.locator('[data-widget="SensorChart"] svg').getAttribute('data-points'))
      .toBe('4');
    await expect.poll(() => page.locator('[data-widget="EventLog"] li').count()).toBe(4);
  });

  it('follows events live: a new reading moves the sensor, the chart and the log', async () => {
    await run(hub, 'event.post', { subtype: 'temp', celsius: 7.25 });
    await page
      .locator('[data-widget="Sensor"] [data-value]')
      .filter({ hasText: '7.3' })
      .waitFor({ timeout: 1000 });
    await expect
      .poll(() => page.locator('[data-widget="SensorChart"] svg').getAttribute('data-points'))
      .toBe('5');
    await page.locator('[data-widget="EventLog"]').getByText('celsius=7.25').waitFor();
  });

  it('toggles a switch and moves a slider through variable.set, and follows changes made elsewhere', async () => {
    const lights = page.getByRole('switch', { name: 'Lights' });
    await lights.click();
    await expect
      .poll(async () => await run(hub, 'variable.get', { name: 'lights' }))
      .toEqual({ lights: true });
    expect(await lights.isChecked()).toBe(true);
    await run(hub, 'variable.set', { lights: false });
    await expect.poll(() => lights.isChecked()).toBe(false);

    await page.getByRole('slider').fill('70');
    await expect
      .poll(async () => await run(hub, 'variable.get', { name: 'brightness' }))
      .toEqual({ brightness: 70 });
    await run(hub, 'variable.set', { brightness: 15 });
    await expect.poll(() => page.getByRole('slider').inputValue()).toBe('15');
  });

  it('asks before running a button’s action, then shows done; a failing action shows the hub’s message', async () => {
    await page.getByRole('button', { name: 'Arm' }).click();
    await page.getByText('Arm the alarm?').waitFor();
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.locator('[data-widget="Button"] [role="status"]').filter({ hasText: 'Done' }).waitFor();
    expect(await run(hub, 'variable.get', { name: 'alarm' })).toEqual({ alarm: 'armed' });

    await page.getByRole('button', { name: 'Broken' }).click();
    await page
      .locator('[data-widget="Button"] [role="status"]')
      .filter({ hasText: "Unknown action 'nothere.act'" })
      .waitFor();
  });

  it('shows pictures, embeds only allowed origins, renders Markdown, and says which plugins are missing', async () => {
    await expect
      .poll(() =>
        page
          .getByRole('img', { name: 'Red square' })
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(2);
    expect(await page.getByTitle('Health').count()).toBe(1);
    await page.getByText('https://example.invalid is not in the dashboard').waitFor();
    const markdown = page.locator('[data-widget="Markdown"]');
    expect(await markdown.locator('strong').textContent()).toBe('Bins');
    expect(await markdown.getByRole('link', { name: 'the manual' }).getAttribute('href')).toBe(
      '/resources/photos/manual.html',
    );
    for (const plugin of ['calendar', 'music.mpd', 'shell']) {
      await page
        .getByText(new RegExp(`Plugin ${plugin.replace('.', '\\.')} is not configured`))
        .first()
        .waitFor();
    }
    await panel.screenshot('dashboard-showcase-light');
  });
});
