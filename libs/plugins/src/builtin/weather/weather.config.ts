import { z } from 'zod';

const shared = {
  units: z.enum(['metric', 'imperial', 'standard']).default('metric'),
  /** Open-Meteo's API root; a mirror, a self-hosted instance, or a test server. */
  base_url: z.url({ protocol: /^https?$/ }).default('https://api.open-meteo.com'),
  timeout_seconds: z.number().positive().max(120).default(20),
  /** Poll this often and post NewWeatherConditionEvent when the weather changes; off when absent. */
  poll_seconds: z.number().min(1).optional(),
};

/** `weather.openmeteo:` section. */
export const openMeteoConfigSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  ...shared,
});

/**
 * `weather.openweathermap:` with platypush's keys (`lat`, `long`), answered from Open-Meteo so
 * the platypush widgets and hooks keep working without an OpenWeatherMap account. `token` is
 * accepted and unused (never logged).
 */
export const openWeatherMapConfigSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  long: z.number().min(-180).max(180),
  token: z.string().optional(),
  ...shared,
});

export type OpenMeteoOptions = z.output<typeof openMeteoConfigSchema>;
export type OpenWeatherMapOptions = z.output<typeof openWeatherMapConfigSchema>;
/** The keys both sections share: what `WeatherPlugin` reads besides the coordinates. */
export type WeatherOptions = z.output<z.ZodObject<typeof shared>>;
