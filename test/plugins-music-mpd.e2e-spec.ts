import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { type AnyEvent, collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, execute, run, TOKEN_CONFIG } from './support/execute-client';
import { Mpd, type Track } from './support/services/mpd';
import { bootHub, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

const TRACKS: Track[] = [
  { file: 'morning.wav', title: 'Morning Song', artist: 'The Testers', album: 'Daybreak' },
  { file: 'evening.wav', title: 'Evening Song', artist: 'The Testers', album: 'Daybreak' },
  { file: 'other.wav', title: 'Rain', artist: 'Someone Else' },
];

const mpdConfig = (mpd: Mpd) => `${TOKEN_CONFIG}
music.mpd:
  host: ${mpd.host}
  port: ${mpd.port}
`;

type Status = Record<string, string>;

async function pluginState(hub: TestHub): Promise<{ status: string; error?: string }> {
  const res = await hub.fetch('/api/v1/plugins/music.mpd', { headers: AS_OWNER });
  return ((await res.json()) as { state: { status: string } }).state;
}

const connected = (hub: TestHub) =>
  waitFor(async () => (await pluginState(hub)).status === 'connected', { what: 'music.mpd connected' });

describe('music.mpd against a real mpd', () => {
  let mpd: Mpd;
  let hub: TestHub;

  beforeAll(async () => {
    mpd = await Mpd.start(TRACKS);
    hub = await bootHub({ config: mpdConfig(mpd) });
    await connected(hub);
  });
  afterAll(async () => {
    await hub?.stop();
    await mpd?.dispose();
  });

  it('plays a resource: NewPlayingTrackEvent then MusicPlayEvent, with status, track and plugin_name', async () => {
    const track = nextEvent(hub, 'NewPlayingTrackEvent');
    const play = nextEvent(hub, 'MusicPlayEvent');
    const status = (await run(hub, 'music.mpd.play', { resource: 'morning.wav' })) as Status;
    expect(status.state).toBe('play');
    expect(status.playlistlength).toBe('1');
    const [t, p] = await Promise.all([track, play]);
    expect(t.args).toMatchObject({
      plugin_name: 'music.mpd',
      track: { file: 'morning.wav', title: 'Morning Song', artist: 'The Testers' },
      status: { state: 'play' },
    });
    expect(t.seq).toBeLessThan(p.seq);
    const current = (await run(hub, 'music.mpd.current_track')) as Status;
    expect(current).toMatchObject({
      file: 'morning.wav',
      title: 'Morning Song',
      artist: 'The Testers',
      album: 'Daybreak',
    });
  });

  it('lists its events with their fields in /api/v1/events/types', async () => {
    const types = (await (await hub.fetch('/api/v1/events/types', { headers: AS_OWNER })).json()) as Array<{
      type: string;
      fields: { properties: Record<string, unknown> };
    }>;
    const volume = types.find((t) => t.type === 'VolumeChangeEvent');
    expect(Object.keys(volume!.fields.properties).sort()).toEqual([
      'plugin_name',
      'status',
      'track',
      'volume',
    ]);
    for (const name of [
      'NewPlayingTrackEvent',
      'MusicPlayEvent',
      'PlaybackRandomModeChangeEvent',
      'PlaylistChangeEvent',
    ]) {
      expect(types.some((t) => t.type === name)).toBe(true);
    }
  });

  it('answers with MPD raw string values, as platypush does', async () => {
    const status = (await run(hub, 'music.mpd.status')) as Status;
    for (const key of ['volume', 'repeat', 'random', 'playlist', 'state'])
      expect(typeof status[key]).toBe('string');
  });

  it('posts events for a change another MPD client makes, within a second', async () => {
    const pause = nextEvent(hub, 'MusicPauseEvent', () => true, 1000);
    const started = Date.now();
    await mpd.command('pause 1');
    expect((await pause).args).toMatchObject({ status: { state: 'pause' }, track: { file: 'morning.wav' } });
    expect(Date.now() - started).toBeLessThan(1000);
    const volume = nextEvent(hub, 'VolumeChangeEvent', () => true, 1000);
    await mpd.command('setvol 33');
    expect((await volume).args).toMatchObject({ volume: 33, status: { volume: '33' } });
  });

  it('pause toggles, stop stops, volume and seek work', async () => {
    const resumed = nextEvent(hub, 'MusicPlayEvent');
    expect(((await run(hub, 'music.mpd.pause')) as Status).state).toBe('play');
    await resumed;
    expect(((await run(hub, 'music.mpd.pause')) as Status).state).toBe('pause');
    expect(((await run(hub, 'music.mpd.set_volume', { volume: 40 })) as Status).volume).toBe('40');
    expect(((await run(hub, 'music.mpd.volup', { delta: 5 })) as Status).volume).toBe('45');
    expect(((await run(hub, 'music.mpd.voldown')) as Status).volume).toBe('35');
    const seeked = (await run(hub, 'music.mpd.seek', { position: 12 })) as Status;
    expect(Number(seeked.elapsed)).toBeGreaterThanOrEqual(12);
    const stopped = nextEvent(hub, 'MusicStopEvent');
    expect(((await run(hub, 'music.mpd.stop')) as Status).state).toBe('stop');
    await stopped;
    const { status } = await execute(hub, { action: 'music.mpd.set_volume', args: { volume: 101 } });
    expect(status).toBe(400);
  });

  it('toggles and sets random and repeat, posting the mode events', async () => {
    const random = nextEvent(hub, 'PlaybackRandomModeChangeEvent');
    const before = ((await run(hub, 'music.mpd.status')) as Status).random;
    const toggled = (await run(hub, 'music.mpd.random')) as Status;
    expect(toggled.random).toBe(before === '0' ? '1' : '0');
    expect((await random).args.state).toBe(toggled.random === '1');
    const repeat = nextEvent(hub, 'PlaybackRepeatModeChangeEvent');
    expect(((await run(hub, 'music.mpd.repeat', { value: true })) as Status).repeat).toBe('1');
    expect((await repeat).args.state).toBe(true);
  });

  it('manages the queue: add, playlistinfo, next, previous, clear', async () => {
    // In order: random mode (toggled above) would make next pick any song.
    await run(hub, 'music.mpd.random', { value: false });
    await run(hub, 'music.mpd.clear');
    const changed = nextEvent(hub, 'PlaylistChangeEvent');
    await run(hub, 'music.mpd.add', { resource: 'morning.wav' });
    await changed;
    await run(hub, 'music.mpd.add', { resource: 'evening.wav' });
    const queue = (await run(hub, 'music.mpd.playlistinfo')) as Status[];
    expect(queue.map((t) => t.title)).toEqual(['Morning Song', 'Evening Song']);
    expect(queue[0]).toMatchObject({ file: 'morning.wav', pos: '0', artist: 'The Testers' });
    await run(hub, 'music.mpd.play');
    const next = nextEvent(
      hub,
      'NewPlayingTrackEvent',
      (e) => (e.args.track as Status).file === 'evening.wav',
    );
    await run(hub, 'music.mpd.next');
    await next;
    expect(((await run(hub, 'music.mpd.current_track')) as Status).title).toBe('Evening Song');
    await run(hub, 'music.mpd.previous');
    expect(((await run(hub, 'music.mpd.current_track')) as Status).title).toBe('Morning Song');
    expect(((await run(hub, 'music.mpd.clear')) as Status).playlistlength).toBe('0');
  });

  it('searches and finds in the database', async () => {
    const found = (await run(hub, 'music.mpd.search', { filter: { artist: 'testers' } })) as Status[];
    expect(found.map((t) => t.file).sort()).toEqual(['evening.wav', 'morning.wav']);
    const exact = (await run(hub, 'music.mpd.find', { filter: { title: 'Rain' } })) as Status[];
    expect(exact).toEqual([expect.objectContaining({ file: 'other.wav', artist: 'Someone Else' })]);
    expect(await run(hub, 'music.mpd.find', { filter: { title: 'rain' } })).toEqual([]);
    expect(
      ((await run(hub, 'music.mpd.search', { query: 'evening' })) as Status[]).map((t) => t.file),
    ).toEqual(['evening.wav']);
    expect((await execute(hub, { action: 'music.mpd.search', args: {} })).status).toBe(400);
  });

  it('loads stored playlists and lists them', async () => {
    await mpd.command('clear');
    await mpd.command('add "other.wav"');
    await mpd.command('add "morning.wav"');
    await mpd.command('save "rainy day"');
    await mpd.command('clear');
    const lists = (await run(hub, 'music.mpd.get_playlists')) as Status[];
    expect(lists.map((l) => l.playlist)).toEqual(['rainy day']);
    await run(hub, 'music.mpd.load', { playlist: 'rainy day' });
    expect(((await run(hub, 'music.mpd.playlistinfo')) as Status[]).map((t) => t.file)).toEqual([
      'other.wav',
      'morning.wav',
    ]);
  });

  it('answers a refused command with a 502 that says why, and refuses line breaks with 400', async () => {
    const missing = await execute(hub, { action: 'music.mpd.add', args: { resource: 'no-such-file.wav' } });
    expect(missing.status).toBe(502);
    expect(missing.body.response.errors[0]).toMatch(/MPD refused 'add'/);
    const injected = await execute(hub, { action: 'music.mpd.add', args: { resource: 'a.wav\nclear' } });
    expect(injected.status).toBe(400);
  });

  it('runs concurrent commands through its queue without mixing replies', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? run(hub, 'music.mpd.status') : run(hub, 'music.mpd.find', { filter: { title: 'Rain' } }),
      ),
    );
    results.forEach((r, i) => {
      if (i % 2) expect(r).toHaveProperty('state');
      else expect(r).toEqual([expect.objectContaining({ file: 'other.wav' })]);
    });
  });

  it('reconnects after MPD is killed and restarted, and posts events again', async () => {
    await mpd.kill();
    await waitFor(async () => (await pluginState(hub)).status !== 'connected', { what: 'the loss noticed' });
    const down = await execute(hub, { action: 'music.mpd.status' });
    expect(down.status).toBe(502);
    expect(down.body.response.errors[0]).toMatch(/not connected/);
    expect((await hub.fetch('/healthz')).status).toBe(200);
    await mpd.start();
    await waitFor(async () => (await pluginState(hub)).status === 'connected', {
      what: 'reconnected',
      timeoutMs: 10_000,
    });
    const volume = nextEvent(hub, 'VolumeChangeEvent', (e: AnyEvent) => e.args.volume === 61);
    await mpd.command('setvol 61');
    await volume;
  });
});

