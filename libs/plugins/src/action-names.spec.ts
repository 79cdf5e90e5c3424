import { describe, expect, it } from 'vitest';

import type { HubConfig } from '@hub/config';

import { actionStatusOf } from './action-names';

/** Only the keys `actionStatusOf` reads. */
function config(plugins: HubConfig['plugins']): Pick<HubConfig, 'plugins' | 'automation'> {
  return { plugins, automation: { procedures: {} } as unknown as HubConfig['automation'] };
}

describe('actionStatusOf', () => {
  it('knows actions a plugin inherits (both weather plugins declare theirs in WeatherPlugin)', () => {
    const section = { enabled: true, options: {}, location: 'config.yaml:1' };
    const status = actionStatusOf(config({ 'weather.openweathermap': section }), false);
    expect(status('weather.openweathermap.get_current_weather')).toBe('known');
    expect(status('weather.openweathermap.get_forecast')).toBe('known');
    // Not configured, and off by default.
    expect(status('weather.openmeteo.get_forecast')).toBe('disabled');
    expect(status('weather.openmeteo.stop')).toBe('unknown');
  });

  it('tells unknown actions and procedures from known ones', () => {
    const status = actionStatusOf(config({}), false);
    expect(status('logger.info')).toBe('known');
    expect(status('light.hue.on')).toBe('unknown');
    expect(status('procedure.missing')).toBe('unknown');
    expect(actionStatusOf(config({}), true)('procedure.missing')).toBe('known');
  });
});
