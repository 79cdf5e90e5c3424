import { Plugin } from '../../plugin.decorators';
import { openWeatherMapConfigSchema, type OpenWeatherMapOptions } from './weather.config';
import { WeatherPlugin } from './weather-plugin';

/** platypush `weather.openweathermap`, answered from Open-Meteo so its widgets and hooks keep working. */
@Plugin({
  name: 'weather.openweathermap',
  doc: 'platypush weather.openweathermap actions and output, answered from Open-Meteo (no account needed).',
  config: openWeatherMapConfigSchema,
  enabledByDefault: false,
})
export class WeatherOpenWeatherMapPlugin extends WeatherPlugin<OpenWeatherMapOptions> {
  /** platypush's `lat` / `long` keys. */
  protected coordinates(o: OpenWeatherMapOptions) {
    return { latitude: o.lat, longitude: o.long };
  }
}
