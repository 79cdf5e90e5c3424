import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import { MpdClient } from './mpd-client';
import { commandLine, type MpdRecord, toRecord, toRecords } from './mpd-protocol';
import { musicEvents, type MusicSnapshot } from './music-events';

/** `music.mpd:` section of config.yaml (platypush's keys). */
export const mpdConfigSchema = z.strictObject({
  host: z.string().min(1).default('localhost'),
  port: z.number().int().min(1).max(65535).default(6600),
  /** MPD's `password` setting, if it has one. */
  password: z.string().optional(),
  /** Seconds one command may take before the connection is dropped and the action fails. */
  timeout: z.number().positive().max(60).default(10),
});
type MpdOptions = z.output<typeof mpdConfigSchema>;

const PLUGIN = 'music.mpd';
const resource = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\r\n\0]*$/, 'no line breaks')
  .describe('a file in the music directory or a stream URL');
const flag = z.strictObject({ value: z.boolean().optional().describe('default: toggle') });
const delta = z.strictObject({ delta: z.number().int().min(1).max(100).default(10) });
const empty = z.strictObject({});
const record = z.record(z.string(), z.unknown());
const tracks = z.array(record);
const filter = z
  .record(
    z.string().regex(/^[A-Za-z_]+$/, 'a tag name like artist or title'),
    z.string().regex(/^[^\r\n\0]*$/),
  )
  .describe('tag → value, e.g. {"artist": "Queen"}');
const searchArgs = z
  .strictObject({
    filter: filter.optional(),
    query: z
      .string()
      .min(1)
      .regex(/^[^\r\n\0]*$/)
      .optional()
      .describe('matched against any tag'),
  })
  .refine((a) => a.filter !== undefined || a.query !== undefined, { message: 'give filter or query' });

/**
 * MPD over its text protocol (platypush `music.mpd`). Actions answer with MPD's raw values;
 * events come from MPD's `idle` as changes happen, whoever made them.
 */
@Plugin({
  name: PLUGIN,
  doc: 'Control an MPD server; playback, volume, mode and playlist changes post music events as they happen.',
  config: mpdConfigSchema,
  enabledByDefault: false,
})
export class MusicMpdPlugin implements BackgroundPlugin<MpdOptions> {
  private client: MpdClient | null = null;
  private last: MusicSnapshot | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;

  start(ctx: PluginContext<MpdOptions>): void {
    const { host, port, password, timeout } = ctx.options;
    this.client = new MpdClient({
      host,
      port,
      password,
      commandTimeoutMs: timeout * 1000,
      log: ctx.log,
      onChange: (subsystems) => {
        if (subsystems.length === 0) this.last = null; // reconnected: new baseline
        this.refresh(ctx);
      },
    });
    this.client.start();
  }

  stop(): void {
    this.client?.stop();
  }

  state(): PluginState | Record<string, PluginState> {
    return this.client?.state() ?? {};
  }

  @Action({
    doc: "MPD's status: {state, volume, random, repeat, song, elapsed, ...} as raw strings.",
    args: empty,
    returns: record,
  })
  status() {
    return this.statusRecord();
  }

  @Action({
    doc: 'The current track: {file, title, artist, album, time, pos, id, ...}; {} when none.',
    args: empty,
    returns: record,
  })
  async current_track() {
    return toRecord(await this.mpd('currentsong'));
  }

  @Action({
    doc: 'Play; with `resource`, clear the queue, add it and play it. Returns the status.',
    args: z.strictObject({ resource: resource.optional() }),
    returns: record,
  })
  async play(args: { resource?: string }) {
    if (args.resource !== undefined) {
      await this.mpd('clear');
      await this.mpd(commandLine('add', args.resource));
    }
    return this.andStatus('play');
  }

  @Action({
    doc: 'Pause when playing, resume when paused. Returns the status.',
    args: empty,
    returns: record,
  })
  async pause() {
    const state = (await this.statusRecord()).state;
    return this.andStatus(state === 'play' ? 'pause 1' : 'pause 0');
  }

  // `stop()` is the plugin's shutdown hook (BackgroundPlugin): the action keeps platypush's name.
  @Action({ name: 'stop', doc: 'Stop. Returns the status.', args: empty, returns: record })
  stopPlayback() {
    return this.andStatus('stop');
  }

  @Action({ doc: 'Next track. Returns the status.', args: empty, returns: record })
  next() {
    return this.andStatus('next');
  }

  @Action({ doc: 'Previous track. Returns the status.', args: empty, returns: record })
  previous() {
    return this.andStatus('previous');
  }

  @Action({
    doc: 'Set the volume (0-100). Returns the status.',
    args: z.strictObject({ volume: z.number().int().min(0).max(100) }),
    returns: record,
  })
  set_volume(args: { volume: number }) {
    return this.andStatus(commandLine('setvol', args.volume));
  }

  @Action({ doc: 'Volume up by `delta` (default 10). Returns the status.', args: delta, returns: record })
  volup(args: { delta: number }) {
    return this.andStatus(commandLine('volume', args.delta));
  }

