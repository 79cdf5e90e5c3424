import { describe, expect, it } from 'vitest';

import { musicEvents, type MusicSnapshot } from './music-events';

const snapshot = (status: Record<string, string>, file?: string): MusicSnapshot => ({
  status: {
    state: 'stop',
    volume: '50',
    random: '0',
    repeat: '0',
    consume: '0',
    single: '0',
    playlist: '1',
    ...status,
  },
  track: file ? { file } : {},
});

describe('musicEvents', () => {
  it('sets a baseline on the first snapshot', () => {
    expect(musicEvents(null, snapshot({ state: 'play' }, 'a.wav'))).toEqual([]);
  });

  it('posts the new track before the play event', () => {
    const events = musicEvents(snapshot({}), snapshot({ state: 'play', songid: '1' }, 'a.wav'));
    expect(events.map((e) => e.type)).toEqual(['NewPlayingTrackEvent', 'MusicPlayEvent']);
  });

  it('posts pause, stop, volume and mode changes', () => {
    const playing = snapshot({ state: 'play', songid: '1' }, 'a.wav');
    expect(
      musicEvents(playing, snapshot({ state: 'pause', songid: '1' }, 'a.wav')).map((e) => e.type),
    ).toEqual(['MusicPauseEvent']);
    expect(
      musicEvents(playing, snapshot({ state: 'stop', songid: '1' }, 'a.wav')).map((e) => e.type),
    ).toEqual(['MusicStopEvent']);
    expect(musicEvents(playing, snapshot({ state: 'play', songid: '1', volume: '70' }, 'a.wav'))).toEqual([
      { type: 'VolumeChangeEvent', fields: { volume: 70 } },
    ]);
    expect(
      musicEvents(playing, snapshot({ state: 'play', songid: '1', random: '1', single: 'oneshot' }, 'a.wav')),
    ).toEqual([
      { type: 'PlaybackRandomModeChangeEvent', fields: { state: true } },
      { type: 'PlaybackSingleModeChangeEvent', fields: { state: true } },
    ]);
  });

  it('posts a playlist change when its version moves', () => {
    expect(musicEvents(snapshot({}), snapshot({ playlist: '2' })).map((e) => e.type)).toEqual([
      'PlaylistChangeEvent',
    ]);
  });
});
