import { describe, expect, it } from 'vitest';
import { compileCondition } from './condition-matcher';

describe(compileCondition.name, () => {
  const sensor = (fields: Record<string, unknown>) => ({ type: 'SensorEvent', ...fields });

  it('matches the type by short name or platypush class path', () => {
    expect(compileCondition({ type: 'platypush.message.event.sensor.SensorEvent' })(sensor({}))).toBe(true);
    expect(compileCondition({ type: 'DoorEvent' })(sensor({}))).toBe(false);
  });

  it('matches nested objects partially', () => {
    const match = compileCondition({ data: { room: 'living' } });
    expect(match(sensor({ data: { room: 'living', extra: 1 } }))).toBe(true);
    expect(match(sensor({ data: { room: 'kitchen' } }))).toBe(false);
    expect(match(sensor({ data: 'living' }))).toBe(false);
    expect(match(sensor({}))).toBe(false);
  });

  it('applies comparison operators to numbers and strings of the same kind only', () => {
    const match = compileCondition({ temperature: { $gt: 20, $lte: 30 } });
    expect(match(sensor({ temperature: 25 }))).toBe(true);
    expect(match(sensor({ temperature: 20 }))).toBe(false);
    expect(match(sensor({ temperature: 31 }))).toBe(false);
    expect(match(sensor({ temperature: '25' }))).toBe(false);
  });

  it('supports $eq, $ne, $in and $regex', () => {
    expect(compileCondition({ state: { $ne: 'off' } })(sensor({ state: 'on' }))).toBe(true);
    expect(compileCondition({ tags: { $eq: ['a', 'b'] } })(sensor({ tags: ['a', 'b'] }))).toBe(true);
    expect(compileCondition({ room: { $in: ['hall', 'attic'] } })(sensor({ room: 'attic' }))).toBe(true);
    expect(compileCondition({ name: { $regex: '^lamp-\\d+$' } })(sensor({ name: 'lamp-12' }))).toBe(true);
    expect(compileCondition({ name: { $regex: '^lamp' } })(sensor({ name: 3 }))).toBe(false);
  });

  it('does not match inherited properties', () => {
    expect(compileCondition({ toString: { $ne: null } })(sensor({}))).toBe(false);
  });

  it('lists every problem of a bad filter', () => {
    expect(() => compileCondition({ a: { $between: 1 }, b: { $regex: '(' }, c: { $gt: [] } })).toThrow(
      /unknown operator \$between.*filter\.b\.\$regex.*filter\.c\.\$gt/,
    );
    expect(() => compileCondition(['x'])).toThrow('filter: expected an object');
  });
});
