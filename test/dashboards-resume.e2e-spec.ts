import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, issueToken, register } from './support/auth-client';
import { launchChromium, newPanelContext, type PanelContext } from './support/browser';
import { run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

const DASHBOARD = `<Dashboard title="Hall">
  <Row>
    <Variable class="col-6" name="door" title="Door" />
    <EventLog class="col-6" types="CustomEvent" limit="5" />
  </Row>
</Dashboard>`;

/** A restart keeps the port (the page's origin) and the directory (database, dashboards). */
async function bootOn(dir: string, port: number): Promise<TestHub> {
  return bootHub({ dir, config: `${TOKEN_CONFIG}backend.http:\n  port: ${port}\n` });
}

describe('a wall tablet across hub restarts, with a dashboards:read token', () => {
  const dir = makeTempDir();
  let hub: TestHub;
  let browser: Browser;
  let tablet: PanelContext;
  let token: string;

  beforeAll(async () => {
    hub = await bootHub({ dir, config: TOKEN_CONFIG, files: { 'dashboards/hall.xml': DASHBOARD } });
    await register(hub, ADMIN);
    await run(hub, 'variable.set', { door: 'closed' });
    token = (
      await issueToken(hub, {
        name: 'hall tablet',
        scopes: ['dashboards:read', 'events:read', 'variable.get'],
      })
    ).token;
    browser = await launchChromium();
    tablet = await newPanelContext(browser, hub);
  });
  afterAll(async () => {
    await tablet?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('opens the dashboard with the token, without a session', async () => {
    await tablet.page.goto(`/dashboard/hall?token=${token}`);
    await tablet.page
      .locator('[data-widget="Variable"] [data-value]')
      .filter({ hasText: 'closed' })
      .waitFor();
    // The token is taken out of the address bar.
    expect(new URL(tablet.page.url()).search).toBe('');
  });

  it('cannot open the panel with that token', async () => {
    const res = await hub.fetch('/ui/actions', {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('shows values changed while the hub was down once it is back, by itself', async () => {
    const { page } = tablet;
    const port = Number(new URL(hub.url).port);
    await hub.close();
    await page
      .getByRole('alert')
      .filter({ hasText: /Offline/ })
      .waitFor({ timeout: 3000 });
    await page.locator('[data-widget="Variable"][data-stale="true"]').waitFor();

    // Changed while no page could see it: a variable, and an event the log must show.
    hub = await bootOn(dir, port);
    await run(hub, 'variable.set', { door: 'open' });
    await run(hub, 'event.post', { subtype: 'doorbell' });

    await page
      .locator('[data-widget="Variable"] [data-value]')
      .filter({ hasText: 'open' })
      .waitFor({ timeout: 8000 });
    await page
      .locator('[data-widget="EventLog"]')
      .getByText(/subtype=doorbell/)
      .waitFor({ timeout: 5000 });
    await page
      .getByRole('alert')
      .filter({ hasText: /Offline/ })
      .waitFor({ state: 'detached' });
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
    await tablet.screenshot('dashboard-after-restart');
  });

  it('keeps following events after the restart', async () => {
    await run(hub, 'variable.set', { door: 'locked' });
    await tablet.page
      .locator('[data-widget="Variable"] [data-value]')
      .filter({ hasText: 'locked' })
      .waitFor({ timeout: 1000 });
  });
});
