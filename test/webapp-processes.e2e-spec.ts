import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, basic, json, register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn, takeProblems } from './support/browser';
import { sidewaysOverflow } from './support/layout';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { bootHub, tempDirs, type TestHub } from './support/test-hub';

/** Echoes each stdin line on stdout and on stderr, until stdin closes or it is stopped. */
const ECHO_LOOP = 'echo ready; while read line; do echo "got $line"; echo "err $line" >&2; done';

describe('Processes page: shell.start list, live output, stdin, stop (api.md §8b)', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  const row = (name: string) =>
    page.getByRole('table', { name: 'Processes' }).getByRole('row').filter({ hasText: name });
  const output = () => page.getByRole('log', { name: 'Output' });
  const outputHas = (text: string) => output().filter({ hasText: text }).waitFor();

  async function startFromPanel(cmd: string, name: string, shell = false): Promise<void> {
    await page.getByLabel('Command').fill(cmd);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Run through /bin/sh').setChecked(shell);
    await page.getByRole('button', { name: 'Start' }).click();
  }

  beforeAll(async () => {
    hub = await bootHub({ config: 'shell:\n  enabled: true\n' });
    await register(hub);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
    page = panel.page;
    await signIn(page, '/ui/processes');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('starts a process and shows its output live, stderr apart', async () => {
    await startFromPanel(ECHO_LOOP, 'echo loop', true);
    await row('echo loop').waitFor();
    await page.getByRole('heading', { name: 'Output of echo loop' }).waitFor();
    await outputHas('ready');
    expect(await row('echo loop').getByRole('cell').nth(4).textContent()).toBe('running');
    expect(Number(await row('echo loop').getByRole('cell').nth(1).textContent())).toBeGreaterThan(1);
  });

  it('sends a line to its stdin', async () => {
    await page.getByLabel('Input').fill('hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await outputHas('got hello');
    await outputHas('err hello');
    expect(await output().locator('.stderr').first().textContent()).toContain('err hello');
    expect(await page.getByLabel('Input').inputValue()).toBe('');
    await panel.screenshot('processes-light');
  });

  it('keeps following after leaving the page and coming back', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Processes' }).click();
    await outputHas('got hello');
    await page.getByLabel('Input').fill('again');
    await page.getByRole('button', { name: 'Send' }).click();
    await outputHas('got again');
  });

  it('stops it: the row says how it ended and Stop goes away', async () => {
    await row('echo loop').getByRole('button', { name: 'Stop' }).click();
    await row('echo loop')
      .getByRole('cell', { name: /stopped|exited/ })
      .waitFor();
    expect(await row('echo loop').getByRole('button', { name: 'Stop' }).count()).toBe(0);
    expect(await page.getByLabel('Input').count()).toBe(0);
  });

  it('shows what a process printed before it was opened, also one started elsewhere', async () => {
    const started = await hub.fetch(
      '/execute',
      json(
        {
          type: 'request',
          action: 'shell.start',
          args: { cmd: ['printf', 'one\\ntwo\\n'], name: 'from curl' },
        },
        basic(ADMIN.username, ADMIN.password),
      ),
    );
    expect(started.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row('from curl').waitFor();
    await row('from curl').getByRole('button', { name: 'Show output' }).click();
    await page.getByRole('heading', { name: 'Output of from curl' }).waitFor();
    await outputHas('two');
    expect(await output().textContent()).toBe('one\ntwo\n');
    await page.getByTestId('process-state').filter({ hasText: 'exited 0' }).waitFor();
  });

  it('shows the hub’s refusal at the Command field: a command that does not exist', async () => {
    await startFromPanel('no-such-command-4711', 'nope');
    await expect.poll(() => page.getByLabel('Command').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#process-cmd-error').textContent()).toMatch(/no-such-command-4711/);
    expect(await row('nope').count()).toBe(0);
  });

  it('looks right in dark mode and on a 360 px phone, and passes axe', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
    const dark = await newPanelContext(browser, hub, { colorScheme: 'dark' });
    await signIn(dark.page, '/ui/processes');
    await dark.page
      .getByRole('table', { name: 'Processes' })
      .getByRole('row')
      .filter({ hasText: 'echo loop' })
      .getByRole('button', { name: 'Show output' })
      .click();
    await dark.page.getByRole('log', { name: 'Output' }).filter({ hasText: 'got again' }).waitFor();
    await dark.screenshot('processes-dark');
    expect(await seriousAxeViolations(dark.page)).toEqual([]);
    await dark.close();

    const phone = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, '/ui/processes');
    await phone.page
      .getByRole('table', { name: 'Processes' })
      .getByRole('row')
      .filter({ hasText: 'from curl' })
      .getByRole('button', { name: 'Show output' })
      .click();
    await phone.page.getByRole('log', { name: 'Output' }).filter({ hasText: 'two' }).waitFor();
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    await phone.screenshot('processes-phone');
    // Each process is a small card on the phone, with its PID, command and start time too.
    const cells = phone.page
      .getByRole('table', { name: 'Processes' })
      .getByRole('row')
      .filter({ hasText: 'from curl' })
      .getByRole('cell');
    for (const column of [1, 2, 3])
      expect(await cells.nth(column).isVisible(), `column ${column}`).toBe(true);
    expect([...phone.problems.errors, ...phone.problems.cspViolations]).toEqual([]);
    await phone.close();
  });

  it('caused no console error and no CSP violation', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});

describe('Processes page without the shell plugin', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('says what to enable instead of an empty page', async () => {
    const panel = await newPanelContext(browser, hub);
    await signIn(panel.page, '/ui/processes');
    const alert = panel.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/shell.*plugin/);
    expect(await panel.page.getByLabel('Command').count()).toBe(0);
    expect(panel.problems.errors).toEqual([]);
    await panel.close();
  });
});

describe('Processes page across a hub restart', () => {
  const tempDir = tempDirs();
  const CONFIG = 'shell:\n  enabled: true\n';
  let dir: string;
  let hub: TestHub;
  let proxy: TcpProxy;
  let browser: Browser;

  beforeAll(async () => {
    dir = tempDir();
    hub = await bootHub({ dir, config: CONFIG });
    await register(hub);
    proxy = await startTcpProxy(hub.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await hub?.stop();
  });

  it('reconnects by itself and shows that the processes of the old hub are gone', async () => {
    const panel = await newPanelContext(browser, proxy);
    const { page } = panel;
    await signIn(page, '/ui/processes');
    await page.getByLabel('Command').fill('sleep 120');
    await page.getByLabel('Name').fill('long nap');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Output of long nap' }).waitFor();

    await hub.stop();
    await page.getByRole('status').filter({ hasText: 'cannot be reached' }).waitFor({ timeout: 10_000 });
    hub = await bootHub({ dir, config: CONFIG });
    proxy.target = new URL(hub.url);
    await page.locator('[data-connection="online"]').waitFor({ timeout: 15_000 });
    // The list was read again on reconnect: the old hub's process died with it.
    await page.getByText('No processes started yet.').waitFor();
    expect(await page.getByRole('heading', { name: 'Output of long nap' }).count()).toBe(0);

    await page.getByLabel('Command').fill('echo back again');
    await page.getByLabel('Name').fill('after restart');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('log', { name: 'Output' }).filter({ hasText: 'back again' }).waitFor();
    // The browser logs the refused requests while the hub was down; that is what this test does.
    takeProblems(panel.problems);
    await panel.close();
  });
});
