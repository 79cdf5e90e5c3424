import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runBuiltHub, spawnBuiltHub, type SpawnedHub, tempDirs } from './support/test-hub';

/** Temp dirs removed when the file's tests are done. */
const tempDir = tempDirs();

/** The built hub (`npm run build`) as a real process: what `npm start` runs. */
describe('config.yaml, with the built hub', () => {
  it('reports every bad key with path and line, exits non-zero and creates no database', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        'workdir: ./data',
        'backend.http:',
        '  port: 80a',
        '  bind_adress: 0.0.0.0',
        'auth:',
        '  bcrypt_cost: 99',
        'Shell: {}',
      ].join('\n'),
    );
    const { code, output } = await runBuiltHub(['--config', join(dir, 'config.yaml')], dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/backend\.http\.port: expected number, got "80a" \(config\.yaml:3\)/);
    expect(output).toMatch(/backend\.http\.bind_adress: unknown key \(config\.yaml:4\)/);
    expect(output).toMatch(/auth\.bcrypt_cost: .*\(config\.yaml:6\)/);
    expect(output).toMatch(/Shell: unknown key \(config\.yaml:7\)/);
    expect(output).not.toMatch(/at .*\.js:\d+/); // a report, not a stack trace
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'hub.db'))).toBe(false);
  });

  it('refuses a --config file that does not exist', async () => {
    const dir = tempDir();
    const { code, output } = await runBuiltHub(['--config', join(dir, 'nope.yaml')], dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/config file not found/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('reports an unset ${ENV} variable and exits', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), 'token: ${HUB_E2E_UNSET}\n');
    const { code, output } = await runBuiltHub([], dir, { HUB_E2E_UNSET: undefined });
    expect(code).not.toBe(0);
    expect(output).toMatch(/token: environment variable HUB_E2E_UNSET is not set .*\(config\.yaml:1\)/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  describe('a platypush config.yaml with include, ${ENV} and --config', () => {
    let hub: SpawnedHub;
    let dir: string;
    beforeAll(async () => {
      dir = tempDir();
      mkdirSync(join(dir, 'conf'));
      writeFileSync(
        join(dir, 'conf', 'hub.yaml'),
        `device_id: \${ROOM}-hub
workdir: ../state
token: \${HUB_E2E_TOKEN}
include: automations.yaml
backend.http:
  port: 0
  num_workers: 4
auth:
  bcrypt_cost: 4
main.db:
  engine: sqlite:///../state/main.db
`,
      );
      writeFileSync(
        join(dir, 'conf', 'automations.yaml'),
        `event.hook.OnDoor:
  if: {type: platypush.message.event.custom.CustomEvent, subtype: door}
  then: [{action: variable.set, args: {door: '\${data.state}'}}]
procedure.sync.evening:
  - action: variable.set
    args: {evening: true}
cron.Nightly:
  cron_expression: '0 3 * * *'
  actions: [{action: variable.set, args: {night: true}}]
`,
      );
      hub = await spawnBuiltHub(['--config', 'conf/hub.yaml'], dir, {
        ROOM: 'kitchen',
        HUB_E2E_TOKEN: 'e2e-global-token',
      });
    });
    afterAll(async () => {
      hub.child.kill('SIGTERM');
      await hub.exited;
    });

    it('starts, prints the URL and that the first user must register', async () => {
      expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await expect.poll(() => hub.output()).toMatch(/no user yet: open http:\/\/127\.0\.0\.1:\d+\/register/);
      const health = await fetch(`${hub.url}/healthz`);
      expect(health.status).toBe(200);
    });

    it('uses the token from the environment and puts the database where main.db says', async () => {
      const res = await fetch(`${hub.url}/auth`, { headers: { 'x-token': 'e2e-global-token' } });
      expect(res.status).toBe(200);
      expect(existsSync(join(dir, 'state', 'main.db'))).toBe(true);
      expect(existsSync(join(dir, 'state', 'jwt.secret'))).toBe(true);
    });

    it('warns about ignored platypush options instead of failing', () => {
      expect(hub.output()).toMatch(/num_workers/);
    });
  });
});
