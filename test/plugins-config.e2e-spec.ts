import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, makeTempDir, runBuiltHub, writeConfigDir } from './support/test-hub';

describe('plugin sections of config.yaml', () => {
  it('refuses bad plugin options with their path and line, before the database exists', async () => {
    const dir = makeTempDir();
    const config = `${TOKEN_CONFIG}shell:\n  enabled: true\n  max_output_bytes: lots\n  colour: blue\n`;
    const failure = await bootHub({ config, dir }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toMatch(/shell\.max_output_bytes: .*number.*\(config\.yaml:4\)/);
    expect(message).toMatch(/shell: unknown key 'colour' \(config\.yaml:\d\)/);
    expect(existsSync(join(dir, 'data', 'hub.db'))).toBe(false);
  });

  it('makes the built hub exit 2 with the message on stderr', async () => {
    const dir = makeTempDir();
    const configPath = writeConfigDir(dir, { config: `file:\n  dirs: /not/a/list\n` });
    const { code, output } = await runBuiltHub(['--config', configPath], dir);
    expect(code).toBe(2);
    expect(output).toMatch(/file\.dirs: .*array.*\(config\.yaml:2\)/);
    expect(existsSync(join(dir, 'data', 'hub.db'))).toBe(false);
  });

  it('starts with sections for plugins it does not have (a warning, not an error)', async () => {
    const hub = await bootHub({ config: `${TOKEN_CONFIG}light.hue:\n  bridge: 192.168.1.2\n` });
    try {
      expect(await run(hub, 'util.sleep', { seconds: 0 })).toEqual({ success: true });
    } finally {
      await hub.stop();
    }
  });

  it('disables a plugin with enabled: false or the platypush disabled: true', async () => {
    const hub = await bootHub({ config: `${TOKEN_CONFIG}tts:\n  enabled: false\nhttp:\n  disabled: true\n` });
    try {
      const plugins = (await (
        await hub.fetch('/api/v1/plugins', { headers: { 'x-token': 'action-tests-global-token' } })
      ).json()) as Array<{
        name: string;
        enabled: boolean;
      }>;
      expect(plugins.find((p) => p.name === 'tts')?.enabled).toBe(false);
      expect(plugins.find((p) => p.name === 'http')?.enabled).toBe(false);
      expect(plugins.find((p) => p.name === 'variable')?.enabled).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});
