import { describe, expect, it } from 'vitest';

import { ttsConfigSchema } from './tts.plugin';

describe('tts config section', () => {
  it("takes platypush's language / lang as the default voice", () => {
    expect(ttsConfigSchema.parse({ lang: 'en-gb' }).voice).toBe('en-gb');
    expect(ttsConfigSchema.parse({ language: 'it' }).voice).toBe('it');
  });

  it('prefers voice, and defaults to en', () => {
    expect(ttsConfigSchema.parse({ voice: 'de', language: 'it' }).voice).toBe('de');
    expect(ttsConfigSchema.parse({}).voice).toBe('en');
  });

  it('still refuses an unknown key', () => {
    expect(ttsConfigSchema.safeParse({ langauge: 'it' }).success).toBe(false);
  });
});
