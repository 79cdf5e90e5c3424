import { runAction } from '../dashboard-api';
import { useLiveData, type LiveData } from '../live/use-live-data';

/** platypush's weather shape (api.md §11). */
export interface WeatherNow {
  summary?: string;
  icon?: string;
  temperature?: number;
  apparent_temperature?: number;
  humidity?: number;
  wind_speed?: number;
  units?: string;
}

/** The current weather: a snapshot, refreshed on NewWeatherConditionEvent and every `refreshSeconds`. */
export function useWeather(plugin: () => string, refreshSeconds: number): LiveData<WeatherNow> {
  return useLiveData<WeatherNow>({
    key: plugin,
    load: () => runAction<WeatherNow>(`${plugin()}.get_current_weather`),
    types: ['NewWeatherConditionEvent'],
    apply: (event) => {
      const args = event.args as WeatherNow & { plugin_name?: string };
      return typeof args.temperature === 'number' ? args : 'reload';
    },
    refreshSeconds,
  });
}

export function temperatureUnit(units?: string): string {
  return units === 'imperial' ? '°F' : '°C';
}
