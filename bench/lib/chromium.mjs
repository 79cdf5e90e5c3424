import { chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, with nothing that phones home: the flags the browser tests use
 * (test/support/browser.ts), so bench and tests measure the same browser. Playwright gives every
 * launch a fresh temporary `--user-data-dir` of its own, removed on close.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per bench: the caller closes it. */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
}
