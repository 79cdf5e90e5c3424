import { CalendarPlugin } from './calendar/calendar.plugin';
import { CalendarIcalPlugin } from './calendar/calendar-ical.plugin';
import { EventPlugin } from './event/event.plugin';
import { FilePlugin } from './file/file.plugin';
import { HttpPlugin } from './http/http.plugin';
import { InspectPlugin } from './inspect/inspect.plugin';
import { LoggerPlugin } from './logger/logger.plugin';
import { MqttPlugin } from './mqtt/mqtt.plugin';
import { MusicMpdPlugin } from './music-mpd/music-mpd.plugin';
import { RssPlugin } from './rss/rss.plugin';
import { ShellPlugin } from './shell/shell.plugin';
import { SystemPlugin } from './system/system.plugin';
import { TtsPlugin } from './tts/tts.plugin';
import { UtilPlugin } from './util/util.plugin';
import { UtilsPlugin } from './utils/utils.plugin';
import { VariablePlugin } from './variable/variable.plugin';
import { WeatherOpenMeteoPlugin } from './weather/weather-openmeteo.plugin';
import { WeatherOpenWeatherMapPlugin } from './weather/weather-openweathermap.plugin';

/** Every plugin shipped with the hub (config sections are validated against these before boot). */
export const BUILTIN_PLUGINS = [
  CalendarIcalPlugin,
  CalendarPlugin,
  EventPlugin,
  FilePlugin,
  HttpPlugin,
  InspectPlugin,
  LoggerPlugin,
  MqttPlugin,
  MusicMpdPlugin,
  RssPlugin,
  ShellPlugin,
  SystemPlugin,
  TtsPlugin,
  UtilPlugin,
  UtilsPlugin,
  VariablePlugin,
  WeatherOpenMeteoPlugin,
  WeatherOpenWeatherMapPlugin,
] as const;
