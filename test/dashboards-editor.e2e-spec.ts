import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, register } from './support/auth-client';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

const KITCHEN = `<Dashboard title="Kitchen">
  <Row>
    <Heading text="Kitchen" />
  </Row>
</Dashboard>
`;

describe('the dashboard editor in the panel', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;
  const file = () => join(hub.dir, 'dashboards/kitchen.xml');

  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG, files: { 'dashboards/kitchen.xml': KITCHEN } });
    await register(hub, ADMIN);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
    page = panel.page;
    await signIn(page, '/ui/dashboards');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('lists the dashboards and opens one in the editor with a live preview', async () => {
    await page.getByRole('link', { name: 'Edit Kitchen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit dashboard kitchen' }).waitFor();
    await expect.poll(() => page.getByLabel('Dashboard XML').inputValue()).toBe(KITCHEN);
    await page.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Kitchen' }).waitFor();
  });

  it('completes widget names and their attributes from the catalogue', async () => {
    const editor = page.getByLabel('Dashboard XML');
    await editor.focus();
    // Caret at the end of the Heading line, then a new widget.
    await editor.evaluate((el) => {
      const area = el as unknown as { value: string; setSelectionRange(a: number, b: number): void };
      const at = area.value.indexOf('/>') + 2;
      area.setSelectionRange(at, at);
    });
    await page.keyboard.type('\n    <Va');
    const options = page.getByRole('listbox', { name: 'Completions' }).getByRole('option');
    expect(await options.allTextContents()).toEqual([expect.stringMatching(/^Variable /)]);
    await page.keyboard.press('Enter');
    await page.keyboard.type(' n');
    expect(await options.first().textContent()).toMatch(/^name /);
    await page.keyboard.press('Enter');
    await page.keyboard.type('fridge');
    expect(await editor.inputValue()).toContain('<Variable name="fridge"');
  });

  it('underlines the hub’s findings at their line and lists them with line and column', async () => {
    const editor = page.getByLabel('Dashboard XML');
    await editor.fill(
      KITCHEN.replace('<Heading text="Kitchen" />', '<Heading text="Kitchen" />\n    <Gauge max="lots" />'),
    );
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.getByText(/Line 4, column 5: <Gauge> 'max': expected a number/).waitFor();
    expect(await page.locator('.backdrop [data-line="4"]').getAttribute('class')).toContain('bad');
    expect(await page.locator('.backdrop [data-line="3"]').getAttribute('class')).not.toContain('bad');
    // The preview shows the error card where the widget would be.
    await page.getByRole('region', { name: 'Preview' }).locator('[data-widget-error]').waitFor();
  });

  it('refuses to save malformed XML and says where', async () => {
    await page.getByLabel('Dashboard XML').fill('<Dashboard>\n  <Row>\n</Dashboard>');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Not saved/ })
      .waitFor();
    await page
      .getByRole('list', { name: 'Problems' })
      .getByText(/^Line 3, column 1:/)
      .waitFor();
    expect(readFileSync(file(), 'utf8')).toBe(KITCHEN);
  });

  it('saves, and on a conflict asks before overwriting someone else’s change', async () => {
    const mine = KITCHEN.replace('text="Kitchen"', 'text="Mine"');
    await page.getByLabel('Dashboard XML').fill(mine);
    await page.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Mine' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect(readFileSync(file(), 'utf8')).toBe(mine);

    // Someone edits the file meanwhile; our next save is refused with 412 and a dialog.
    writeFileSync(file(), KITCHEN.replace('text="Kitchen"', 'text="Theirs"'));
    const next = KITCHEN.replace('text="Kitchen"', 'text="Mine again"');
    await page.getByLabel('Dashboard XML').fill(next);
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changed elsewhere' });
    await dialog.waitFor();
    expect(readFileSync(file(), 'utf8')).toContain('Theirs');
    await panel.screenshot('dashboard-editor-conflict');
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect(readFileSync(file(), 'utf8')).toBe(next);
    expect(await dialog.isVisible()).toBe(false);
  });
});
