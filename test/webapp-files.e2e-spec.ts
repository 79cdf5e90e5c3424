import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, basic, issueToken, register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { renderedLines, sidewaysOverflow } from './support/layout';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

/** A 2×2 PNG. */
const PIXELS = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const NOTES = 'Shopping:\n- milk\n- <b>not bold</b>\n';
/** Uploads above this are refused with 413. */
const MAX_UPLOAD = 4 * 1024 * 1024;

/** A camera snapshot's name: no spaces, longer than a phone's line. */
const LONG_FILE = 'living_room_camera_snapshot_2026-12-01_07-30-00.txt';

describe('Files page: browse mounts, preview, upload with progress (api.md §8b)', () => {
  let dir: string;
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;

  const filesTable = () => page.getByRole('table', { name: 'Files' });
  const entry = (name: string) => filesTable().getByRole('row').filter({ hasText: name });

  beforeAll(async () => {
    dir = makeTempDir('hub-files-');
    mkdirSync(join(dir, 'media/sub'), { recursive: true });
    writeFileSync(join(dir, 'media/pixels.png'), PIXELS);
    writeFileSync(join(dir, 'media/notes.txt'), NOTES);
    writeFileSync(join(dir, 'media/data.bin'), randomBytes(100));
    writeFileSync(join(dir, 'media/sub/deeper.json'), '{"deep": true}\n');
    writeFileSync(join(dir, 'media/sub', LONG_FILE), 'snapshot\n');
    hub = await bootHub({
      config: [
        'backend.http:',
        '  resource_dirs:',
        `    media: {path: ${join(dir, 'media')}, listing: true}`,
        `    closed: ${join(dir, 'media')}`,
        '  uploads:',
        `    max_file_size: ${MAX_UPLOAD}`,
      ].join('\n'),
    });
    await register(hub);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
    page = panel.page;
    await signIn(page, '/ui/files');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('lists the mounts and browses a directory, down and back up', async () => {
    const mounts = page.getByRole('list', { name: 'Mounts' });
    await mounts.getByRole('link', { name: 'media' }).waitFor();
    expect(await mounts.getByRole('link').allTextContents()).toEqual(['media', 'closed', 'uploads']);
    await mounts.getByRole('link', { name: 'media' }).click();
    await entry('notes.txt').waitFor();
    expect(await filesTable().getByRole('row').count()).toBe(5); // header + sub, data.bin, notes.txt, pixels.png
    expect(await entry('notes.txt').getByRole('cell').nth(1).textContent()).toBe(`${NOTES.length} B`);

    await entry('sub').getByRole('link', { name: 'sub/' }).click();
    await entry('deeper.json').waitFor();
    expect(new URL(page.url()).searchParams.get('path')).toBe('sub/');
    await page.getByRole('list', { name: 'Path' }).getByRole('link', { name: 'media' }).click();
    await entry('pixels.png').waitFor();
    await page.goBack();
    await entry('deeper.json').waitFor();
    await page.goBack();
    await entry('pixels.png').waitFor();
  });

  it('previews a text file as text (markup shown, not rendered)', async () => {
    await entry('notes.txt').getByRole('button', { name: 'notes.txt' }).click();
    const text = page.getByLabel('Contents of notes.txt');
    await text.waitFor();
    expect(await text.textContent()).toBe(NOTES);
    expect(await text.locator('b').count()).toBe(0);
  });

  it('previews an image', async () => {
    await entry('pixels.png').getByRole('button', { name: 'pixels.png' }).click();
    const image = page.getByRole('img', { name: 'pixels.png' });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(2);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await panel.screenshot('files-light');
  });

  it('says when there is no preview, and offers the download', async () => {
    await entry('data.bin').getByRole('button', { name: 'data.bin' }).click();
    await page.getByText('No preview for application/octet-stream').waitFor();
    expect(await page.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(
      '/resources/media/data.bin',
    );
  });

  it('explains a mount without listing instead of failing', async () => {
    await page.getByRole('list', { name: 'Mounts' }).getByRole('link', { name: 'closed' }).click();
    await page.getByText('This mount does not list its directories').waitFor();
    expect(await filesTable().count()).toBe(0);
  });

  it('uploads a file with a progress bar, and the hub serves it back', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'big upload.bin',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/upload'));
    await page.getByRole('button', { name: 'Upload' }).click();
    expect((await posted).headers()['x-csrf-token']).toBeTruthy();
    const status = page.getByRole('status').filter({ hasText: 'Uploaded' });
    await status.waitFor();
    const bar = page.getByRole('progressbar', { name: 'Upload progress' });
    // The bar counts the multipart body: the file plus its part headers, all sent.
    const [value, max] = await bar.evaluate((p) => {
      const progress = p as unknown as { value: number; max: number };
      return [progress.value, progress.max];
    });
    expect(value).toBe(max);
    expect(max).toBeGreaterThanOrEqual(bytes.length);
    const href = await status.getByRole('link', { name: 'big upload.bin' }).getAttribute('href');
    expect(href).toBe('/resources/uploads/big%20upload.bin');
    const served = await hub.fetch(href!, { headers: basic(ADMIN.username, ADMIN.password) });
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    await panel.screenshot('files-uploaded-light');
  });

  it('shows a refused upload (too big) at the File field', async () => {
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'too-big.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(MAX_UPLOAD + 1024, 1),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect
      .poll(() => page.getByLabel('File', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    expect(await page.locator('#upload-file-error').textContent()).toMatch(/Too big/);
    await page.getByRole('status').filter({ hasText: 'too-big.bin was not uploaded' }).waitFor();
    const again = await hub.fetch('/resources/uploads/too-big.bin', {
      headers: basic(ADMIN.username, ADMIN.password),
    });
    expect(again.status).toBe(404);
  });

  it('on a page opened with ?token= (no cookie) previews and downloads with the token', async () => {
    const { token } = await issueToken(hub, { name: 'tablet' });
    const tablet = await newPanelContext(browser, hub);
    await tablet.page.goto(`/ui/files?mount=media&token=${token}`);
    const row = tablet.page
      .getByRole('table', { name: 'Files' })
      .getByRole('row')
      .filter({ hasText: 'notes.txt' });
    await row.getByRole('button', { name: 'notes.txt' }).click();
    await tablet.page.getByLabel('Contents of notes.txt').waitFor();
    const saved = tablet.page.waitForEvent('download');
    await tablet.page.getByRole('button', { name: 'Download' }).click();
    const download = await saved;
    expect(download.suggestedFilename()).toBe('notes.txt');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(NOTES);
    expect([...tablet.problems.errors, ...tablet.problems.cspViolations]).toEqual([]);
    await tablet.close();
  });

  it('looks right in dark mode and on a 360 px phone, and passes axe', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
    const dark = await newPanelContext(browser, hub, { colorScheme: 'dark' });
    await signIn(dark.page, '/ui/files?mount=media');
    const darkRow = dark.page
      .getByRole('table', { name: 'Files' })
      .getByRole('row')
      .filter({ hasText: 'notes.txt' });
    await darkRow.getByRole('button', { name: 'notes.txt' }).click();
    await dark.page.getByLabel('Contents of notes.txt').waitFor();
    await dark.screenshot('files-dark');
    expect(await seriousAxeViolations(dark.page)).toEqual([]);
    await dark.close();

    const phone = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, '/ui/files?mount=media');
    const phoneRow = phone.page
      .getByRole('table', { name: 'Files' })
      .getByRole('row')
      .filter({ hasText: 'pixels.png' });
    await phoneRow.getByRole('button', { name: 'pixels.png' }).click();
    await phone.page.getByRole('img', { name: 'pixels.png' }).waitFor();
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    await phone.screenshot('files-phone');
    // A long file name without spaces wraps inside its row and its preview's heading, after a
    // separator, instead of pushing the table or the page sideways.
    await phone.page.goto('/ui/files?mount=media&path=sub/');
    const longEntry = phone.page
      .getByRole('table', { name: 'Files' })
      .getByRole('button', { name: LONG_FILE });
    await longEntry.click();
    await phone.page.getByRole('heading', { name: `Preview of ${LONG_FILE}` }).waitFor();
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    await phone.screenshot('files-long-name-phone');
    const lines = await renderedLines(longEntry);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/[_.\-]$/);
    expect([...phone.problems.errors, ...phone.problems.cspViolations]).toEqual([]);
    await phone.close();
  });

  it('caused no console error and no CSP violation', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});
