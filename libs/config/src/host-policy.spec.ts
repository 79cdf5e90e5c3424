import { describe, expect, it } from 'vitest';

import { HostPolicy } from './host-policy';

describe(HostPolicy.name, () => {
  const policy = new HostPolicy({ bind_address: '0.0.0.0', hostnames: ['hub.example.org', '.home.arpa'] }, [
    'pi',
    'pi.local',
  ]);

  it.each([
    'localhost:8008',
    '127.0.0.1:8008',
    '[::1]:8008',
    '192.168.1.20',
    'pi:8008',
    'PI.local',
    'hub.example.org',
    'x.home.arpa',
    'app.localhost:5173',
  ])('answers Host %s', (host) => expect(policy.allows(host)).toBe(true));

  it.each([
    'evil.example',
    'evil.example:8008',
    'hub.example.org.evil.example',
    'home.arpa.evil',
    '',
    'a b',
    '[::1',
  ])('refuses Host %j', (host) => expect(policy.allows(host)).toBe(false));
});
