import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issueToken, register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { sidewaysOverflow } from './support/layout';
import { bootHub, type TestHub } from './support/test-hub';

const run = promisify(execFile);

/** Picks an action with the keyboard only: type its full name, Enter. */
async function pickAction(page: Page, name: string): Promise<void> {
  const field = page.getByRole('combobox', { name: 'Action' });
  await field.fill(name);
  await field.press('Enter');
  await page.getByTestId('action-doc').waitFor();
}

/** Clicks Run and waits for that run's answer (the output card counts finished runs). */
async function runAndWait(page: Page): Promise<string> {
  const runs = Number(await page.locator('[data-runs]').getAttribute('data-runs'));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator(`[data-runs="${runs + 1}"]`).waitFor();
  return (await page.getByTestId('run-status').textContent())!;
}

describe('Actions page (api.md §8b)', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub, { clipboard: true });
    page = panel.page;
    await signIn(page, '/ui/actions');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('suggests actions as options while typing, with their docs, and picks one with the arrow keys', async () => {
    const field = page.getByRole('combobox', { name: 'Action' });
    await field.fill('variable.');
    const options = page.getByRole('listbox', { name: 'Actions' }).getByRole('option');
    await options.first().waitFor();
    const names = await options.allTextContents();
    expect(names.some((n) => n.startsWith('variable.get'))).toBe(true);
    expect(names.every((n) => n.includes('variable.'))).toBe(true);
    await field.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe('action-option-0');
    await field.press('Enter');
    const picked = await field.inputValue();
    expect(picked).toMatch(/^variable\.\w+$/);
    expect(names[0].startsWith(picked)).toBe(true);
  });

  it('renders a form from the action’s schema, runs it and shows status, duration and output', async () => {
    await pickAction(page, 'util.sleep');
    expect(await page.getByTestId('action-doc').textContent()).toMatch(/Wait `seconds`/);
    const seconds = page.getByLabel('seconds');
    expect(await seconds.getAttribute('aria-required')).toBe('true');
    await seconds.fill('0');
    expect(await runAndWait(page)).toBe('200');
    expect(await page.getByTestId('run-duration').textContent()).toMatch(/^\d+ ms$/);
    expect(JSON.parse((await page.getByTestId('run-output').textContent())!)).toEqual({ success: true });
    await panel.screenshot('actions-light');
  });

  it('shows the server’s 400 at the field it is about', async () => {
    await page.getByLabel('seconds').fill('100000');
    expect(await runAndWait(page)).toBe('400');
    const seconds = page.getByLabel('seconds');
    expect(await seconds.getAttribute('aria-invalid')).toBe('true');
    const errorId = await seconds.getAttribute('aria-describedby');
    const message = await page.locator(`#${errorId!.split(' ')[0]}`).textContent();
    expect(message).toMatch(/86400/);
    await panel.screenshot('actions-400-at-field');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('says so at the field before sending when a number is not a number', async () => {
    await page.getByLabel('seconds').fill('soon');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('expected a number').waitFor();
    expect(await page.getByTestId('run-status').textContent()).toBe('400');
  });

  it('edits the same arguments as raw JSON, and runs an action without declared fields that way', async () => {
    await page.getByLabel('seconds').fill('0');
    await page.getByRole('button', { name: 'Raw JSON' }).click();
    const raw = page.getByLabel('Arguments (JSON)');
    expect(JSON.parse(await raw.inputValue())).toEqual({ seconds: 0 });
    await page.getByRole('button', { name: 'Raw JSON' }).click();
    expect(await page.getByLabel('seconds').inputValue()).toBe('0');

    await pickAction(page, 'variable.set');
    await page.getByLabel('Arguments (JSON)').fill('{"lights": "on"}');
    expect(await runAndWait(page)).toBe('200');
    await pickAction(page, 'variable.get');
    if (await page.getByRole('button', { name: 'Raw JSON', pressed: true }).isVisible()) {
      await page.getByRole('button', { name: 'Raw JSON' }).click();
    }
    await page.getByLabel('name').fill('lights');
    expect(await runAndWait(page)).toBe('200');
    expect(JSON.parse((await page.getByTestId('run-output').textContent())!)).toEqual({ lights: 'on' });
  });

  it('refuses raw JSON that does not parse, at the field', async () => {
    await page.getByRole('button', { name: 'Raw JSON' }).click();
    await page.getByLabel('Arguments (JSON)').fill('{"name": ');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Not valid JSON/).waitFor();
    await page.getByLabel('Arguments (JSON)').fill('{"name": "lights"}');
    await page.getByRole('button', { name: 'Raw JSON' }).click();
  });

  it('runs an unknown action and shows the hub’s 404', async () => {
    await pickAction(page, 'nope.nothing');
    expect(await page.getByTestId('action-doc').textContent()).toMatch(/not in the hub's catalogue/);
    expect(await runAndWait(page)).toBe('404');
    expect(await page.getByRole('alert', { name: 'Errors' }).textContent()).toMatch(
      /Unknown action 'nope\.nothing'/,
    );
  });

  it('copies a curl command that makes the same call', async () => {
    await pickAction(page, 'variable.get');
    if (await page.getByRole('button', { name: 'Raw JSON', pressed: true }).isVisible()) {
      await page.getByRole('button', { name: 'Raw JSON' }).click();
    }
    await page.getByLabel('name').fill('lights');
    await page.getByRole('button', { name: 'Copy as curl' }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    const command = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(command).toContain(`${hub.url}/execute`);
    const { token } = await issueToken(hub, { name: 'curl' });
    const { stdout } = await run('sh', ['-c', command], { env: { ...process.env, HUB_TOKEN: token } });
    expect(JSON.parse(stdout).response.output).toEqual({ lights: 'on' });
  });

  it('lists recent calls and runs one again', async () => {
    const again = page.getByRole('button', { name: 'Run again: util.sleep' });
    await again.first().waitFor();
    await again.first().click();
    await page.getByTestId('run-summary').filter({ hasText: 'util.sleep' }).waitFor();
    expect(await page.getByLabel('seconds').inputValue()).toMatch(/^(0|100000)$/);
    // Kept in the browser: still there after a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Run again: variable.get' }).first().waitFor();
    // Names cut with an ellipsis stay readable whole on hover.
    const load = page.getByRole('button', { name: 'Load variable.get' }).first();
    expect(await load.getAttribute('title')).toBe('variable.get');
  });

  it('looks right in dark mode and on a 360 px phone, without horizontal scrolling', async () => {
    const dark = await newPanelContext(browser, hub, { colorScheme: 'dark' });
    await signIn(dark.page, '/ui/actions');
    await pickAction(dark.page, 'util.sleep');
    await dark.screenshot('actions-dark');
    await dark.close();
    const phone = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, '/ui/actions');
    await pickAction(phone.page, 'util.sleep');
    await phone.page.getByLabel('seconds').fill('0');
    await phone.page.getByRole('button', { name: 'Run', exact: true }).click();
    await phone.page.getByTestId('run-status').waitFor();
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    await phone.screenshot('actions-phone');
    expect([...phone.problems.errors, ...phone.problems.cspViolations]).toEqual([]);
    await phone.close();
  });

  it('caused no console error and no CSP violation', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});
