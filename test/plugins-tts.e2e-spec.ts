import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

describe('tts plugin (espeak-ng)', () => {
  let hub: TestHub;

  beforeAll(async () => {
    // output: file — the same path `auto` takes on a machine without an audio device.
    hub = await bootHub({ config: `${TOKEN_CONFIG}tts:\n  output: file\n` });
  });
  afterAll(() => hub?.stop());

  it('renders speech to a WAV in the uploads dir and returns its URL', async () => {
    const out = (await run(hub, 'tts.say', {
      text: 'The garage door is open',
      voice: 'en-us',
      rate: 150,
    })) as {
      url: string;
    };
    expect(out.url).toMatch(/^\/resources\/uploads\/tts-[0-9a-f]+\.wav$/);
    const file = join(hub.config.http.upload_dir, out.url.split('/').pop()!);
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('RIFF');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('speaks text that looks like an option (text goes through stdin)', async () => {
    const out = (await run(hub, 'tts.say', { text: '--help -w /etc/passwd' })) as { url: string };
    expect(out.url).toMatch(/\.wav$/);
  });

  it('answers 502 with espeak-ng’s message for an unknown voice', async () => {
    const { status, body } = await execute(hub, {
      action: 'tts.say',
      args: { text: 'hi', voice: 'xx-nowhere' },
    });
    expect(status).toBe(502);
    expect(body.response.errors[0]).toMatch(/voice does not exist/);
  });

  it.each([
    ['no text', {}],
    ['empty text', { text: '' }],
    ['a voice with shell characters', { text: 'hi', voice: 'en;rm -rf' }],
    ['a rate out of range', { text: 'hi', rate: 5 }],
  ])('answers 400 for %s', async (_what, args) => {
    expect((await execute(hub, { action: 'tts.say', args })).status).toBe(400);
  });
});

describe('tts plugin when espeak-ng is missing', () => {
  it('says so clearly', async () => {
    const hub = await bootHub({ config: `${TOKEN_CONFIG}tts:\n  command: /nonexistent/espeak-ng\n` });
    try {
      const { status, body } = await execute(hub, { action: 'tts.say', args: { text: 'hi' } });
      expect(status).toBe(502);
      expect(body.response.errors[0]).toMatch(/not installed: install the espeak-ng package/);
    } finally {
      await hub.stop();
    }
  });
});
