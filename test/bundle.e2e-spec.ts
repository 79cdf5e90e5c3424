import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAIN_JS, spawnBuiltHub, type SpawnedHub, tempDirs } from './support/test-hub';

const ROOT = resolve(__dirname, '..');

/**
 * `npm start` runs dist/hub.js, the one-file bundle of the compiled hub
 * (apps/hub/scripts/bundle-server.mjs). What the bundle could lose by moving out of dist/'s tree:
 * files found by walking up from the code (the panel's build, package.json's version) and the
 * packages left outside it. Needs `npm run build`.
 */
describe('the bundled server (dist/hub.js)', () => {
  const tempDir = tempDirs('hub-bundle-');
  let hub: SpawnedHub;

  beforeAll(async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'config.yaml'),
      'backend.http:\n  port: 0\nworkdir: ./data\nauth:\n  bcrypt_cost: 4\nlogging:\n  level: warn\n',
    );
    hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
  });
  afterAll(async () => {
    hub?.child.kill('SIGTERM');
    await hub?.exited;
  });

  it('is what the tests that spawn the hub run, with its source map and licence notices beside it', () => {
    expect(MAIN_JS).toBe(join(ROOT, 'dist/hub.js'));
    const source = readFileSync(MAIN_JS, 'latin1');
    expect(source).toMatch(/\/\/# sourceMappingURL=hub\.js\.map\s*$/);
    expect(existsSync(join(ROOT, 'dist/hub.js.map'))).toBe(true);
    expect(readFileSync(join(ROOT, 'dist/hub.js.LEGAL.txt'), 'utf8')).toContain(
      'Bundled license information',
    );
  });

  it('is ASCII only, so V8 keeps its source as one-byte text (half the memory)', () => {
    const bytes = readFileSync(MAIN_JS);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('serves the panel, signs in and runs an action', async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const user = { username: 'owner', password: 'owner password 1' };
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post('/register', { ...user, confirm_password: user.password })).status).toBe(201);
    const { token } = (await (await post('/auth', user)).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const run = await post('/execute', { type: 'request', action: 'util.sleep', args: { seconds: 0 } }, auth);
    expect(((await run.json()) as { response: unknown }).response).toEqual({
      output: { success: true },
      errors: [],
    });
    const panel = await fetch(`${hub.url}/ui/`, { headers: auth });
    expect(panel.status).toBe(200);
    expect(await panel.text()).toContain('<div id="app"');
  });

  it("reports package.json's version, found from dist/", async () => {
    const user = { username: 'owner', password: 'owner password 1' };
    const login = await fetch(`${hub.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    const { token } = (await login.json()) as { token: string };
    const doc = await fetch(`${hub.url}/api/v1/openapi.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(((await doc.json()) as { info: { version: string } }).info.version).toBe(version);
  });
});
