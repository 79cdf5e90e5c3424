import type { AttributeSchema, WidgetDefinition } from './attribute-schema';

/**
 * Every widget a dashboard may use: the one list the catalogue endpoint, the validator, the
 * webapp's renderer and docs/dashboards.md are built from. platypush's widgets keep their names
 * and attributes (`img-dir`, `refresh-seconds`, `db`), so its dashboards load unchanged.
 */

const refresh = (seconds: number, what = 'Re-fetch every N seconds'): AttributeSchema => ({
  type: 'number',
  minimum: 0,
  default: seconds,
  description: `${what} (0: only on events and reconnects).`,
});

const title: AttributeSchema = { type: 'string', description: 'Title shown at the top of the tile.' };

/** Where Sensor, Gauge and SensorChart read their number from: a variable, or a field of an event. */
const VALUE_SOURCE: Record<string, AttributeSchema> = {
  variable: {
    type: 'string',
    description: 'Read the value of this variable (variable.get, then VariableChangedEvent).',
  },
  'event-type': {
    type: 'string',
    description: 'Or read it from events of this type (e.g. `MQTTMessageEvent`, `SensorDataChangeEvent`).',
  },
  field: {
    type: 'string',
    default: 'value',
    description: 'Dot path of the value inside the event (`msg.temperature`, `data.value`).',
  },
  filter: {
    type: 'object',
    default: {},
    description: 'JSON object the event must partially match (e.g. `{"topic": "home/temp"}`).',
  },
  unit: { type: 'string', description: 'Unit shown after the value (`°C`, `%`).' },
  precision: { type: 'integer', minimum: 0, maximum: 6, default: 1, description: 'Decimals shown.' },
  title,
};

