import { fetchText } from '../fetch-text';
import { describeWeatherCode } from './weather-codes';

export type Units = 'metric' | 'imperial' | 'standard';

/** platypush's weather shape (weather.openweathermap's get_current_weather / forecast entries). */
export interface Weather {
  summary: string;
  icon: string;
  temperature: number | null;
  apparent_temperature: number | null;
  humidity: number | null;
  pressure: number | null;
  wind_speed: number | null;
  wind_direction: number | null;
  wind_gust: number | null;
  cloud_cover: number | null;
  precip_intensity: number | null;
  sunrise: string | null;
  sunset: string | null;
  units: Units;
  time: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  units: Units;
  baseUrl: string;
  timeoutMs: number;
}

/** The same variables now and per hour: a forecast hour reads like the current conditions. */
const VARIABLES = [
  'temperature_2m',
  'relative_humidity_2m',
  'apparent_temperature',
  'is_day',
  'precipitation',
  'weather_code',
  'cloud_cover',
  'pressure_msl',
  'wind_speed_10m',
  'wind_direction_10m',
  'wind_gusts_10m',
].join(',');
const DAILY = ['sunrise', 'sunset'];

/**
 * The Open-Meteo forecast API (https://open-meteo.com/en/docs, no API key). Units follow
 * platypush: metric (°C, m/s), imperial (°F, mph), standard (K, m/s; converted from °C here).
 */
export async function fetchForecast(location: Location, hours: number): Promise<OpenMeteoResponse> {
  const url = new URL(`${location.baseUrl.replace(/\/+$/, '')}/v1/forecast`);
  url.searchParams.set('latitude', String(location.latitude));
  url.searchParams.set('longitude', String(location.longitude));
  url.searchParams.set('current', VARIABLES);
  url.searchParams.set('hourly', VARIABLES);
  url.searchParams.set('daily', DAILY.join(','));
  url.searchParams.set('forecast_hours', String(hours));
  url.searchParams.set('timezone', 'UTC');
  url.searchParams.set('timeformat', 'unixtime');
  url.searchParams.set('temperature_unit', location.units === 'imperial' ? 'fahrenheit' : 'celsius');
  url.searchParams.set('wind_speed_unit', location.units === 'imperial' ? 'mph' : 'ms');
  url.searchParams.set('precipitation_unit', location.units === 'imperial' ? 'inch' : 'mm');
  const { text } = await fetchText(
    url.href,
    { timeoutMs: location.timeoutMs, maxBytes: 2 * 1024 * 1024 },
    null,
    'application/json',
  );
  let body: OpenMeteoResponse & { error?: boolean; reason?: string };
  try {
    body = JSON.parse(text ?? '') as typeof body;
  } catch {
    throw new Error('the weather service did not answer JSON');
  }
  if (body.error) throw new Error(`the weather service refused: ${body.reason ?? 'unknown reason'}`);
  if (!body.current || !body.hourly)
    throw new Error('the weather service answered without current/hourly data');
  return body;
}

/** The parts of Open-Meteo's reply we read (arrays are parallel, indexed by hour or day). */
export interface OpenMeteoResponse {
  current?: Record<string, number>;
  hourly?: Record<string, number[]>;
  daily?: Record<string, number[]>;
}

const kelvin = (units: Units, celsius: number | null) =>
  celsius === null || units !== 'standard' ? celsius : Math.round((celsius + 273.15) * 100) / 100;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isoSeconds = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());

function sunFor(body: OpenMeteoResponse, at: number): { sunrise: string | null; sunset: string | null } {
  const days = body.daily?.time ?? [];
  let i = days.findIndex((d, k) => d <= at && (days[k + 1] === undefined || at < days[k + 1]));
  if (i < 0) i = 0;
  return {
    sunrise: isoSeconds(num(body.daily?.sunrise?.[i])),
    sunset: isoSeconds(num(body.daily?.sunset?.[i])),
  };
}

export function currentWeather(body: OpenMeteoResponse, units: Units): Weather {
  const c = body.current!;
  return shape((k) => num(c[k]), num(c.time) ?? Date.now() / 1000, units, body);
}

export function hourlyForecast(body: OpenMeteoResponse, units: Units): Weather[] {
  const h = body.hourly!;
  return (h.time ?? []).map((t, i) => shape((k) => num(h[k]?.[i]), t, units, body));
}

function shape(
  read: (key: string) => number | null,
  time: number,
  units: Units,
  body: OpenMeteoResponse,
): Weather {
  const { summary, icon } = describeWeatherCode(read('weather_code'), read('is_day') !== 0);
  const humidity = read('relative_humidity_2m');
  const cloud = read('cloud_cover');
  return {
    summary,
    icon,
    temperature: kelvin(units, read('temperature_2m')),
    apparent_temperature: kelvin(units, read('apparent_temperature')),
    // Percentages (0-100), as platypush's openweathermap plugin passes them through.
    humidity,
    pressure: read('pressure_msl'),
    wind_speed: read('wind_speed_10m'),
    wind_direction: read('wind_direction_10m'),
    wind_gust: read('wind_gusts_10m'),
    cloud_cover: cloud,
    precip_intensity: read('precipitation'),
    ...sunFor(body, time),
    units,
    time: new Date(time * 1000).toISOString(),
  };
}
