import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { hasAudioDevice } from './audio-device';

describe('hasAudioDevice', () => {
  it('counts a PulseAudio server named in the environment', () => {
    expect(hasAudioDevice({ PULSE_SERVER: 'unix:/run/pulse/native' })).toBe(true);
  });

  it("counts the user's PulseAudio / PipeWire socket", () => {
    const runtime = mkdtempSync(join(tmpdir(), 'hub-xdg-'));
    try {
      expect(hasAudioDevice({ XDG_RUNTIME_DIR: runtime })).toBe(hasAudioDevice({}));
      mkdirSync(join(runtime, 'pulse'));
      writeFileSync(join(runtime, 'pulse', 'native'), '');
      expect(hasAudioDevice({ XDG_RUNTIME_DIR: runtime })).toBe(true);
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });
});
