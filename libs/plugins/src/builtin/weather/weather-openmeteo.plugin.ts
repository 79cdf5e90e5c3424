import { Plugin } from '../../plugin.decorators';
import { openMeteoConfigSchema, type OpenMeteoOptions } from './weather.config';
import { WeatherPlugin } from './weather-plugin';

/** Weather from Open-Meteo (no API key), in platypush's weather shape. */
@Plugin({
  name: 'weather.openmeteo',
  doc: 'Current weather and hourly forecast from Open-Meteo (no API key), in platypush weather shape with its icon names.',
  config: openMeteoConfigSchema,
  enabledByDefault: false,
})
export class WeatherOpenMeteoPlugin extends WeatherPlugin<OpenMeteoOptions> {
  protected coordinates(o: OpenMeteoOptions) {
    return { latitude: o.latitude, longitude: o.longitude };
  }
}
