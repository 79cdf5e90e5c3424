import { z } from 'zod';

import { Action } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import type { Location } from './open-meteo';
import type { WeatherOptions } from './weather.config';
import { currentArgs, forecastArgs, WeatherService, weatherShape } from './weather-service';

/**
 * The body of both weather plugins: they differ only in their name and in the config keys of
 * their coordinates, which each subclass reads in `coordinates()`. The actions are declared here
 * once and inherited (the registry and `actionStatusOf` read the whole prototype chain).
 */
export abstract class WeatherPlugin<O extends WeatherOptions> implements BackgroundPlugin<O> {
  private service: WeatherService | null = null;

  protected abstract coordinates(options: O): Pick<Location, 'latitude' | 'longitude'>;

  start(ctx: PluginContext<O>): void {
    const o = ctx.options;
    this.service = new WeatherService(
      {
        ...this.coordinates(o),
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
