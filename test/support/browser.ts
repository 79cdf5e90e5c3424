import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { ADMIN } from './auth-client';

export const WEBAPP_DIST = resolve(__dirname, '../../webapp/dist');
/** Screenshots of every browser test run (gitignored): open them and look. */
export const SCREENSHOT_DIR = resolve(__dirname, '../screenshots');

/**
 * Debian's Chromium, headless, with nothing that phones home. Playwright gives every launch a
 * fresh temporary `--user-data-dir` of its own (it refuses one in `args`), removed on close.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per test file: launch in beforeAll, close in afterAll. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export interface PageProblems {
  /** Console errors and uncaught exceptions of the page's own code. */
  errors: string[];
  /**
   * Chromium's "Failed to load resource: … status of 4xx" lines: a 400 or 404 the hub answered
   * on purpose (the panel shows it) is not an error of the page, but a test can still look.
   */
  httpErrors: string[];
  /** `securitypolicyviolation` events: a CSP refusal anywhere on any page of the context. */
  cspViolations: string[];
}

export interface PanelContextOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Let the page write to the clipboard ("Copy as curl", "Copy token"). */
  clipboard?: boolean;
}

export interface PanelContext {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Saves `test/screenshots/<name>.png` (full page) and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh browser context (cookies, storage) with a page that records console errors and CSP violations. */
export async function newPanelContext(
  browser: Browser,
  /** A hub, or anything in front of one (a TCP proxy): its `url` is the pages' base URL. */
  server: { url: string },
  options: PanelContextOptions = {},
): Promise<PanelContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
  });
  const problems: PageProblems = { errors: [], httpErrors: [], cspViolations: [] };
  await context.exposeBinding('__hubReportCsp', (_source, line: string) => {
    problems.cspViolations.push(line);
  });
  // Injected by the DevTools protocol, so the page's own CSP does not apply to it.
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    void window.__hubReportCsp(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });`);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (text.startsWith('Failed to load resource: the server responded with a status of')) {
      problems.httpErrors.push(`${text} (${message.location().url})`);
    } else problems.errors.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`page error: ${err.message}`));
  return {
    context,
    page,
    problems,
    screenshot: async (name) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}

/** Signs in through the real /login form (the page the hub redirected to) and waits for `path`. */
export async function signIn(page: Page, path = '/ui/actions', user = ADMIN): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === new URL(path, 'http://x').pathname);
  await page.locator('[data-connection="online"]').waitFor();
}

/** Removes what a test expects to see (e.g. the refused socket during a revoked-token test). */
export function takeProblems(problems: PageProblems): PageProblems {
  const taken = {
    errors: [...problems.errors],
    httpErrors: [...problems.httpErrors],
    cspViolations: [...problems.cspViolations],
  };
  problems.errors.length = 0;
  problems.httpErrors.length = 0;
  problems.cspViolations.length = 0;
  return taken;
}
