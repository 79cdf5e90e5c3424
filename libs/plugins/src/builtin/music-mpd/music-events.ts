import type { MpdRecord } from './mpd-protocol';

/** What MPD looked like after a change: `status` and `currentsong`, raw. */
export interface MusicSnapshot {
  status: MpdRecord;
  track: MpdRecord;
}

export type MusicEventType =
  | 'NewPlayingTrackEvent'
  | 'MusicPlayEvent'
  | 'MusicPauseEvent'
  | 'MusicStopEvent'
  | 'VolumeChangeEvent'
  | 'PlaybackRandomModeChangeEvent'
  | 'PlaybackRepeatModeChangeEvent'
  | 'PlaybackConsumeModeChangeEvent'
  | 'PlaybackSingleModeChangeEvent'
  | 'PlaylistChangeEvent';

export interface MusicEvent {
  type: MusicEventType;
  /** Fields beyond {status, track, plugin_name}. */
  fields: Record<string, unknown>;
}

const STATE_EVENTS: Record<string, MusicEventType> = {
  play: 'MusicPlayEvent',
  pause: 'MusicPauseEvent',
  stop: 'MusicStopEvent',
};

const MODE_EVENTS: Array<[key: string, type: MusicEventType]> = [
  ['random', 'PlaybackRandomModeChangeEvent'],
  ['repeat', 'PlaybackRepeatModeChangeEvent'],
  ['consume', 'PlaybackConsumeModeChangeEvent'],
  ['single', 'PlaybackSingleModeChangeEvent'],
];

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The platypush music events between two snapshots, in the order a listener expects: a new
 * track before the play event that starts it. The first snapshot after a (re)connect only sets
 * the baseline (nothing changed that anyone saw).
 */
export function musicEvents(before: MusicSnapshot | null, after: MusicSnapshot): MusicEvent[] {
  if (!before) return [];
  const events: MusicEvent[] = [];
  const was = before.status;
  const now = after.status;
  const trackChanged =
    one(after.track.file) !== undefined &&
    (one(now.songid) !== one(was.songid) || one(after.track.file) !== one(before.track.file));
  if (trackChanged && one(now.state) !== 'stop') events.push({ type: 'NewPlayingTrackEvent', fields: {} });
  const state = one(now.state);
  if (state !== one(was.state) && state && STATE_EVENTS[state])
    events.push({ type: STATE_EVENTS[state], fields: {} });
  if (one(now.volume) !== one(was.volume) && now.volume !== undefined) {
    events.push({ type: 'VolumeChangeEvent', fields: { volume: Number(one(now.volume)) } });
  }
  for (const [key, type] of MODE_EVENTS) {
    if (one(now[key]) !== one(was[key]) && now[key] !== undefined) {
      // `single` may be "oneshot"; anything but "0" is on.
      events.push({ type, fields: { state: one(now[key]) !== '0' } });
    }
  }
  if (one(now.playlist) !== one(was.playlist)) events.push({ type: 'PlaylistChangeEvent', fields: {} });
  return events;
}
