import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import { openWeatherMapConfigSchema, type OpenWeatherMapOptions } from './weather.config';
import { currentArgs, forecastArgs, WeatherService, weatherShape } from './weather-service';

/** platypush `weather.openweathermap`, answered from Open-Meteo so its widgets and hooks keep working. */
@Plugin({
  name: 'weather.openweathermap',
  doc: 'platypush weather.openweathermap actions and output, answered from Open-Meteo (no account needed).',
  config: openWeatherMapConfigSchema,
  enabledByDefault: false,
})
export class WeatherOpenWeatherMapPlugin implements BackgroundPlugin<OpenWeatherMapOptions> {
  private service: WeatherService | null = null;

  start(ctx: PluginContext<OpenWeatherMapOptions>): void {
    const o = ctx.options;
    this.service = new WeatherService(
      {
        latitude: o.lat,
        longitude: o.long,
        units: o.units,
        baseUrl: o.base_url,
        timeoutMs: o.timeout_seconds * 1000,
      },
      ctx.name,
    );
    this.service.startPolling(ctx, o.poll_seconds);
  }

  stop(): void {
    this.service?.stop();
  }

  state(): PluginState | Record<string, PluginState> {
    return this.service?.state() ?? {};
  }

  @Action({ doc: 'The weather now.', args: currentArgs, returns: weatherShape })
  get_current_weather(args: z.output<typeof currentArgs>) {
    return this.service!.current_weather(args.units);
  }

  @Action({
    doc: 'Hourly forecast for the next `hours` (default 24), from the current hour.',
    args: forecastArgs,
    returns: z.array(weatherShape),
  })
  get_forecast(args: z.output<typeof forecastArgs>) {
    return this.service!.forecast(args.hours, args.units);
  }
}
