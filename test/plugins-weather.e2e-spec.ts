import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { collectEvents, nextEvent } from './support/bus-events';
import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { type FixtureServer, startFixtureServer } from './support/services/fixture-server';
import { bootHub, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

/**
 * Open-Meteo has no local server: these replies follow its documented format
 * (https://open-meteo.com/en/docs, `timeformat=unixtime`), served by the test's HTTP server.
 */
const HOUR = 3600;
const t0 = 1764576000; // 2025-12-01T08:00:00Z

let code = 2;
let temperature = 7.5;

function openMeteoReply(query: URLSearchParams) {
  const hours = Number(query.get('forecast_hours') ?? 24);
  const f = query.get('temperature_unit') === 'fahrenheit';
  const temp = (c: number) => (f ? Math.round((c * 9) / 5 + 32) : c);
  return {
    latitude: Number(query.get('latitude')),
    longitude: Number(query.get('longitude')),
    generationtime_ms: 0.1,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 38,
    current_units: { time: 'unixtime', interval: 'seconds', temperature_2m: f ? '°F' : '°C' },
    current: {
      time: t0,
      interval: 900,
      temperature_2m: temp(temperature),
      relative_humidity_2m: 81,
      apparent_temperature: temp(temperature - 3),
      is_day: 1,
      precipitation: 0.2,
      weather_code: code,
      cloud_cover: 64,
      pressure_msl: 1012.3,
      wind_speed_10m: 4.2,
      wind_direction_10m: 250,
      wind_gusts_10m: 9.1,
    },
    hourly_units: { time: 'unixtime' },
    hourly: {
      time: Array.from({ length: hours }, (_, i) => t0 + i * HOUR),
      temperature_2m: Array.from({ length: hours }, (_, i) => temp(7 + i / 10)),
      relative_humidity_2m: Array.from({ length: hours }, () => 80),
      apparent_temperature: Array.from({ length: hours }, () => temp(4)),
      is_day: Array.from({ length: hours }, (_, i) => (i < 8 ? 1 : 0)),
      precipitation: Array.from({ length: hours }, () => 0),
      weather_code: Array.from({ length: hours }, (_, i) => (i < 8 ? 61 : 0)),
      cloud_cover: Array.from({ length: hours }, () => 50),
      pressure_msl: Array.from({ length: hours }, () => 1010),
      wind_speed_10m: Array.from({ length: hours }, () => 3),
      wind_direction_10m: Array.from({ length: hours }, () => 180),
      wind_gusts_10m: Array.from({ length: hours }, () => 6),
    },
    daily_units: { time: 'unixtime', sunrise: 'unixtime', sunset: 'unixtime' },
    daily: {
      time: [t0 - 8 * HOUR, t0 + 16 * HOUR],
      sunrise: [t0 - 30 * 60, t0 + 23 * HOUR],
      sunset: [t0 + 8 * HOUR, t0 + 32 * HOUR],
    },
  };
}

describe('weather plugins against Open-Meteo replies from a local server', () => {
  let server: FixtureServer;
  let hub: TestHub;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/v1/forecast': (req, res) => {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(openMeteoReply(query)));
      },
    });
    hub = await bootHub({
      config: `${TOKEN_CONFIG}
weather.openmeteo:
  latitude: 52.52
  longitude: 13.41
  base_url: ${server.url}
  poll_seconds: 1
weather.openweathermap:
  lat: 45.46
  long: 9.19
  token: owm-token-unused
  units: imperial
  base_url: ${server.url}
`,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await server?.stop();
  });

  it('answers get_current_weather in platypush weather shape with its icon names', async () => {
    expect(await run(hub, 'weather.openmeteo.get_current_weather')).toEqual({
      summary: 'Partly cloudy',
      icon: 'partly-cloudy-day',
      temperature: 7.5,
      apparent_temperature: 4.5,
      humidity: 81,
      pressure: 1012.3,
      wind_speed: 4.2,
      wind_direction: 250,
      wind_gust: 9.1,
      cloud_cover: 64,
      precip_intensity: 0.2,
      sunrise: new Date((t0 - 30 * 60) * 1000).toISOString(),
      sunset: new Date((t0 + 8 * HOUR) * 1000).toISOString(),
      units: 'metric',
      time: new Date(t0 * 1000).toISOString(),
    });
    const asked = server.requests.filter((r) => r.path === '/v1/forecast');
    expect(asked.length).toBeGreaterThan(0);
  });

  it('gives an hourly forecast, night icons at night', async () => {
    const forecast = (await run(hub, 'weather.openmeteo.get_forecast', { hours: 12 })) as Array<{
      icon: string;
      time: string;
      summary: string;
    }>;
    expect(forecast).toHaveLength(12);
    expect(forecast[0]).toMatchObject({
      icon: 'rain',
      summary: 'Light rain',
      time: new Date(t0 * 1000).toISOString(),
    });
    expect(forecast[10]).toMatchObject({ icon: 'clear-night', summary: 'Clear sky' });
  });

  it('answers weather.openweathermap with the same shape, platypush keys and units', async () => {
    const weather = (await run(hub, 'weather.openweathermap.get_current_weather')) as Record<string, unknown>;
    expect(weather).toMatchObject({ units: 'imperial', temperature: 46, icon: 'partly-cloudy-day' });
    const kelvin = (await run(hub, 'weather.openmeteo.get_current_weather', { units: 'standard' })) as {
      temperature: number;
    };
    expect(kelvin.temperature).toBe(280.65);
  });

  it('posts NewWeatherConditionEvent when polling sees a change, and not when nothing changed', async () => {
    const seen = collectEvents(hub, 'NewWeatherConditionEvent');
    const changed = nextEvent(
      hub,
      'NewWeatherConditionEvent',
      (e) => e.args.summary === 'Thunderstorm',
      5000,
    );
    code = 95;
    temperature = 12;
    expect((await changed).args).toMatchObject({
      plugin_name: 'weather.openmeteo',
      icon: 'thunderstorm',
      temperature: 12,
    });
    // Two more polls of the same weather post nothing more.
    const polls = server.requests.filter((r) => r.path === '/v1/forecast').length;
    await waitFor(() => server.requests.filter((r) => r.path === '/v1/forecast').length >= polls + 2, {
      what: 'two more polls',
    });
    seen.stop();
    expect(
      seen.events.filter((e) => (e.args as { summary?: string }).summary === 'Thunderstorm'),
    ).toHaveLength(1);
  });
});

