/**
 * WMO weather interpretation codes (what Open-Meteo's `weather_code` holds) → a summary and
 * platypush's icon names (the Dark Sky set its weather widgets draw: clear-day, clear-night,
 * partly-cloudy-day, partly-cloudy-night, cloudy, fog, rain, sleet, snow, wind, thunderstorm).
 */
const CODES: Record<number, { summary: string; icon: string | ((day: boolean) => string) }> = {
  0: { summary: 'Clear sky', icon: (day) => (day ? 'clear-day' : 'clear-night') },
  1: { summary: 'Mainly clear', icon: (day) => (day ? 'clear-day' : 'clear-night') },
  2: { summary: 'Partly cloudy', icon: (day) => (day ? 'partly-cloudy-day' : 'partly-cloudy-night') },
  3: { summary: 'Overcast', icon: 'cloudy' },
  45: { summary: 'Fog', icon: 'fog' },
  48: { summary: 'Depositing rime fog', icon: 'fog' },
  51: { summary: 'Light drizzle', icon: 'rain' },
  53: { summary: 'Drizzle', icon: 'rain' },
  55: { summary: 'Dense drizzle', icon: 'rain' },
  56: { summary: 'Light freezing drizzle', icon: 'sleet' },
  57: { summary: 'Freezing drizzle', icon: 'sleet' },
  61: { summary: 'Light rain', icon: 'rain' },
  63: { summary: 'Rain', icon: 'rain' },
  65: { summary: 'Heavy rain', icon: 'rain' },
  66: { summary: 'Light freezing rain', icon: 'sleet' },
  67: { summary: 'Freezing rain', icon: 'sleet' },
  71: { summary: 'Light snow', icon: 'snow' },
  73: { summary: 'Snow', icon: 'snow' },
  75: { summary: 'Heavy snow', icon: 'snow' },
  77: { summary: 'Snow grains', icon: 'snow' },
  80: { summary: 'Light rain showers', icon: 'rain' },
  81: { summary: 'Rain showers', icon: 'rain' },
  82: { summary: 'Violent rain showers', icon: 'rain' },
  85: { summary: 'Light snow showers', icon: 'snow' },
  86: { summary: 'Snow showers', icon: 'snow' },
  95: { summary: 'Thunderstorm', icon: 'thunderstorm' },
  96: { summary: 'Thunderstorm with light hail', icon: 'thunderstorm' },
  99: { summary: 'Thunderstorm with heavy hail', icon: 'thunderstorm' },
};

export function describeWeatherCode(
  code: number | null | undefined,
  isDay = true,
): { summary: string; icon: string } {
  const entry = code === null || code === undefined ? undefined : CODES[code];
  if (!entry) return { summary: 'Unknown', icon: 'cloudy' };
  return { summary: entry.summary, icon: typeof entry.icon === 'string' ? entry.icon : entry.icon(isDay) };
}
