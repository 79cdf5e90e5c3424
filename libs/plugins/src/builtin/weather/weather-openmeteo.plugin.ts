import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import { openMeteoConfigSchema, type OpenMeteoOptions } from './weather.config';
import { currentArgs, forecastArgs, WeatherService, weatherShape } from './weather-service';

/** Weather from Open-Meteo (no API key), in platypush's weather shape. */
@Plugin({
  name: 'weather.openmeteo',
  doc: 'Current weather and hourly forecast from Open-Meteo (no API key), in platypush weather shape with its icon names.',
  config: openMeteoConfigSchema,
  enabledByDefault: false,
})
export class WeatherOpenMeteoPlugin implements BackgroundPlugin<OpenMeteoOptions> {
  private service: WeatherService | null = null;

  start(ctx: PluginContext<OpenMeteoOptions>): void {
    const o = ctx.options;
    this.service = new WeatherService(
      {
        latitude: o.latitude,
        longitude: o.longitude,
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
