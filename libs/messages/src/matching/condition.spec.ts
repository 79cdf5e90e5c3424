import { describe, expect, it } from 'vitest';

import { Condition, ConditionError } from './condition';

const matches = (cond: Record<string, unknown>, args: Record<string, unknown>) =>
  Condition.compile(cond).match(args) !== null;

describe(Condition.name, () => {
  it('accepts platypush class paths for the type', () => {
    const cond = { type: 'platypush.message.event.http.hook.WebhookEvent', hook: 'x' };
    expect(matches(cond, { type: 'WebhookEvent', hook: 'x' })).toBe(true);
    expect(matches(cond, { type: 'CustomEvent', hook: 'x' })).toBe(false);
  });

  it('$gt: 25 matches 26 and not 24', () => {
    const cond = { type: 'SensorEvent', temperature: { $gt: 25 } };
    expect(matches(cond, { type: 'SensorEvent', temperature: 26 })).toBe(true);
    expect(matches(cond, { type: 'SensorEvent', temperature: 24 })).toBe(false);
    expect(matches(cond, { type: 'SensorEvent', temperature: '26' })).toBe(false);
  });

  it("$regex: '^ba[rz]' matches 'bart' and not 'back'", () => {
    const cond = { type: 'CustomEvent', name: { $regex: '^ba[rz]' } };
    expect(matches(cond, { type: 'CustomEvent', name: 'bart' })).toBe(true);
    expect(matches(cond, { type: 'CustomEvent', name: 'back' })).toBe(false);
  });

  it('matches nested dicts partially', () => {
    const cond = { type: 'CustomEvent', data: { room: { name: 'living' } } };
    const event = { type: 'CustomEvent', data: { room: { name: 'living', floor: 1 }, other: true } };
    expect(matches(cond, event)).toBe(true);
    expect(matches(cond, { type: 'CustomEvent', data: { room: { name: 'kitchen' } } })).toBe(false);
    expect(matches(cond, { type: 'CustomEvent', data: 'living' })).toBe(false);
  });

  it('supports $gte $lt $lte $eq $ne', () => {
    const cond = { type: 'E', a: { $gte: 1, $lt: 3 }, b: { $lte: 'm' }, c: { $eq: [1] }, d: { $ne: 'x' } };
    expect(matches(cond, { type: 'E', a: 1, b: 'k', c: [1], d: 'y' })).toBe(true);
    expect(matches(cond, { type: 'E', a: 3, b: 'k', c: [1], d: 'y' })).toBe(false);
    expect(matches(cond, { type: 'E', a: 2, b: 'k', c: [1], d: 'x' })).toBe(false);
  });

  it('says why it matched', () => {
    const reason = Condition.compile({ type: 'SensorEvent', temperature: { $gt: 25 } }).match({
      type: 'SensorEvent',
      temperature: 26,
    });
    expect(reason).toBe('type is SensorEvent; temperature 26 $gt 25');
  });

  it('refuses unknown operators, unsafe patterns and mixed operator dicts', () => {
    expect(() => Condition.compile({ type: 'E', a: { $in: [1] } })).toThrow(ConditionError);
    expect(() => Condition.compile({ type: 'E', a: { $regex: '(a)\\1' } })).toThrow(/backreferences/);
    expect(() => Condition.compile({ type: 'E', a: { $regex: 'x'.repeat(201) } })).toThrow(/longer/);
    expect(() => Condition.compile({ type: 'E', a: { $gt: 1, b: 2 } })).toThrow(/mixed/);
  });

  it('matches nested quantifiers in linear time instead of refusing them', () => {
    const started = performance.now();
    expect(matches({ type: 'E', a: { $regex: '(a+)+$' } }, { type: 'E', a: `${'a'.repeat(50)}!` })).toBe(
      false,
    );
    expect(matches({ type: 'E', a: { $regex: '(a+)+$' } }, { type: 'E', a: 'aaa' })).toBe(true);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('does not match inherited properties', () => {
    expect(matches({ type: 'E', constructor: { $ne: null } }, { type: 'E' })).toBe(true);
    expect(matches({ type: 'E', toString: { $regex: 'function' } }, { type: 'E' })).toBe(false);
  });

  describe('topic on MQTTMessageEvent', () => {
    it('reads + and # as MQTT wildcards, whatever the key order', () => {
      const cond = { topic: 'tele/+/SENSOR', type: 'platypush.message.event.mqtt.MQTTMessageEvent' };
      expect(matches(cond, { type: 'MQTTMessageEvent', topic: 'tele/plug1/SENSOR' })).toBe(true);
      expect(matches(cond, { type: 'MQTTMessageEvent', topic: 'tele/plug1/STATE' })).toBe(false);
      const all = { type: 'MQTTMessageEvent', topic: 'zigbee2mqtt/#' };
      expect(matches(all, { type: 'MQTTMessageEvent', topic: 'zigbee2mqtt/hall/motion' })).toBe(true);
      expect(matches(all, { type: 'MQTTMessageEvent', topic: 'other/hall' })).toBe(false);
    });

    it('keeps + literal on other event types', () => {
      const cond = { type: 'CustomEvent', topic: 'a/+' };
      expect(matches(cond, { type: 'CustomEvent', topic: 'a/+' })).toBe(true);
      expect(matches(cond, { type: 'CustomEvent', topic: 'a/b' })).toBe(false);
    });

    it('refuses a malformed filter', () => {
      expect(() => Condition.compile({ type: 'MQTTMessageEvent', topic: 'a/#/b' })).toThrow(ConditionError);
    });
  });
});
