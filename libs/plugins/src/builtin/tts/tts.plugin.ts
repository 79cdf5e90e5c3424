import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { ErrorCode, HubError, newId } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';
import { hasAudioDevice } from './audio-device';

/** `tts:` section of config.yaml. */
export const ttsConfigSchema = z
  .strictObject({
    /** The espeak-ng executable (Debian package `espeak-ng`). */
    command: z.string().min(1).default('espeak-ng'),
    /** Default voice (`espeak-ng --voices` lists them), e.g. `en`, `en-us`, `it`, `en+f3`. */
    voice: z.string().min(1).optional(),
    /** platypush's names for the default language (`en-gb`): the voice when `voice` is not given. */
    language: z.string().min(1).optional(),
    lang: z.string().min(1).optional(),
    /** Default speed in words per minute. */
    rate: z.number().int().min(80).max(500).default(175),
    /** `auto`: play when there is an audio device, else render a WAV; `device` / `file` force one. */
    output: z.enum(['auto', 'device', 'file']).default('auto'),
  })
  .transform(({ voice, language, lang, ...rest }) => ({ ...rest, voice: voice ?? language ?? lang ?? 'en' }));
type TtsOptions = z.output<typeof ttsConfigSchema>;

const sayArgs = z.strictObject({
  text: z.string().min(1).max(10_000),
  voice: z
    .string()
    .regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'a voice name like en, en-us or en+f3')
    .optional(),
  rate: z.number().int().min(80).max(500).optional().describe('words per minute'),
});

/** Text to speech with espeak-ng (platypush `tts`). */
@Plugin({
  name: 'tts',
  doc: 'Speak text with espeak-ng: on the audio device, or rendered to a WAV under /resources/uploads.',
  config: ttsConfigSchema,
})
export class TtsPlugin {
  @Action({
    doc: 'Say `text`: {"success": true} when played, {url} of the WAV when there is no audio device.',
    args: sayArgs,
    returns: z.union([z.object({ success: z.literal(true) }), z.object({ url: z.string() })]),
    timeoutSeconds: 120,
  })
  async say(args: z.output<typeof sayArgs>, ctx: ActionContext<TtsOptions>) {
    const options = ctx.options;
    const toDevice = options.output === 'device' || (options.output === 'auto' && hasAudioDevice());
    const argv = ['--stdin', '-v', args.voice ?? options.voice, '-s', String(args.rate ?? options.rate)];
    if (toDevice) {
      await run(options.command, argv, args.text, ctx.signal);
      return;
    }
    await mkdir(ctx.paths.uploadDir, { recursive: true });
    const name = `tts-${newId()}.wav`;
    await run(options.command, [...argv, '-w', join(ctx.paths.uploadDir, name)], args.text, ctx.signal);
    return { url: `/resources/uploads/${name}` };
  }
}

/** Runs espeak-ng with the text on stdin (never on the command line: no option injection). */
function run(command: string, argv: string[], text: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['pipe', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')).slice(0, 2000));
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new HubError(
            ErrorCode.ActionFailed,
            `${command} is not installed: install the espeak-ng package (apt-get install espeak-ng)`,
          ),
        );
      } else if (err.name !== 'AbortError') {
        reject(new HubError(ErrorCode.ActionFailed, `${command} failed to start: ${err.message}`));
      }
    });
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new HubError(ErrorCode.ActionFailed, `${command} failed: ${stderr.trim() || `exit code ${code}`}`),
        );
    });
  });
}
