import { describe, expect, it } from 'vitest';

import { compileFilter } from './subscription-filter';

describe(compileFilter.name, () => {
  const sensor = (fields: Record<string, unknown>) => ({ type: 'SensorEvent', ...fields });

  it('matches like a hook condition: type path, nested partial dicts, operators', () => {
    const match = compileFilter({
      type: 'platypush.message.event.sensor.SensorEvent',
      data: { room: 'living' },
      temperature: { $gt: 25 },
    });
    expect(match(sensor({ data: { room: 'living', extra: 1 }, temperature: 26 }))).toBe(true);
    expect(match(sensor({ data: { room: 'living' }, temperature: 24 }))).toBe(false);
    expect(match(sensor({ data: { room: 'kitchen' }, temperature: 26 }))).toBe(false);
    expect(match({ type: 'DoorEvent', data: { room: 'living' }, temperature: 26 })).toBe(false);
  });

  it('refuses a bad filter with the path of the problem', () => {
    expect(() => compileFilter({ a: { $between: 1 } })).toThrow(/filter\.a.*unknown operator \$between/);
    expect(() => compileFilter(['x'])).toThrow('filter: expected an object');
  });
});