describe('music.mpd with MPD down at start', () => {
  it('boots, says it is connecting, and connects once MPD comes up', async () => {
    const mpd = await Mpd.prepare(TRACKS);
    const hub = await bootHub({ config: mpdConfig(mpd) });
    try {
      const state = await pluginState(hub);
      expect(state.status).toBe('connecting');
      const { status } = await execute(hub, { action: 'music.mpd.play' });
      expect(status).toBe(502);
      await mpd.start();
      await waitFor(async () => (await pluginState(hub)).status === 'connected', {
        timeoutMs: 10_000,
        what: 'connected',
      });
      const events = collectEvents(hub, 'MusicPlayEvent');
      await run(hub, 'music.mpd.play', { resource: 'other.wav' });
      await waitFor(() => events.events.length > 0, { what: 'MusicPlayEvent' });
      events.stop();
    } finally {
      await hub.stop();
      await mpd.dispose();
    }
  });
});

describe('music.mpd config section', () => {
  it('is off until configured, then platypush keys load', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      const { status, body } = await execute(hub, { action: 'music.mpd.status' });
      expect(status).toBe(404);
      expect(body.response.errors[0]).toMatch(/disabled/);
    } finally {
      await hub.stop();
    }
  });

  it('refuses a bad port with its line', async () => {
    const failure = await bootHub({
      config: `${TOKEN_CONFIG}music.mpd:\n  host: localhost\n  port: 70000\n`,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/music\.mpd\.port: .*\(config\.yaml:4\)/);
  });
});
