import { z } from 'zod';

/** One event type: its fields' schema (EventMap is derived from it) and who may post it. */
export interface EventTypeDeclaration<Fields extends z.ZodType = z.ZodType> {
  doc: string;
  /** zod schema of the event's fields (`args` without `type`); introspection publishes it. */
  fields: Fields;
  /**
   * Posted by the hub only: clients (socket.io `post`) are refused. A client posting one could
   * impersonate the hub (a forged WebhookEvent would fire webhook hooks without passing the
   * webhook's secret check).
   */
  hubOnly: boolean;
}

function declare<Fields extends z.ZodType>(
  doc: string,
  fields: Fields,
  options: { hubOnly?: boolean } = {},
): EventTypeDeclaration<Fields> {
  return { doc, fields, hubOnly: options.hubOnly ?? false };
}

const anyObject = z.record(z.string(), z.unknown());

/**
 * Every event type the hub knows, declared once. To add one, add an entry here: the `EventMap`
 * type (so `bus.post('MyEvent', fields)` is type-checked), `GET /api/v1/events/types` and the
 * hub-only check all follow from it. Names are short PascalCase ending in `Event` (api.md §1).
 */
export const EVENT_TYPES = {
  CustomEvent: declare(
    'Posted by event.post, POST /data and scripts: a subtype plus any fields.',
    z.looseObject({ subtype: z.string() }),
  ),
  WebhookEvent: declare(
    'A request to /hook/:name.',
    z.object({
      hook: z.string(),
      method: z.string(),
      args: anyObject.describe('query string'),
      data: z.unknown().describe('JSON body, or text'),
      headers: z.record(z.string(), z.string()),
    }),
    { hubOnly: true },
  ),
  VariableChangedEvent: declare(
    'A variable was set to a different value, or unset (value null).',
    z.object({ name: z.string(), value: z.unknown(), old_value: z.unknown() }),
    { hubOnly: true },
  ),
  FileUploadedEvent: declare(
    'A file was stored by POST /upload.',
    z.object({ name: z.string(), path: z.string(), url: z.string(), size: z.number(), mime: z.string() }),
    { hubOnly: true },
  ),
  ProcessOutputEvent: declare(
    'Output of a process started with shell.start.',
    z.object({ id: z.string(), stream: z.enum(['stdout', 'stderr']), data: z.string() }),
    { hubOnly: true },
  ),
  ProcessExitedEvent: declare(
    'A process started with shell.start ended.',
    z.object({ id: z.string(), exit_code: z.number().nullable(), signal: z.string().nullable() }),
    { hubOnly: true },
  ),
  DashboardChangedEvent: declare(
    'A dashboard file was created, changed or deleted.',
    z.object({ name: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
    { hubOnly: true },
  ),
  MQTTMessageEvent: declare(
    'A message on a topic the mqtt plugin subscribes to; hook conditions on topic accept + and #.',
    z.object({
      msg: z.unknown().describe('parsed JSON when the payload is JSON, else its text; base64 when binary'),
      topic: z.string(),
      host: z.string(),
      port: z.number(),
      qos: z.number(),
      retain: z.boolean(),
      binary: z.literal(true).optional().describe('the payload was not UTF-8: msg is base64'),
    }),
    { hubOnly: true },
  ),
  MQTTConnectedEvent: declare(
    'The mqtt plugin (re)connected to a broker and (re)subscribed.',
    z.object({ host: z.string(), port: z.number() }),
    { hubOnly: true },
  ),
  MQTTDisconnectedEvent: declare(
    'The mqtt plugin lost a broker; it keeps reconnecting.',
    z.object({ host: z.string(), port: z.number(), error: z.string().nullable() }),
    { hubOnly: true },
  ),
  NewPlayingTrackEvent: declare(
    'A new track started playing (music.mpd, from MPD idle).',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
    }),
    { hubOnly: true },
  ),
  MusicPlayEvent: declare(
    'Playback started or resumed.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
    }),
    { hubOnly: true },
  ),
  MusicPauseEvent: declare(
    'Playback paused.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
    }),
    { hubOnly: true },
  ),
  MusicStopEvent: declare(
    'Playback stopped.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
    }),
    { hubOnly: true },
  ),
  VolumeChangeEvent: declare(
    'The volume changed.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
      volume: z.number(),
    }),
    { hubOnly: true },
  ),
  PlaybackRandomModeChangeEvent: declare(
    'Random mode was turned on or off.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
      state: z.boolean(),
    }),
    { hubOnly: true },
  ),
  PlaybackRepeatModeChangeEvent: declare(
    'Repeat mode was turned on or off.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
      state: z.boolean(),
    }),
    { hubOnly: true },
  ),
  PlaybackConsumeModeChangeEvent: declare(
    'Consume mode was turned on or off.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
      state: z.boolean(),
    }),
    { hubOnly: true },
  ),
  PlaybackSingleModeChangeEvent: declare(
    'Single mode was turned on or off.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
      state: z.boolean(),
    }),
    { hubOnly: true },
  ),
  PlaylistChangeEvent: declare(
    'The queue (current playlist) changed.',
    z.object({
      status: anyObject.describe("MPD's status, raw string values"),
      track: anyObject.describe('the current song (currentsong), raw; {} when none'),
      plugin_name: z.string(),
    }),
    { hubOnly: true },
  ),
  NewFeedEntryEvent: declare(
    'A new entry in a subscribed feed (rss); posted once, never replayed after a restart.',
    z.object({
      feed_url: z.string(),
      url: z.string().nullable(),
      title: z.string().nullable(),
      id: z.string(),
      feed_title: z.string().nullable(),
      published: z.string().nullable().describe('ISO-8601'),
      summary: z.string().nullable(),
      author: z.string().nullable(),
    }),
    { hubOnly: true },
  ),
  NewWeatherConditionEvent: declare(
    'The weather changed (weather.openmeteo / weather.openweathermap polling): platypush weather shape.',
    z.looseObject({ plugin_name: z.string(), summary: z.string(), icon: z.string() }),
    { hubOnly: true },
  ),
  SensorDataChangeEvent: declare(
    'New readings from a polling plugin (system: cpu, load, memory, temperature).',
    z.object({ data: anyObject, source: z.string() }),
  ),
} satisfies Record<string, EventTypeDeclaration>;

/** One event type as introspection publishes it. */
export interface EventTypeInfo extends EventTypeDeclaration {
  type: string;
}

const SORTED: readonly EventTypeInfo[] = Object.entries(EVENT_TYPES)
  .map(([type, declaration]) => ({ type, ...declaration }))
  .sort((a, b) => a.type.localeCompare(b.type));

/** Every known event type, sorted by name. */
export function eventTypes(): readonly EventTypeInfo[] {
  return SORTED;
}

/** True for types only the hub may post (short names; see `normaliseEventType`). */
export function isHubOnlyEventType(type: string): boolean {
  return Object.hasOwn(EVENT_TYPES, type) && EVENT_TYPES[type as keyof typeof EVENT_TYPES].hubOnly;
}