  @Action({ doc: 'Volume down by `delta` (default 10). Returns the status.', args: delta, returns: record })
  voldown(args: { delta: number }) {
    return this.andStatus(commandLine('volume', -args.delta));
  }

  @Action({
    doc: 'Seek to `position` seconds in the current track. Returns the status.',
    args: z.strictObject({ position: z.number().min(0) }),
    returns: record,
  })
  seek(args: { position: number }) {
    return this.andStatus(commandLine('seekcur', args.position));
  }

  @Action({
    doc: 'Set random mode (`value`), or toggle it. Returns the status.',
    args: flag,
    returns: record,
  })
  random(args: { value?: boolean }) {
    return this.mode('random', args.value);
  }

  @Action({
    doc: 'Set repeat mode (`value`), or toggle it. Returns the status.',
    args: flag,
    returns: record,
  })
  repeat(args: { value?: boolean }) {
    return this.mode('repeat', args.value);
  }

  @Action({
    doc: 'Set consume mode (`value`), or toggle it. Returns the status.',
    args: flag,
    returns: record,
  })
  consume(args: { value?: boolean }) {
    return this.mode('consume', args.value);
  }

  @Action({
    doc: 'Set single mode (`value`), or toggle it. Returns the status.',
    args: flag,
    returns: record,
  })
  single(args: { value?: boolean }) {
    return this.mode('single', args.value);
  }

  @Action({
    doc: 'Add a file, directory or URL to the queue (at `position`). Returns the status.',
    args: z.strictObject({ resource, position: z.number().int().min(0).optional() }),
    returns: record,
  })
  add(args: { resource: string; position?: number }) {
    const line =
      args.position === undefined
        ? commandLine('add', args.resource)
        : commandLine('addid', args.resource, args.position);
    return this.andStatus(line);
  }

  @Action({ doc: 'Empty the queue. Returns the status.', args: empty, returns: record })
  clear() {
    return this.andStatus('clear');
  }

  @Action({ doc: 'The queue: one object per track, raw values.', args: empty, returns: tracks })
  async playlistinfo() {
    return toRecords(await this.mpd('playlistinfo'), ['file']);
  }

  @Action({
    doc: 'Stored playlists: [{playlist, last-modified}], sorted by name.',
    args: empty,
    returns: tracks,
  })
  async get_playlists() {
    const lists = toRecords(await this.mpd('listplaylists'), ['playlist']);
    return lists.sort((a, b) => String(a.playlist).localeCompare(String(b.playlist)));
  }

  @Action({
    doc: 'Append a stored playlist to the queue. Returns the status.',
    args: z.strictObject({ playlist: resource }),
    returns: record,
  })
  load(args: { playlist: string }) {
    return this.andStatus(commandLine('load', args.playlist));
  }

  @Action({
    doc: 'Search the database (case-insensitive, substrings): {filter} or {query}.',
    args: searchArgs,
    returns: tracks,
  })
  search(args: z.output<typeof searchArgs>) {
    return this.lookup('search', args);
  }

  @Action({
    doc: 'Find exact matches in the database: {filter} or {query}.',
    args: searchArgs,
    returns: tracks,
  })
  find(args: z.output<typeof searchArgs>) {
    return this.lookup('find', args);
  }

  private async lookup(command: 'search' | 'find', args: z.output<typeof searchArgs>) {
    const terms: string[] = [];
    if (args.query !== undefined) terms.push('any', args.query);
    for (const [tag, value] of Object.entries(args.filter ?? {})) terms.push(tag, value);
    return toRecords(await this.mpd(commandLine(command, ...terms)), ['file', 'directory', 'playlist']);
  }

  private async mode(name: 'random' | 'repeat' | 'consume' | 'single', value: boolean | undefined) {
    const on = value ?? (await this.statusRecord())[name] === '0';
    return this.andStatus(commandLine(name, on ? 1 : 0));
  }

  /** Runs a command, then answers with the status (as platypush does). Not named `then`: that would make the plugin a thenable. */
  private async andStatus(line: string): Promise<MpdRecord> {
    await this.mpd(line);
    return this.statusRecord();
  }

  private async statusRecord(): Promise<MpdRecord> {
    return toRecord(await this.mpd('status'));
  }

  private mpd(line: string) {
    if (!this.client) throw new Error('music.mpd is not started');
    return this.client.exec(line);
  }

  /**
   * Reads status + current song after a change and posts what differs. Changes arriving while
   * a read is in flight are folded into one more read, so bursts never queue up reads.
   */
  private refresh(ctx: PluginContext): void {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          const [status, track] = await Promise.all([
            this.statusRecord(),
            this.mpd('currentsong').then(toRecord),
          ]);
          const snapshot = { status, track };
          for (const event of musicEvents(this.last, snapshot)) {
            ctx.post(event.type, { status, track, plugin_name: PLUGIN, ...event.fields });
          }
          this.last = snapshot;
        } catch (err) {
          ctx.log.debug(
            { error: (err as Error).message },
            'music.mpd: could not read the status after a change',
          );
        }
      } while (this.again);
    })().finally(() => (this.refreshing = null));
  }
}
