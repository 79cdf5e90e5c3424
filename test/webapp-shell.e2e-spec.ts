import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { bootHub, type TestHub } from './support/test-hub';

const PAGES = ['Dashboards', 'Actions', 'Events', 'Automation', 'Processes', 'Files', 'Settings'];

describe('the panel shell: navigation, theme, connection state (api.md §8b)', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;

  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('signs in through /login and lands on the page asked for', async () => {
    const { page } = panel;
    await signIn(page, '/ui/events');
    expect(new URL(page.url()).pathname).toBe('/ui/events');
    await expect(page.getByRole('heading', { level: 1, name: 'Events' }).isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(ADMIN.username);
  });

  it('has a navigation landmark with the seven links of the contract, each opening its page', async () => {
    const { page } = panel;
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link').allTextContents()).toEqual(PAGES);
    for (const name of PAGES) {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/ui/${name.toLowerCase()}`);
      expect(await page.title()).toBe(`${name} · hub`);
    }
  });

  it('shows the connection state on the app root', async () => {
    expect(await panel.page.locator('.app').getAttribute('data-connection')).toBe('online');
    await expect(panel.page.getByRole('status', { name: /connection/i }).textContent()).resolves.toMatch(
      /Online/,
    );
  });

  it('switches between light, dark and auto themes and keeps the choice across reloads', async () => {
    const { page } = panel;
    const theme = page.getByLabel('Theme');
    await theme.selectOption('dark');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const dark = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.reload();
    await page.locator('[data-connection="online"]').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByLabel('Theme').selectOption('light');
    const light = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(light).not.toBe(dark);
    await page.getByLabel('Theme').selectOption('auto');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('auto');
  });

  it('shows an unknown /ui/ path as the SPA’s not-found page', async () => {
    await panel.page.goto('/ui/no/such/page');
    await panel.page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  });

  it('passes axe with no serious or critical violations on every page', async () => {
    const { page } = panel;
    for (const name of PAGES) {
      await page.goto(`/ui/${name.toLowerCase()}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      expect(await seriousAxeViolations(page), name).toEqual([]);
    }
  });

  it('logs out from the panel and lands on /login', async () => {
    const { page } = panel;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/logged out/);
    const res = await page.request.get('/ui/actions', { maxRedirects: 0 });
    expect(res.status()).toBe(307);
  });

  it('caused no console error and no CSP violation', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});
