import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, bearer, json, register } from './support/auth-client';
import { axNodesWithRole, chromiumAxTree } from './support/ax-tree';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { sidewaysOverflow } from './support/layout';
import { bootHub, type TestHub } from './support/test-hub';

const ALICE = { username: 'alice', password: 'alice first password' };

describe('Settings page: tokens, users, account, login audit (api.md §8b)', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;
  let issued: string;

  const tokenRow = (name: string) =>
    page.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: name });
  const userRow = (name: string) =>
    page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: name });
  const loginStatus = async (user: { username: string; password: string }) =>
    (await hub.fetch('/login', json(user))).status;

  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
    // One refused attempt for the audit to show.
    expect(await loginStatus({ username: ADMIN.username, password: 'not it' })).toBe(401);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub, { clipboard: true });
    page = panel.page;
    await signIn(page, '/ui/settings');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  describe('tokens', () => {
    it('creates a token with a name, an expiry and scopes, shows it once and copies it', async () => {
      await page.getByLabel('Name').fill('kitchen tablet');
      await page.getByLabel('Expiry').selectOption({ label: '7 days' });
      await page.getByLabel('Scopes').fill('variable.get, events:read');
      await page.getByRole('button', { name: 'Create' }).click();
      const shown = page.getByLabel('New token');
      await shown.waitFor();
      issued = await shown.inputValue();
      expect(issued.split('.')).toHaveLength(3);
      await page.getByRole('button', { name: 'Copy token' }).click();
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(issued);
      await panel.screenshot('settings-tokens-light');

      const row = tokenRow('kitchen tablet');
      await row.waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells[2]).toBe('variable.get, events:read');
      const expires = Date.parse(new Date(cells[4]).toISOString());
      expect(expires - Date.now()).toBeGreaterThan(6 * 86_400_000);
      expect(cells[5]).toBe('never');
      // The list never carries the secret.
      expect(await page.getByRole('table', { name: 'API tokens' }).textContent()).not.toContain(issued);
    });

    it('issues a token that works within its scopes only', async () => {
      const get = await hub.fetch(
        '/execute',
        json({ type: 'request', action: 'variable.get', args: { name: 'x' } }, bearer(issued)),
      );
      expect(get.status).toBe(200);
      const set = await hub.fetch(
        '/execute',
        json({ type: 'request', action: 'variable.set', args: { x: 1 } }, bearer(issued)),
      );
      expect(set.status).toBe(403);
    });

    it('does not show the token again once the page is left, and the list shows when it was last used', async () => {
      await page.getByRole('link', { name: 'Account' }).click();
      await page.getByRole('heading', { name: 'Account' }).waitFor();
      await page.getByRole('link', { name: 'Tokens' }).click();
      await tokenRow('kitchen tablet').waitFor();
      expect(await page.getByLabel('New token').count()).toBe(0);
      const cells = await tokenRow('kitchen tablet').getByRole('cell').allTextContents();
      expect(cells[5]).not.toBe('never');
      expect(Date.now() - new Date(cells[5]).getTime()).toBeLessThan(120_000);
    });

    it('shows the hub’s refusal at the field: a bad scope, a missing name', async () => {
      await page.getByLabel('Name').fill('bad one');
      await page.getByLabel('Scopes').fill('light.* no/slashes');
      await page.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => page.getByLabel('Scopes').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#token-scopes-error').textContent()).toMatch(/action patterns/);
      expect(await tokenRow('bad one').count()).toBe(0);

      await page.getByLabel('Name').fill('');
      await page.getByLabel('Scopes').fill('');
      await page.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    });

    it('revokes a token: the row says so and the token is refused at once', async () => {
      await tokenRow('kitchen tablet').getByRole('button', { name: 'Revoke' }).click();
      await tokenRow('kitchen tablet').getByText('revoked').waitFor();
      expect(await tokenRow('kitchen tablet').getByRole('button', { name: 'Revoke' }).count()).toBe(0);
      const res = await hub.fetch('/auth', { headers: bearer(issued) });
      expect(res.status).toBe(401);
    });
  });

  describe('users (admin)', () => {
    it('adds a user, and shows a taken name and a short password at their fields', async () => {
      await page.getByRole('link', { name: 'Users' }).click();
      await userRow(ADMIN.username).waitFor();
      await page.getByLabel('Username').fill(ALICE.username);
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByLabel('Confirm password').fill('short');
      await page.getByRole('button', { name: 'Add user' }).click();
      await expect
        .poll(() => page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'))
        .toBe('true');
      expect(await page.locator('#new-password-error').textContent()).toMatch(/at least 8/);

      await page.getByLabel('Password', { exact: true }).fill(ALICE.password);
      await page.getByLabel('Confirm password').fill(ALICE.password);
      await page.getByRole('button', { name: 'Add user' }).click();
      await userRow(ALICE.username).waitFor();
      expect(await userRow(ALICE.username).textContent()).toContain('User');
      expect(await loginStatus(ALICE)).toBe(200);

      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill('long enough password');
      await page.getByLabel('Confirm password').fill('long enough password');
      await page.getByRole('button', { name: 'Add user' }).click();
      await expect.poll(() => page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#new-username-error').textContent()).toMatch(/exists|taken/i);
      expect(await userRow(ADMIN.username).getByRole('button').count()).toBe(0);
      await panel.screenshot('settings-users-light');
    });

    it('resets another user’s password', async () => {
      await userRow(ALICE.username).getByRole('button', { name: 'Reset password' }).click();
      await page.getByLabel(`New password for ${ALICE.username}`).fill('alice second password');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await page.getByRole('status').filter({ hasText: 'New password set for alice' }).waitFor();
      expect(await loginStatus(ALICE)).toBe(401);
      expect(await loginStatus({ ...ALICE, password: 'alice second password' })).toBe(200);
    });

    it('deletes a user after asking', async () => {
      await userRow(ALICE.username).getByRole('button', { name: 'Delete' }).click();
      await userRow(ALICE.username).getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByRole('status').filter({ hasText: 'Deleted alice' }).waitFor();
      expect(await userRow(ALICE.username).count()).toBe(0);
      expect(await loginStatus({ ...ALICE, password: 'alice second password' })).toBe(401);
    });
  });

  describe('login audit (admin)', () => {
    it('lists sign-in attempts with who, from where, and how they ended', async () => {
      await page.getByRole('link', { name: 'Login audit' }).click();
      const table = page.getByRole('table', { name: 'Login audit' });
      await table.waitFor();
      const refused = table.getByRole('row').filter({ hasText: 'refused: wrong password' });
      // The one of beforeAll, and alice's old password tried after the reset.
      expect(await refused.filter({ hasText: ADMIN.username }).count()).toBe(1);
      expect(await refused.filter({ hasText: ALICE.username }).count()).toBe(1);
      expect(await refused.first().textContent()).toContain('127.0.0.1');
      expect(await table.getByRole('row').filter({ hasText: 'signed in' }).count()).toBeGreaterThan(0);
      await panel.screenshot('settings-audit-light');
    });
  });

  describe('account', () => {
    it('refuses a wrong current password at its field, then changes the password', async () => {
      await page.getByRole('link', { name: 'Account' }).click();
      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password', { exact: true }).fill('owner second password');
      await page.getByLabel('Confirm new password').fill('owner second password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect.poll(() => page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#current-password-error').textContent()).toMatch(/wrong/);

      await page.getByLabel('Current password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
      expect(await loginStatus({ ...ADMIN, password: 'owner second password' })).toBe(200);
      expect(await loginStatus(ADMIN)).toBe(401);
      // This session stays signed in.
      await page.getByRole('link', { name: 'Tokens' }).click();
      await page.getByRole('table', { name: 'API tokens' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/ui/settings');
    });
  });

  describe('as a user who is not an administrator', () => {
    it('offers tokens and account only', async () => {
      const bob = { username: 'bob', password: 'bob the builder' };
      const admin = await hub.fetch('/login', json({ ...ADMIN, password: 'owner second password' }));
      const { csrf_token: csrf } = (await admin.json()) as { csrf_token: string };
      const cookie = admin.headers.getSetCookie()[0].split(';')[0];
      const made = await hub.fetch('/users', json(bob, { cookie, 'x-csrf-token': csrf }));
      expect(made.status).toBe(201);

      const other = await newPanelContext(browser, hub, { colorScheme: 'dark' });
      await signIn(other.page, '/ui/settings', bob);
      const sections = other.page.getByRole('list', { name: 'Settings sections' });
      expect(await sections.getByRole('link').allTextContents()).toEqual(['Tokens', 'Account']);
      await other.page.getByLabel('Name').fill('bob script');
      await other.page.getByRole('button', { name: 'Create' }).click();
      await other.page.getByLabel('New token').waitFor();
      await other.page
        .getByRole('table', { name: 'API tokens' })
        .getByRole('row')
        .filter({ hasText: 'bob script' })
        .waitFor();
      await other.screenshot('settings-tokens-dark');
      expect(await seriousAxeViolations(other.page)).toEqual([]);
      expect([...other.problems.errors, ...other.problems.cspViolations]).toEqual([]);
      await other.close();
    });
  });

  describe('looks', () => {
    it('passes axe on every section, in dark mode too, and fits a 360 px phone', async () => {
      for (const section of ['', '/users', '/account', '/audit']) {
        await page.goto(`/ui/settings${section}`);
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        expect(await seriousAxeViolations(page), section || 'tokens').toEqual([]);
      }
      const dark = await newPanelContext(browser, hub, { colorScheme: 'dark' });
      await signIn(dark.page, '/ui/settings/users', { ...ADMIN, password: 'owner second password' });
      await dark.page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1).waitFor();
      await dark.screenshot('settings-users-dark');
      expect(await seriousAxeViolations(dark.page)).toEqual([]);
      await dark.page.goto('/ui/settings/audit');
      await dark.page.getByRole('table', { name: 'Login audit' }).waitFor();
      await dark.screenshot('settings-audit-dark');
      await dark.close();

      const phone = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
      await signIn(phone.page, '/ui/settings', { ...ADMIN, password: 'owner second password' });
      for (const section of ['', '/users', '/account', '/audit']) {
        await phone.page.goto(`/ui/settings${section}`);
        await phone.page.getByRole('heading', { level: 2 }).first().waitFor();
        // Neither the page nor a table inside its card scrolls sideways.
        expect(await sidewaysOverflow(phone.page), section || 'tokens').toEqual([]);
        await phone.screenshot(`settings${section.replace('/', '-') || '-tokens'}-phone`);
      }
      // The password reset form opens inside the user's card and fits it.
      await phone.page.goto('/ui/settings/users');
      await phone.page
        .getByRole('table', { name: 'Users' })
        .getByRole('row')
        .filter({ hasText: 'bob' })
        .getByRole('button', { name: 'Reset password' })
        .click();
      await phone.page.getByLabel('New password for bob').waitFor();
      expect(await sidewaysOverflow(phone.page), 'reset password').toEqual([]);
      await phone.screenshot('settings-users-reset-phone');
      await phone.page.goto('/ui/settings');
      const table = phone.page.getByRole('table', { name: 'API tokens' });
      const row = table.getByRole('row').filter({ hasText: 'bob script' });
      await row.waitFor();
      // Every column of a token reads on the phone, Created and Last used too, inside the screen.
      for (const column of [3, 5]) {
        const cell = row.getByRole('cell').nth(column);
        expect(await cell.isVisible(), `column ${column}`).toBe(true);
        const box = (await cell.boundingBox())!;
        expect(box.x + box.width, `column ${column}`).toBeLessThanOrEqual(360);
      }
      expect(await row.getByRole('cell').nth(5).textContent()).toBe('never');
      // Laid out as cards, it is still a table to a screen reader: Chromium's own tree keeps the
      // column headers, the rows and their cells.
      const tree = (await chromiumAxTree(phone.page, 'table', 'API tokens'))!;
      expect(axNodesWithRole(tree, 'columnheader').map((h) => h.name)).toEqual([
        'Name',
        'User',
        'Scopes',
        'Created',
        'Expires',
        'Last used',
        'Revoke',
      ]);
      const rows = axNodesWithRole(tree, 'row');
      expect(rows).toHaveLength(await table.getByRole('row').count());
      for (const r of rows.slice(1)) expect(axNodesWithRole(r, 'cell')).toHaveLength(7);
      // The visible "Last used" label is not read out again as part of the cell.
      const bobAt = (await table.getByRole('row').allTextContents()).findIndex((t) =>
        t.includes('bob script'),
      );
      const bobCells = axNodesWithRole(rows[bobAt], 'cell');
      expect(bobCells[5].name).toBe('never');
      expect([...phone.problems.errors, ...phone.problems.cspViolations]).toEqual([]);
      await phone.close();
    });

    it('caused no console error and no CSP violation', () => {
      expect(panel.problems.errors).toEqual([]);
      expect(panel.problems.cspViolations).toEqual([]);
    });
  });
});
