import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, signIn } from './support/browser';
import { sidewaysOverflow } from './support/layout';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

/** Every panel page, with the heading it opens on. */
const PAGES: { path: string; name: string; heading: string }[] = [
  { path: '/ui/dashboards', name: 'dashboards', heading: 'Dashboards' },
  { path: '/ui/actions', name: 'actions', heading: 'Actions' },
  { path: '/ui/events', name: 'events', heading: 'Events' },
  { path: '/ui/automation', name: 'automation', heading: 'Automation' },
  { path: '/ui/processes', name: 'processes', heading: 'Processes' },
  { path: '/ui/files?mount=media', name: 'files', heading: 'Files' },
  { path: '/ui/settings', name: 'settings-tokens', heading: 'Settings' },
  { path: '/ui/settings/users', name: 'settings-users', heading: 'Settings' },
  { path: '/ui/settings/account', name: 'settings-account', heading: 'Settings' },
  { path: '/ui/settings/audit', name: 'settings-audit', heading: 'Settings' },
];

/** Presses Tab until `predicate` holds for the focused element (at most `max` times). */
async function tabTo(page: Page, predicate: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (
      await page.evaluate<boolean>(
        `(() => { const el = document.activeElement; return !!el && (${predicate}); })()`,
      )
    )
      return;
  }
  throw new Error(`no focusable element matching ${predicate} within ${max} Tabs`);
}

const focusedHasOutline = (page: Page) =>
  page.evaluate<boolean>(
    '(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0; })()',
  );

describe('the panel’s feel: every page in both themes, on a phone, by keyboard (issue 11 item 7)', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    const dir = makeTempDir('hub-feel-');
    mkdirSync(join(dir, 'media'), { recursive: true });
    writeFileSync(join(dir, 'media/readme.txt'), 'hello\n');
    hub = await bootHub({
      config: [
        'shell:',
        '  enabled: true',
        'backend.http:',
        '  resource_dirs:',
        `    media: {path: ${join(dir, 'media')}, listing: true}`,
      ].join('\n'),
    });
    await register(hub);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`shows every page in the ${scheme} theme with the connection state, axe-clean, without console errors`, async () => {
      const panel = await newPanelContext(browser, hub, { colorScheme: scheme });
      const { page } = panel;
      await signIn(page, '/ui/actions');
      for (const p of PAGES) {
        await page.goto(p.path);
        await page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
        await page.locator('[data-connection="online"]').waitFor();
        expect(await page.getByRole('status', { name: 'Hub connection' }).isVisible(), p.name).toBe(true);
        expect(await seriousAxeViolations(page), p.name).toEqual([]);
        await panel.screenshot(`page-${p.name}-${scheme}`);
      }
      expect([...panel.problems.errors, ...panel.problems.cspViolations]).toEqual([]);
      await panel.close();
    });
  }

  it('fits every page on a 360 px phone without horizontal scrolling', async () => {
    const panel = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
    const { page } = panel;
    // The sign-in page first (the hub's own, server-rendered), then every page of the panel: neither
    // the page nor anything inside it (a table in its card) scrolls sideways.
    await page.goto('/ui/actions');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await sidewaysOverflow(page), 'sign-in').toEqual([]);
    await panel.screenshot('page-sign-in-phone');
    await signIn(page, '/ui/actions');
    for (const p of PAGES) {
      await page.goto(p.path);
      await page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
      await page.locator('[data-connection="online"]').waitFor();
      expect(await sidewaysOverflow(page), p.name).toEqual([]);
      expect(await page.getByRole('status', { name: 'Hub connection' }).isVisible(), p.name).toBe(true);
      await panel.screenshot(`page-${p.name}-phone`);
    }
    // The header leaves the screen to the page: its seven links take two rows, not three.
    const rows = new Set<number>();
    for (const link of await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all())
      rows.add(Math.round((await link.boundingBox())!.y));
    expect(rows.size).toBe(2);
    expect([...panel.problems.errors, ...panel.problems.cspViolations]).toEqual([]);
    await panel.close();
  });

  it('works by keyboard alone: skip link, navigation, a form, a run', async () => {
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await signIn(page, '/ui/actions');

    // The first Tab reaches the skip link, which moves focus to the page's content.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    expect(await focusedHasOutline(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');

    // Run an action: type its name, Enter to pick it, Tab to Run, Enter.
    await tabTo(page, `el.getAttribute('role') === 'combobox'`);
    await page.keyboard.type('variable.list');
    await page.keyboard.press('Enter');
    await tabTo(page, `el.tagName === 'BUTTON' && el.textContent.trim() === 'Run'`);
    expect(await focusedHasOutline(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('run-status').filter({ hasText: '200' }).waitFor();

    // Go to Settings through the navigation and create a token without the mouse.
    await page.locator('body').focus();
    await tabTo(page, `el.tagName === 'A' && el.textContent.trim() === 'Settings'`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await tabTo(page, `el.id === 'token-name'`);
    await page.keyboard.type('typed token');
    await page.keyboard.press('Enter');
    await page.getByLabel('New token').waitFor();
    await tabTo(page, `el.tagName === 'BUTTON' && el.textContent.trim() === 'Done'`);
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('New token').count()).toBe(0);
    await page
      .getByRole('table', { name: 'API tokens' })
      .getByRole('row')
      .filter({ hasText: 'typed token' })
      .waitFor();

    // Processes: start one and stop it from the keyboard.
    await page.locator('body').focus();
    await tabTo(page, `el.tagName === 'A' && el.textContent.trim() === 'Processes'`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Processes' }).waitFor();
    await tabTo(page, `el.id === 'process-cmd'`);
    await page.keyboard.type('sleep 30');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Output of sleep' }).waitFor();
    await tabTo(page, `el.tagName === 'BUTTON' && el.textContent.trim() === 'Stop'`);
    await page.keyboard.press('Enter');
    await page
      .getByTestId('process-state')
      .filter({ hasText: /stopped|exited/ })
      .waitFor();
    expect([...panel.problems.errors, ...panel.problems.cspViolations]).toEqual([]);
    await panel.close();
  });
});
