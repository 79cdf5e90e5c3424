import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHROMIUM_ARGS } from './support/browser';
import { TOKEN, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

/** Issue 10, Low: /api/docs had no CSP or frame headers. */
describe('/api/docs under its content security policy', () => {
  let hub: TestHub;
  let browser: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'hub-chromium-'));

  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG });
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('sends CSP without unsafe-inline or unsafe-eval, and refuses framing', async () => {
    const res = await hub.fetch('/api/docs', { headers: { 'x-token': TOKEN } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[^']+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('still renders the API in a browser, with no policy violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto(`${hub.url}/api/docs?token=${TOKEN}`);
    await expect.poll(() => page.getByRole('heading', { name: /hub API/ }).count()).toBe(1);
    await page.getByText('/execute', { exact: true }).first().waitFor();
    await page.screenshot({ path: join(tmpdir(), 'hub-api-docs.png'), fullPage: false });
    expect(violations).toEqual([]);
    await page.close();
  });
});
