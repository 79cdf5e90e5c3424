import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { loadConfig } from './config-loader';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function load(yaml: string, files: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-platypush-keys-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ 'config.yaml': yaml, ...files }))
    writeFileSync(join(dir, name), text);
  return loadConfig({ configPath: join(dir, 'config.yaml'), env, cwd: dir });
}

function problems(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigError)
      return err.issues.map((i) => `${i.path}: ${i.message} @${i.location ?? '?'}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config keys platypush writes or documents', () => {
  describe('backend.http', () => {
    it("accepts the generated config's enabled: true without a word", () => {
      const config = load('backend.http:\n  enabled: True\n  port: 8123\n');
      expect(config.http.port).toBe(8123);
      expect(config.warnings).toEqual([]);
      expect(config.http).not.toHaveProperty('enabled');
    });

    it('warns, with the line and the reason, about each option that means nothing here', () => {
      const config = load(
        [
          'backend.http:',
          '  use_werkzeug_server: True',
          '  zeroconf_enabled: False',
          '  dashboard: {widgets: {calendar: {columns: 6}}}',
          '  secret_key_file: ~/.local/share/platypush/flask.secret.key',
          '  enabled: false',
        ].join('\n'),
      );
      expect(config.warnings).toEqual([
        'backend.http.use_werkzeug_server (config.yaml:2): platypush option ignored by hub: hub runs one server of its own',
        'backend.http.zeroconf_enabled (config.yaml:3): platypush option ignored by hub: hub does not advertise itself over mDNS',
        'backend.http.dashboard (config.yaml:4): platypush option ignored by hub: dashboards are XML files in dashboards_dir',
        'backend.http.secret_key_file (config.yaml:5): platypush option ignored by hub: the session and JWT secrets live in workdir',
        'backend.http.enabled (config.yaml:6): platypush option ignored by hub: the HTTP server is how hub is reached',
      ]);
    });

    it('still refuses a typo, with path and line', () => {
      expect(problems('backend.http:\n  use_werkzeug_servr: True\n')).toEqual([
        'backend.http.use_werkzeug_servr: unknown key @config.yaml:2',
      ]);
    });
  });

  describe('redis', () => {
    it("accepts platypush's {host, port, ...} form and says hub does not use it", () => {
      const config = load('redis:\n  host: localhost\n  port: 16379\n  socket_timeout: 15\n');
      expect(config.redis).toBeNull();
      expect(config.warnings).toEqual([
        "redis (config.yaml:2): platypush option ignored by hub: platypush's own bus needs Redis, hub does not; set redis.url to share events between hub instances",
      ]);
    });

    it('keeps the url form, and refuses a mix of the two', () => {
      expect(load('redis:\n  url: redis://127.0.0.1:6379\n').redis).toEqual({
        url: 'redis://127.0.0.1:6379',
      });
      expect(problems('redis:\n  url: redis://h\n  host: h\n')[0]).toMatch(/^redis.*@config\.yaml:\d/);
    });
  });

  it('reads the main.db: <url> short form', () => {
    const config = load('main.db: sqlite:////var/lib/platypush/main.db\n');
    expect(config.db.url).toBe('sqlite:///var/lib/platypush/main.db');
  });

  describe('logging', () => {
    it("takes platypush's level in any case, Python's names and numbers, and warns about filename", () => {
      const config = load('logging:\n  filename: ~/.local/log/platypush.log\n  level: INFO\n');
      expect(config.logging.level).toBe('info');
      expect(config.logging).not.toHaveProperty('filename');
      expect(config.warnings).toEqual([
        'logging.filename (config.yaml:2): platypush option ignored by hub: hub logs to stdout (redirect it, or let journald keep it)',
      ]);
      expect(load('logging:\n  level: WARNING\n').logging.level).toBe('warn');
      expect(load('logging:\n  level: Debug\n').logging.level).toBe('debug');
      expect(load('logging:\n  level: 40\n').logging.level).toBe('error');
      expect(load('logging:\n  level: CRITICAL\n').logging.level).toBe('fatal');
    });

    it("takes platypush's Python format string as ignored, and hub's own formats as they are", () => {
      const config = load("logging:\n  format: '%(asctime)-15s|%(levelname)5s|%(message)s'\n");
      expect(config.logging.format).toBe('auto');
      expect(config.warnings).toEqual([
        'logging.format (config.yaml:2): platypush option ignored by hub: a Python format string; hub uses format: auto (or pretty / json)',
      ]);
      expect(load('logging:\n  format: json\n').logging.format).toBe('json');
      expect(problems('logging:\n  format: xml\n')[0]).toMatch(/^logging\.format: .* @config\.yaml:2$/);
    });

    it('still refuses an unknown level and an unknown key', () => {
      const found = problems('logging:\n  level: LOUD\n  levle: info\n');
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^logging\.level: .* @config\.yaml:2$/),
          'logging.levle: unknown key @config.yaml:3',
        ]),
      );
    });
  });

  it('honours scripts_dir and dashboards_dir (relative to the config file) and ignores cachedir', () => {
    const config = load('scripts_dir: my-scripts\ndashboards_dir: ~/dash\ncachedir: ~/.cache/platypush\n');
    expect(config.scripts_dir).toBe(join(config.config_dir, 'my-scripts'));
    expect(config.dashboards_dir).toMatch(/\/dash$/);
    expect(config.warnings).toEqual([
      'cachedir (config.yaml:3): platypush option ignored by hub: hub keeps its state in workdir',
    ]);
    const defaults = load('device_id: x\n');
    expect(defaults.scripts_dir).toBe(join(defaults.config_dir, 'scripts'));
    expect(defaults.dashboards_dir).toBe(join(defaults.config_dir, 'dashboards'));
  });

  describe('disabled: true on a hook, procedure or cron', () => {
    const yaml = `
event.hook.Parked:
  disabled: true
  if: {type: platypush.message.event.custom.CustomEvent}
  then: [{action: light.hue.on}]
  anything_goes_here: it is not read
event.hook.Live:
  disabled: false
  if: {type: CustomEvent}
  then: [{action: util.sleep}]
procedure.parked:
  disabled: true
  actions: [{action: util.sleep}]
cron.Parked:
  disabled: true
  cron_expression: '* * * * *'
  actions: []
cron.Live:
  cron_expression: '0 7 * * *'
  disabled: false
  actions: []
`;

    it('skips the definition, as platypush skips disabled sections', () => {
      const config = load(yaml);
      expect(Object.keys(config.automation.hooks)).toEqual(['Live']);
      expect(Object.keys(config.automation.procedures)).toEqual([]);
      expect(Object.keys(config.automation.crons)).toEqual(['Live']);
      expect(config.automation.hooks.Live).not.toHaveProperty('disabled');
    });

    it('still validates one that is not disabled', () => {
      expect(problems('event.hook.H:\n  disabld: true\n  if: {type: X}\n  then: []\n')).toEqual([
        'event.hook.H.disabld: unknown key @config.yaml:2',
      ]);
    });
  });

  describe('include', () => {
    it('warns about a missing file and goes on, as platypush prints a line and goes on', () => {
      const config = load('include:\n  - include/sensors.yaml\n  - more.yaml\ndevice_id: x\n', {
        'more.yaml': 'backend.http:\n  port: 8200\n',
      });
      expect(config.http.port).toBe(8200);
      expect(config.warnings).toEqual([
        expect.stringMatching(/^include \(config\.yaml\): .*include\/sensors\.yaml not found, skipped/),
      ]);
    });

    it('still refuses a missing --config file and an include cycle', () => {
      expect(() => loadConfig({ configPath: '/nonexistent/hub.yaml', env: {} })).toThrow(/not found/);
      expect(() => load('include: b.yaml\n', { 'b.yaml': 'include: config.yaml\n' })).toThrow(
        /include cycle/,
      );
    });
  });

  describe('the global token from the environment', () => {
    it('is read from PLATYPUSH_API_TOKEN (or HUB_API_TOKEN) when config.yaml has none', () => {
      expect(load('device_id: x\n', {}, { PLATYPUSH_API_TOKEN: 'from-env' }).token).toBe('from-env');
      expect(load('device_id: x\n', {}, { HUB_API_TOKEN: 'ours', PLATYPUSH_API_TOKEN: 'theirs' }).token).toBe(
        'ours',
      );
      expect(load('token: ${T:-}\n', {}, { PLATYPUSH_API_TOKEN: 'from-env' }).token).toBe('from-env');
    });

    it("never overrides config.yaml's token, and an empty variable is no token", () => {
      expect(load('token: in-file\n', {}, { PLATYPUSH_API_TOKEN: 'from-env' }).token).toBe('in-file');
      expect(load('device_id: x\n', {}, { PLATYPUSH_API_TOKEN: '' }).token).toBeNull();
    });
  });

  it('still refuses a truly unknown root key, with its line', () => {
    expect(problems('device_id: x\nBogus_Key: 1\n')).toEqual(['Bogus_Key: unknown key @config.yaml:2']);
  });
});