describe('weather provider failures', () => {
  it("answers 502 with the provider's status or the timeout, never hanging the hub", async () => {
    const server = await startFixtureServer({
      '/broken/v1/forecast': (_req, res) =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"error":true,"reason":"Latitude must be in range"}'),
      '/slow/v1/forecast': () => undefined,
    });
    const hub = await bootHub({
      config: `${TOKEN_CONFIG}
weather.openmeteo:
  latitude: 1
  longitude: 2
  base_url: ${server.url}/broken/
weather.openweathermap:
  lat: 1
  long: 2
  timeout_seconds: 0.5
  base_url: ${server.url}/slow/
`,
    });
    try {
      const broken = await execute(hub, { action: 'weather.openmeteo.get_current_weather' });
      expect(broken.status).toBe(502);
      expect(broken.body.response.errors[0]).toMatch(/HTTP 400/);
      const slow = await execute(hub, { action: 'weather.openweathermap.get_current_weather' });
      expect(slow.status).toBe(502);
      expect(slow.body.response.errors[0]).toMatch(/no answer within 0.5 s/);
    } finally {
      await hub.stop();
      await server.stop();
    }
  });

  it('is off until configured; refuses a latitude out of range with its line', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      expect((await execute(hub, { action: 'weather.openmeteo.get_current_weather' })).status).toBe(404);
    } finally {
      await hub.stop();
    }
    const failure = await bootHub({
      config: `${TOKEN_CONFIG}weather.openmeteo:\n  latitude: 123\n  longitude: 0\n`,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/weather\.openmeteo\.latitude: .*\(config\.yaml:3\)/);
  });
});
