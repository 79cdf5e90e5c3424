import { EventPlugin } from './event/event.plugin';
import { FilePlugin } from './file/file.plugin';
import { HttpPlugin } from './http/http.plugin';
import { InspectPlugin } from './inspect/inspect.plugin';
import { LoggerPlugin } from './logger/logger.plugin';
import { MqttPlugin } from './mqtt/mqtt.plugin';
import { MusicMpdPlugin } from './music-mpd/music-mpd.plugin';
import { ShellPlugin } from './shell/shell.plugin';
import { TtsPlugin } from './tts/tts.plugin';
import { UtilPlugin } from './util/util.plugin';
import { VariablePlugin } from './variable/variable.plugin';

/** Every plugin shipped with the hub (config sections are validated against these before boot). */
export const BUILTIN_PLUGINS = [
  EventPlugin,
  FilePlugin,
  HttpPlugin,
  InspectPlugin,
  LoggerPlugin,
  MqttPlugin,
  MusicMpdPlugin,
  ShellPlugin,
  TtsPlugin,
  UtilPlugin,
  VariablePlugin,
] as const;
