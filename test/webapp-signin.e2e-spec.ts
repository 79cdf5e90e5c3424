import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, bearer, issueToken, json } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, signIn, takeProblems } from './support/browser';
import { bootHub, type TestHub } from './support/test-hub';

describe('signing in and out of the panel (issue 11 item 2)', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await bootHub();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('registers the first user on the server-rendered page and lands in the panel', async () => {
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await page.goto('/ui/settings');
    expect(new URL(page.url()).pathname).toBe('/register');
    await panel.screenshot('register-light');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Confirm password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('[data-connection="online"]').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(ADMIN.username);
    expect([...panel.problems.errors, ...panel.problems.cspViolations]).toEqual([]);
    await panel.close();
  });

  it('shows the error on a wrong password and keeps the page asked for', async () => {
    const panel = await newPanelContext(browser, hub, { colorScheme: 'dark' });
    const { page } = panel;
    await page.goto('/ui/files?x=1');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/invalid|wrong|incorrect/i);
    expect(await page.getByLabel('Username').inputValue()).toBe(ADMIN.username);
    await panel.screenshot('login-wrong-password-dark');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/ui/files' && url.search === '?x=1');
    // The failed attempt was a 401 page load, which the browser logs.
    takeProblems(panel.problems);
    await panel.close();
  });

  it('sends X-CSRF-Token with every write it makes on the session cookie', async () => {
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await signIn(page, '/ui/actions');
    const write = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/execute'));
    await page.getByRole('combobox', { name: 'Action' }).fill('variable.list');
    await page.getByRole('combobox', { name: 'Action' }).press('Enter');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const headers = await (await write).allHeaders();
    const who = (await (
      await hub.fetch('/auth', { headers: { cookie: await cookieOf(panel.context) } })
    ).json()) as {
      csrf_token: string;
    };
    expect(headers['x-csrf-token']).toBe(who.csrf_token);
    expect(await page.getByTestId('run-status').textContent()).toBe('200');
    await panel.close();
  });

  it('goes to /login?redirect=… with a message when the session is ended elsewhere', async () => {
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await signIn(page, '/ui/events');
    const cookie = await cookieOf(panel.context);
    // The same session, logged out from another client: the hub drops the panel's socket.
    const out = await hub.fetch('/logout', {
      method: 'POST',
      headers: { 'x-session-token': cookie.split('=')[1] },
    });
    expect(out.status).toBe(200);
    await page.waitForURL((url) => url.pathname === '/login');
    const url = new URL(page.url());
    expect(url.searchParams.get('redirect')).toBe('/ui/events');
    expect(await page.getByRole('status').textContent()).toMatch(/session ended/);
    await panel.screenshot('login-session-ended');
    takeProblems(panel.problems);
    await panel.close();
  });

  it('runs on a token opened as ?token=, hides it from the address bar, and leaves for /login when it is revoked', async () => {
    const issued = await issueToken(hub, { name: 'wall tablet' });
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await page.goto(`/ui/actions?token=${issued.token}`);
    await page.locator('[data-connection="online"]').waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(ADMIN.username);
    const revoked = await hub.fetch(`/tokens/${issued.id}`, {
      method: 'DELETE',
      headers: bearer(issued.token),
    });
    expect(revoked.status).toBeLessThan(300);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/ui/actions');
    expect(await page.getByRole('status').textContent()).toMatch(/revoked/);
    takeProblems(panel.problems);
    await panel.close();
  });

  it('sends an expired session’s next request to /login too (HTTP 401, not only the socket)', async () => {
    const panel = await newPanelContext(browser, hub);
    const { page } = panel;
    await signIn(page, '/ui/actions');
    await page.getByRole('combobox', { name: 'Action' }).fill('variable.list');
    await page.getByRole('combobox', { name: 'Action' }).press('Enter');
    // Its description shows once the page's own requests are done: a catalogue request still in
    // flight when the cookie goes would be the one sent to /login, before the form is used.
    await page.locator('p.doc[data-testid="action-doc"]').waitFor();
    // Replace the cookie with one the hub does not know: the next call answers 401.
    await panel.context.addCookies([{ name: 'session_token', value: 'gone', url: hub.url }]);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('reason')).toBe('expired');
    takeProblems(panel.problems);
    await panel.close();
  });

  it('refuses a cross-site write on the session cookie (CSRF)', async () => {
    const login = await hub.fetch('/login', json(ADMIN));
    const cookie = login.headers.getSetCookie()[0].split(';')[0];
    const res = await hub.fetch(
      '/execute',
      json(
        { type: 'request', action: 'variable.list', args: {} },
        { cookie, origin: 'https://evil.example' },
      ),
    );
    expect(res.status).toBe(403);
  });
});

async function cookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'session_token');
  if (!cookie) throw new Error('no session cookie in the browser');
  return `session_token=${cookie.value}`;
}
