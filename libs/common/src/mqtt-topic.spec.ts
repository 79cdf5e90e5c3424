import { describe, expect, it } from 'vitest';

import { topicFilterError, topicMatches, topicNameError } from './mqtt-topic';

describe('topicMatches', () => {
  it.each([
    ['zigbee2mqtt/#', 'zigbee2mqtt/kitchen/light', true],
    ['zigbee2mqtt/#', 'zigbee2mqtt', true],
    ['tele/+/SENSOR', 'tele/plug1/SENSOR', true],
    ['tele/+/SENSOR', 'tele/plug1/STATE', false],
    ['tele/+/SENSOR', 'tele/a/b/SENSOR', false],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['a/+', 'a/', true],
    ['#', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['home/light', 'home/light', true],
    ['home/light', 'home/lights', false],
  ])('%s against %s is %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe('topicFilterError', () => {
  it('accepts whole-level wildcards', () => {
    expect(topicFilterError('a/+/b/#')).toBeNull();
  });
  it.each(['a/#/b', 'a/b#', 'a+/b', ''])('refuses %j', (filter) => {
    expect(topicFilterError(filter)).toMatch(/.+/);
  });
});

describe('topicNameError', () => {
  it('refuses wildcards in a topic to publish to', () => {
    expect(topicNameError('a/+')).toMatch(/cannot contain/);
    expect(topicNameError('a/b')).toBeNull();
  });
});
