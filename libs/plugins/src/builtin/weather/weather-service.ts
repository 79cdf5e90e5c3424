import { isDeepStrictEqual } from 'node:util';

import { z } from 'zod';

import type { PluginContext } from '../../plugin-context';
import { type PluginState, stateNow } from '../../plugin-lifecycle';
import {
  currentWeather,
  fetchForecast,
  hourlyForecast,
  type Location,
  type Units,
  type Weather,
} from './open-meteo';

export const weatherShape = z.object({
  summary: z.string(),
  icon: z
    .string()
    .describe(
      'clear-day, clear-night, partly-cloudy-day, partly-cloudy-night, cloudy, fog, rain, sleet, snow, thunderstorm',
    ),
  temperature: z.number().nullable(),
  apparent_temperature: z.number().nullable(),
  humidity: z.number().nullable().describe('%'),
  pressure: z.number().nullable().describe('hPa'),
  wind_speed: z.number().nullable(),
  wind_direction: z.number().nullable().describe('degrees'),
  wind_gust: z.number().nullable(),
  cloud_cover: z.number().nullable().describe('%'),
  precip_intensity: z.number().nullable().describe('mm (inch for imperial) in the last hour'),
  sunrise: z.string().nullable(),
  sunset: z.string().nullable(),
  units: z.enum(['metric', 'imperial', 'standard']),
  time: z.string(),
});

const units = z.enum(['metric', 'imperial', 'standard']).optional();
export const currentArgs = z.strictObject({ units });
export const forecastArgs = z.strictObject({ hours: z.number().int().min(1).max(384).default(24), units });

/** What both weather plugins do; they differ in their config keys only. */
export class WeatherService {
  private timer: NodeJS.Timeout | null = null;
  private last: Weather | null = null;
  private current: PluginState = stateNow('connecting');

  constructor(
    private readonly location: Location,
    private readonly pluginName: string,
  ) {}

  async current_weather(unitsOverride?: Units): Promise<Weather> {
    const units = unitsOverride ?? this.location.units;
    return currentWeather(await this.fetch(units, 1), units);
  }

  async forecast(hours: number, unitsOverride?: Units): Promise<Weather[]> {
    const units = unitsOverride ?? this.location.units;
    return hourlyForecast(await this.fetch(units, hours), units);
  }

  state(): PluginState {
    return this.current;
  }

  startPolling(ctx: PluginContext, seconds: number | undefined): void {
    if (seconds === undefined) return;
    const tick = async () => {
      try {
        const now = await this.current_weather();
        const { time: _t, ...conditions } = now;
        const before = this.last ? (({ time: _x, ...rest }) => rest)(this.last) : null;
        if (before === null || !isDeepStrictEqual(before, conditions)) {
          ctx.post('NewWeatherConditionEvent', { plugin_name: this.pluginName, ...now });
        }
        this.last = now;
      } catch (err) {
        ctx.log.warn({ error: (err as Error).message }, 'weather: poll failed');
      }
      this.timer = setTimeout(() => void tick(), seconds * 1000);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async fetch(units: Units, hours: number) {
    try {
      const body = await fetchForecast({ ...this.location, units }, hours);
      this.current = stateNow('connected');
      return body;
    } catch (err) {
      this.current = stateNow('error', { error: (err as Error).message });
      throw err;
    }
  }
}