export const WIDGETS = {
  Calendar: {
    doc: 'Upcoming events from the `calendar` plugin (`calendar.get_upcoming_events`), next one highlighted.',
    plugin: 'calendar',
    attributes: {
      'max-results': { type: 'integer', minimum: 1, maximum: 50, default: 10, description: 'Events shown.' },
      'refresh-seconds': refresh(600),
      title,
    },
  },
  Music: {
    doc: 'The current track of `music.mpd` with play/pause, previous and next; follows the player events.',
    plugin: 'music.mpd',
    attributes: {
      plugin: { type: 'string', default: 'music.mpd', description: 'Music plugin to use.' },
      controls: { type: 'boolean', default: true, description: 'Show the playback buttons.' },
    },
  },
  DateTimeWeather: {
    doc: 'Date, time and the current weather (`weather.openmeteo.get_current_weather`), platypush style.',
    plugin: 'weather.openmeteo',
    attributes: {
      plugin: { type: 'string', default: 'weather.openmeteo', description: 'Weather plugin to use.' },
      'show-date': { type: 'boolean', default: true, description: 'Show the date.' },
      'show-seconds': { type: 'boolean', default: false, description: 'Show seconds.' },
      'refresh-seconds': refresh(900, 'Re-fetch the weather every N seconds'),
    },
  },
  ImageCarousel: {
    doc: 'Cycles through the images of a directory exposed in `backend.http.resource_dirs` (`utils.search_web_directory`).',
    plugin: 'utils',
    required: ['img-dir'],
    attributes: {
      'img-dir': { type: 'string', description: 'Directory on the hub (inside a resource mount).' },
      'refresh-seconds': { type: 'number', minimum: 1, default: 15, description: 'Seconds per image.' },
      shuffle: { type: 'boolean', default: true, description: 'Random order.' },
    },
  },
  RssNews: {
    doc: 'Headlines from the `rss` plugin, one at a time, newest first; new entries arrive as events.',
    plugin: 'rss',
    attributes: {
      db: {
        type: 'string',
        description: "platypush's feed database: accepted and ignored (the rss plugin keeps its own).",
      },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Entries kept.' },
      'refresh-seconds': { type: 'number', minimum: 1, default: 15, description: 'Seconds per headline.' },
    },
  },
  DateTime: {
    doc: 'The current date and time of the tablet.',
    attributes: {
      'show-date': { type: 'boolean', default: true, description: 'Show the date.' },
      'show-seconds': { type: 'boolean', default: false, description: 'Show seconds.' },
      locale: { type: 'string', description: 'BCP 47 locale (default: the browser’s).' },
    },
  },
  Weather: {
    doc: 'Current weather: temperature, summary, humidity and wind (`weather.openmeteo`).',
    plugin: 'weather.openmeteo',
    attributes: {
      plugin: { type: 'string', default: 'weather.openmeteo', description: 'Weather plugin to use.' },
      'show-details': {
        type: 'boolean',
        default: true,
        description: 'Humidity, wind and apparent temperature.',
      },
      'refresh-seconds': refresh(900),
    },
  },
  Camera: {
    doc: 'A camera picture: an MJPEG stream, or a snapshot URL reloaded every few seconds.',
    required: ['url'],
    attributes: {
      url: { type: 'string', format: 'uri', description: 'Stream or snapshot URL.' },
      'refresh-seconds': refresh(0, 'Reload the snapshot every N seconds'),
      title,
    },
  },
  Variable: {
    doc: 'The value of a variable, live (`variable.get`, then `VariableChangedEvent`).',
    required: ['name'],
    attributes: {
      name: { type: 'string', description: 'Variable name.' },
      title,
      unit: { type: 'string', description: 'Shown after the value.' },
    },
  },
  Button: {
    doc: 'Runs an action; shows running, done or the server’s error message.',
    text: 'The button label (or the `label` attribute).',
    required: ['action'],
    attributes: {
      action: { type: 'string', description: 'Action to run (`light.toggle`, `procedure.morning`).' },
      args: { type: 'object', default: {}, description: 'JSON object of arguments.' },
      label: { type: 'string', description: 'Button text (default: the element text or the action).' },
      confirm: { type: 'string', description: 'Ask this question before running.' },
    },
  },
  Switch: {
    doc: 'A toggle bound to a boolean variable (`variable.set`), following its changes.',
    required: ['variable'],
    attributes: {
      variable: { type: 'string', description: 'Variable holding true/false.' },
      label: { type: 'string', description: 'Label (default: the variable name).' },
    },
  },
  Slider: {
    doc: 'A slider bound to a numeric variable; sets it when released, follows its changes.',
    required: ['variable'],
    attributes: {
      variable: { type: 'string', description: 'Variable holding the number.' },
      min: { type: 'number', default: 0, description: 'Lowest value.' },
      max: { type: 'number', default: 100, description: 'Highest value.' },
      step: { type: 'number', minimum: 0, default: 1, description: 'Step.' },
      label: { type: 'string', description: 'Label (default: the variable name).' },
      unit: { type: 'string', description: 'Shown after the value.' },
    },
  },
  Sensor: {
    doc: 'The latest reading of a sensor: a variable or a field of matching events (snapshot from the event log).',
    attributes: VALUE_SOURCE,
  },
  SensorChart: {
    doc: 'A sensor’s history as a line (from the event log, down-sampled), extended live by events.',
    attributes: {
      ...VALUE_SOURCE,
      points: {
        type: 'integer',
        minimum: 2,
        maximum: 1000,
        default: 120,
        description: 'Points drawn at most.',
      },
      history: {
        type: 'integer',
        minimum: 0,
        maximum: 1000,
        default: 500,
        description: 'Past events loaded.',
      },
    },
  },
  Gauge: {
    doc: 'A sensor reading on a dial between `min` and `max`.',
    attributes: {
      ...VALUE_SOURCE,
      min: { type: 'number', default: 0, description: 'Start of the scale.' },
      max: { type: 'number', default: 100, description: 'End of the scale.' },
    },
  },
  Image: {
    doc: 'A picture, optionally reloaded every few seconds.',
    required: ['src'],
    attributes: {
      src: { type: 'string', format: 'uri', description: 'Image URL (`/resources/<mount>/...` or http(s)).' },
      alt: { type: 'string', default: '', description: 'Text alternative.' },
      'refresh-seconds': refresh(0, 'Reload every N seconds'),
      fit: {
        type: 'string',
        enum: ['cover', 'contain'],
        default: 'cover',
        description: 'How it fills the tile.',
      },
    },
  },
  Markdown: {
    doc: 'Markdown text; raw HTML is shown as text, links only http(s) and relative.',
    text: 'The Markdown source.',
    attributes: { title },
  },
  EventLog: {
    doc: 'The latest events (type, time, summary), from the event log, then live.',
    attributes: {
      types: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Event types shown (all when empty).',
      },
      limit: { type: 'integer', minimum: 1, maximum: 200, default: 20, description: 'Events kept.' },
      title,
    },
  },
  Iframe: {
    doc: 'Embeds a page of the hub itself (`/resources/...`), or of an origin listed in the Dashboard’s `allow-origins` (the page’s CSP, `frame-src`, must allow it too); sandboxed.',
    required: ['src'],
    attributes: {
      src: { type: 'string', format: 'uri', description: 'Page URL.' },
      title: { type: 'string', default: 'Embedded page', description: 'Accessible name of the frame.' },
    },
  },
  Process: {
    doc: 'Live output of a process started with `shell.start` (by its name or id).',
    plugin: 'shell',
    required: ['process'],
    attributes: {
      process: { type: 'string', description: 'Process name or id.' },
      lines: { type: 'integer', minimum: 1, maximum: 500, default: 20, description: 'Lines kept.' },
      title,
    },
  },
  Heading: {
    doc: 'A heading across the row.',
    text: 'The heading text (or the `text` attribute).',
    attributes: {
      text: { type: 'string', description: 'Heading text.' },
      level: { type: 'integer', minimum: 1, maximum: 6, default: 2, description: 'Heading level.' },
    },
  },
} satisfies Record<string, WidgetDefinition>;

