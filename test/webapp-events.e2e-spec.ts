import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bearer, issueToken, json, register } from './support/auth-client';
import { axNodesWithRole, chromiumAxTree } from './support/ax-tree';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn, takeProblems } from './support/browser';
import { renderedLines, sidewaysOverflow } from './support/layout';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { bootHub, tempDirs, type TestHub } from './support/test-hub';

/** The hub keeps only this many events for resuming: a longer drop leaves a gap. */
const CONFIG = 'events:\n  history_size: 5\n';

describe('Events page: live list, filter, pause, JSON, resume after a drop (api.md §8b)', () => {
  const tempDir = tempDirs();
  let dir: string;
  let hub: TestHub;
  let proxy: TcpProxy;
  let token: string;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  /** Posts `CustomEvent {subtype, ...fields}` through /data and returns nothing: the page must show it. */
  async function post(subtype: string, fields: Record<string, unknown> = {}): Promise<void> {
    const res = await hub.fetch('/data', json({ name: subtype, payload: fields }, bearer(token)));
    expect(res.status).toBe(200);
  }

  const row = (text: string) => page.getByRole('row').filter({ hasText: text });

  beforeAll(async () => {
    dir = tempDir();
    hub = await bootHub({ dir, config: CONFIG });
    await register(hub);
    token = (await issueToken(hub, { name: 'poster' })).token;
    proxy = await startTcpProxy(hub.url);
    browser = await launchChromium();
    panel = await newPanelContext(browser, proxy);
    page = panel.page;
    await signIn(page, '/ui/events');
    await page.getByTestId('events-state').filter({ hasText: 'Live' }).waitFor();
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await proxy?.close();
    await hub?.stop();
  });

  it('shows events live with type, time, seq and a summary', async () => {
    await post('doorbell', { room: 'hall' });
    const first = row('doorbell');
    await first.waitFor();
    const cells = await first.getByRole('cell').allTextContents();
    expect(Number(cells[0])).toBeGreaterThan(0);
    expect(cells[1]).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    expect(cells[2].trim()).toBe('CustomEvent');
    expect(cells[3]).toContain('"room":"hall"');
    await panel.screenshot('events-light');
  });

  it('filters by type and by a hook condition', async () => {
    await page.getByLabel('Types').fill('CustomEvent');
    await page.getByLabel('Condition').fill('{"subtype": "motion"}');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByTestId('events-state').filter({ hasText: 'Live' }).waitFor();
    await post('doorbell', { room: 'filtered-out' });
    await post('motion', { room: 'garage' });
    await row('garage').waitFor();
    // Events arrive in order: the refused one came first and was never shown.
    expect(await row('filtered-out').count()).toBe(0);
  });

  it('says so at the field when the condition is not JSON', async () => {
    await page.getByLabel('Condition').fill('{subtype');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByText(/^Not a JSON object/).waitFor();
    expect(await page.getByLabel('Condition').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Condition').fill('');
    await page.getByLabel('Types').fill('');
    await page.getByRole('button', { name: 'Apply filter' }).click();
  });

  it('holds new events while paused and shows them on resume', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await post('paused-one');
    await page.getByTestId('events-state').filter({ hasText: 'Paused, 1 waiting' }).waitFor();
    expect(await row('paused-one').count()).toBe(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    await row('paused-one').waitFor();
  });

  it('shows one event’s JSON', async () => {
    const seq = (await row('garage').getByRole('cell').first().textContent())!;
    await page.getByRole('button', { name: `CustomEvent, event ${seq}` }).click();
    const shown = JSON.parse((await page.getByLabel('Event JSON').textContent())!);
    expect(shown).toMatchObject({
      type: 'event',
      seq: Number(seq),
      args: { type: 'CustomEvent', subtype: 'motion' },
    });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('after a network drop longer than the hub keeps, reconnects by itself, resumes with since and marks the gap', async () => {
    proxy.cut();
    await page.locator('[data-connection="offline"], [data-connection="connecting"]').first().waitFor();
    for (let i = 0; i < 8; i++) await post(`while-away-${i}`);
    proxy.restore();
    await page.locator('[data-connection="online"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-gap]').waitFor();
    // The five the hub kept were replayed after the mark; the three before them are the gap.
    await row('while-away-7').waitFor();
    await row('while-away-3').waitFor();
    expect(await row('while-away-2').count()).toBe(0);
    await panel.screenshot('events-gap');
    // A browser dropping its connection logs failed requests; that is what this test does.
    takeProblems(panel.problems);
  });

  it('survives a hub restart: shows it is offline, reconnects by itself and keeps following events', async () => {
    await hub.stop();
    await page.getByRole('status').filter({ hasText: 'cannot be reached' }).waitFor({ timeout: 10_000 });
    await panel.screenshot('events-offline-banner');
    hub = await bootHub({ dir, config: CONFIG });
    proxy.target = new URL(hub.url);
    await page.locator('[data-connection="online"]').waitFor({ timeout: 15_000 });
    await post('after-restart');
    await row('after-restart').waitFor();
    expect(await page.locator('[data-gap]').count()).toBe(1);
    takeProblems(panel.problems);
  });

  it('looks right in dark mode and on a 360 px phone', async () => {
    const dark = await newPanelContext(browser, proxy, { colorScheme: 'dark' });
    await signIn(dark.page, '/ui/events');
    await dark.page.getByTestId('events-state').filter({ hasText: 'Live' }).waitFor();
    await post('dark-mode', { shown: true });
    await dark.page.getByRole('row').filter({ hasText: 'dark-mode' }).waitFor();
    await dark.screenshot('events-dark');
    await dark.close();
    const phone = await newPanelContext(browser, proxy, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, '/ui/events');
    await phone.page.getByTestId('events-state').filter({ hasText: 'Live' }).waitFor();
    await post('phone', { a_rather_long_field_name: 'with a value long enough to need wrapping on a phone' });
    await phone.page.getByRole('row').filter({ hasText: 'phone' }).waitFor();
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    await phone.screenshot('events-phone');
    // The summary wraps where it has spaces, not inside a word ("o" / "n a phone").
    const summary = phone.page.getByRole('row').filter({ hasText: 'phone' }).getByRole('cell').nth(3);
    const lines = await renderedLines(summary);
    expect(lines.length).toBeGreaterThan(1);
    for (const [i, line] of lines.slice(0, -1).entries())
      expect(/\s$/.test(line) || /^\s/.test(lines[i + 1]), line).toBe(true);
    // Laid out as blocks, the list is still a table to a screen reader, with its column headers.
    const tree = (await chromiumAxTree(phone.page, 'table', 'Live events'))!;
    expect(axNodesWithRole(tree, 'columnheader').map((h) => h.name)).toEqual([
      'Seq',
      'Time',
      'Type',
      'Summary',
    ]);
    expect([...phone.problems.errors, ...phone.problems.cspViolations]).toEqual([]);
    await phone.close();
  });

  it('caused no console error and no CSP violation otherwise', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});
