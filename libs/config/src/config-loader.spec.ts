import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { loadConfig, resolveConfigPath } from './config-loader';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a fresh directory; returns it. */
function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function load(yaml: string, env: NodeJS.ProcessEnv = {}, extra: Record<string, string> = {}) {
  const dir = configDir({ 'config.yaml': yaml, ...extra });
  return loadConfig({ configPath: join(dir, 'config.yaml'), env, cwd: dir });
}

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(yaml, env);
  } catch (err) {
    if (err instanceof ConfigError)
      return err.issues.map((i) => `${i.path}: ${i.message} @${i.location ?? '?'}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe(loadConfig.name, () => {
  describe('defaults', () => {
    it('runs on embedded defaults without a file: 127.0.0.1:8008, SQLite in ./data', () => {
      const dir = configDir({});
      const config = loadConfig({ env: {}, cwd: dir });
      expect(config.config_file).toBeNull();
      expect(config.http.bind_address).toBe('127.0.0.1');
      expect(config.http.port).toBe(8008);
      expect(config.workdir).toBe(join(dir, 'data'));
      expect(config.db.url).toBe(`sqlite://${join(dir, 'data', 'hub.db')}`);
      expect(config.auth.bcrypt_cost).toBe(12);
      expect(config.auth.login_attempts).toEqual({ max: 5, window_minutes: 15 });
    });

    it("speaks config.yaml's vocabulary: every key of the loaded config is snake_case", () => {
      const config = load(
        'backend.http:\n  resource_dirs: {photos: /srv/p}\ncron.C:\n  cron_expression: "* * * * *"\n  actions: []\n',
      );
      // Names the user chose (mounts, hooks, plugins, constants) are data, not vocabulary.
      const userKeyed = new Set(['resource_dirs', 'hooks', 'procedures', 'crons', 'plugins', 'constants']);
      const keys: string[] = [];
      const walk = (value: unknown, path: string): void => {
        if (!value || typeof value !== 'object' || Array.isArray(value)) return;
        for (const [key, child] of Object.entries(value)) {
          keys.push(`${path}${key}`);
          if (userKeyed.has(key))
            for (const entry of Object.values(child as object)) walk(entry, `${path}${key}.*.`);
          else walk(child, `${path}${key}.`);
        }
      };
      walk(config, '');
      expect(keys).toContain('http.resource_dirs.*.path');
      expect(keys).toContain('automation.crons.*.cron_expression');
      expect(keys.filter((key) => !/^[a-z0-9_.*]+$/.test(key))).toEqual([]);
    });

    it('is read-only', () => {
      const config = load('device_id: x\n');
      expect(() => ((config.http as { port: number }).port = 1)).toThrow();
    });
  });

  describe('validation', () => {
    it('reports every bad key with its path and line', () => {
      const found = problems(
        [
          'device_id: hub',
          'backend.http:',
          '  port: "80a"',
          '  prot: 1',
          'auth:',
          '  bcrypt_cost: 40',
          'Bogus: 1',
        ].join('\n'),
      );
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^backend\.http\.port: expected number, got "80a" @config\.yaml:3$/),
          'backend.http.prot: unknown key @config.yaml:4',
          expect.stringMatching(/^auth\.bcrypt_cost: .* @config\.yaml:6$/),
          'Bogus: unknown key @config.yaml:7',
        ]),
      );
      expect(found).toHaveLength(4);
    });

    it('reports YAML syntax errors with the line', () => {
      expect(problems('backend.http:\n  port: [1, 2\n')[0]).toMatch(/YAML syntax error.*@config\.yaml:\d/);
    });

    it('reports a duplicate key', () => {
      expect(problems('device_id: a\ndevice_id: b\n')[0]).toMatch(/YAML syntax error/);
    });

    it('refuses a missing --config file', () => {
      expect(() => resolveConfigPath({ configPath: '/nonexistent/hub.yaml', env: {} })).toThrow(/not found/);
    });

    it('refuses half a TLS setup', () => {
      expect(problems('backend.http:\n  ssl_cert: c.pem\n')[0]).toMatch(
        /ssl_cert and ssl_key must be given together/,
      );
    });
  });

  describe('environment', () => {
    it('substitutes ${ENV} with the variable typed like YAML', () => {
      const config = load('token: ${T}\nbackend.http:\n  port: ${PORT}\ndevice_id: hub-${ROOM}\n', {
        T: 'secret',
        PORT: '9000',
        ROOM: 'kitchen',
      });
      expect(config.token).toBe('secret');
      expect(config.http.port).toBe(9000);
      expect(config.device_id).toBe('hub-kitchen');
    });

    it('uses ${NAME:-default} and treats an empty token as none', () => {
      const config = load('token: ${NO_SUCH_VAR:-}\nbackend.http:\n  port: ${NO_PORT:-8123}\n');
      expect(config.token).toBeNull();
      expect(config.http.port).toBe(8123);
    });

    it('reports an unset variable with its path and line', () => {
      expect(problems('device_id: x\ntoken: ${HUB_UNSET_VAR}\n')).toEqual([
        expect.stringMatching(/^token: environment variable HUB_UNSET_VAR is not set.* @config\.yaml:2$/),
      ]);
    });

    it('leaves lower-case ${...} expressions in automation steps alone', () => {
      const config = load(
        'procedure.p:\n  - action: variable.set\n    args: {x: "${data.state}", y: "${LATER}"}\n',
      );
      expect(config.automation.procedures.p.steps).toEqual([
        { action: 'variable.set', args: { x: '${data.state}', y: '${LATER}' } },
      ]);
    });
  });

  describe('include', () => {
    it('merges included files; the including file wins; errors point into the included file', () => {
      const dir = configDir({
        'config.yaml': 'include: [hooks.yaml, more.yaml]\ndevice_id: main\n',
        'hooks.yaml':
          'device_id: ignored\nevent.hook.H:\n  if: {type: CustomEvent}\n  then: [{action: util.sleep}]\n',
        'more.yaml': 'backend.http:\n  port: 8100\n',
      });
      const config = loadConfig({ configPath: join(dir, 'config.yaml'), env: {}, cwd: dir });
      expect(config.device_id).toBe('main');
      expect(config.http.port).toBe(8100);
      expect(Object.keys(config.automation.hooks)).toEqual(['H']);
      expect(config.automation.hooks.H.location).toBe('hooks.yaml:3');

      writeFileSync(join(dir, 'more.yaml'), 'backend.http:\n  port: -1\n');
      expect(() => loadConfig({ configPath: join(dir, 'config.yaml'), env: {}, cwd: dir })).toThrow(
        /more\.yaml:2/,
      );
    });

    // A missing include is a warning (platypush-keys.spec.ts).
    it('reports an include cycle', () => {
      const dir = configDir({ 'config.yaml': 'include: b.yaml\n', 'b.yaml': 'include: config.yaml\n' });
      expect(() => loadConfig({ configPath: join(dir, 'config.yaml'), env: {}, cwd: dir })).toThrow(
        /include cycle/,
      );
    });
  });

  describe('platypush compatibility', () => {
    const platypush = `
device_id: living-room
workdir: ~/.local/share/platypush-test
token: abc
main.db:
  engine: sqlite:////var/lib/platypush/main.db
backend.http:
  port: 8009
  bind_address: 0.0.0.0
  resource_dirs:
    photos: /srv/photos
  num_workers: 4
  websocket_port: 8099
backend.redis:
  redis_args: {host: localhost}
light.hue:
  bridge: 192.168.1.2
  disabled: true
event.hook.OnCustom:
  if:
    type: platypush.message.event.custom.CustomEvent
    subtype: x
  then:
    action: shell.exec
    args: {cmd: ls}
procedure.sync.morning:
  - action: light.hue.on
procedure.greet(name):
  - action: tts.say
    args: {text: hello}
cron.Nightly:
  cron_expression: '0 3 * * *'
  actions:
    - action: variable.set
      args: {night: true}
`;

    it('loads a platypush file unchanged', () => {
      const config = load(platypush);
      expect(config.device_id).toBe('living-room');
      expect(config.token).toBe('abc');
      expect(config.workdir).toMatch(/\.local\/share\/platypush-test$/);
      expect(config.db.url).toBe('sqlite:///var/lib/platypush/main.db');
      expect(config.http.port).toBe(8009);
      expect(config.http.bind_address).toBe('0.0.0.0');
      expect(config.http.resource_dirs.photos.path).toBe('/srv/photos');
      expect(config.plugins['light.hue']).toMatchObject({
        enabled: false,
        options: { bridge: '192.168.1.2' },
      });
      expect(config.automation.hooks.OnCustom.if).toEqual({
        type: 'platypush.message.event.custom.CustomEvent',
        subtype: 'x',
      });
      expect(Object.keys(config.automation.procedures).sort()).toEqual(['greet', 'morning']);
      expect(config.automation.procedures.greet.params).toEqual(['name']);
      expect(config.automation.crons.Nightly.cron_expression).toBe('0 3 * * *');
    });

    it('warns about platypush options it ignores instead of failing', () => {
      const config = load(platypush);
      expect(config.warnings.join('\n')).toMatch(/backend\.redis/);
      expect(config.warnings.join('\n')).toMatch(/num_workers/);
    });

    it('warns that ssl_capath is ignored (ssl_cafile is read), but not when it is null', () => {
      expect(load('backend.http:\n  ssl_capath: /etc/ssl/certs\n').warnings.join('\n')).toMatch(
        /backend\.http\.ssl_capath .*platypush option ignored by hub: use ssl_cafile/,
      );
      expect(load('backend.http:\n  ssl_capath: null\n').warnings).toEqual([]);
    });

    it('takes redis.url without a warning (the cluster event bus uses it)', () => {
      const config = load('redis:\n  url: redis://127.0.0.1:6379\n');
      expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379' });
      expect(config.warnings).toEqual([]);
    });

    it('reads main.db sqlite:///relative paths relative to the config dir', () => {
      const config = load('main.db:\n  engine: sqlite:///db/main.db\n');
      expect(config.db.url).toBe(`sqlite://${join(config.config_dir, 'db', 'main.db')}`);
    });

    it('maps main.db postgresql URLs', () => {
      expect(load('main.db:\n  engine: postgresql+psycopg2://u:p@db/hub\n').db.url).toBe(
        'postgres://u:p@db/hub',
      );
    });

    it('refuses an unsupported database URL without echoing its password', () => {
      const [issue] = problems('db:\n  url: mysql://user:hunter2@db/hub\n');
      expect(issue).toMatch(/unsupported database URL/);
      expect(issue).not.toMatch(/hunter2/);
    });
  });
});
