import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether this machine has somewhere to play sound: an ALSA playback device, or a PulseAudio /
 * PipeWire server. Servers and containers usually have none.
 */
export function hasAudioDevice(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.PULSE_SERVER) return true;
  if (env.XDG_RUNTIME_DIR && existsSync(join(env.XDG_RUNTIME_DIR, 'pulse', 'native'))) return true;
  try {
    return readdirSync('/dev/snd').some((name) => /^pcmC\d+D\d+p$/.test(name));
  } catch {
    return false;
  }
}