export type WidgetTag = keyof typeof WIDGETS;

export function isWidgetTag(tag: string): tag is WidgetTag {
  return Object.prototype.hasOwnProperty.call(WIDGETS, tag);
}

/** The root element's attributes (`<Dashboard title theme class style kiosk ...>`). */
export const DASHBOARD_ATTRIBUTES: Record<string, AttributeSchema> = {
  title: { type: 'string', description: 'Page title (default: the dashboard name).' },
  theme: {
    type: 'string',
    enum: ['light', 'dark', 'auto', 'schedule'],
    default: 'auto',
    description: '`auto` follows the device; `schedule` is dark between `night-start` and `night-end`.',
  },
  kiosk: { type: 'boolean', default: false, description: 'Wall-tablet mode, as `?kiosk=1`.' },
  'night-start': {
    type: 'string',
    format: 'time',
    default: '22:00',
    description: 'Start of the night (HH:MM).',
  },
  'night-end': { type: 'string', format: 'time', default: '07:00', description: 'End of the night (HH:MM).' },
  'night-dim': {
    type: 'number',
    minimum: 0,
    maximum: 0.9,
    default: 0,
    description: 'How much to dim the screen at night in kiosk mode (0: not at all, 0.7: strongly).',
  },
  'pixel-shift': {
    type: 'boolean',
    default: false,
    description: 'Move the page by a few pixels every minute (burn-in).',
  },
  'allow-origins': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Origins Iframe widgets may embed (`https://grafana.lan`), besides the hub itself.',
  },
  class: { type: 'string', description: 'CSS classes of the page.' },
  style: { type: 'string', description: 'Inline CSS of the page.' },
};

export const ROW_ATTRIBUTES: Record<string, AttributeSchema> = {
  class: { type: 'string', description: 'CSS classes of the row.' },
  style: { type: 'string', description: 'Inline CSS of the row.' },
};
