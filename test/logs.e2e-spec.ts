import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { prettyLogLine } from '@hub/common';

import { json } from './support/auth-client';
import { spawnOnPty } from './support/pty';
import { MAIN_JS, spawnBuiltHub, tempDirs } from './support/test-hub';

const tempDir = tempDirs();

const ANSI = /\u001b\[[0-9;]*m/;

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

function configDir(yaml = ''): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.yaml'), `backend.http:\n  port: 0\nauth:\n  bcrypt_cost: 4\n${yaml}`);
  return dir;
}

describe('logs on a terminal', () => {
  it('are coloured lines for people, with a start banner and no framework noise', async () => {
    const dir = configDir();
    const hub = spawnOnPty([process.execPath, MAIN_JS, '--config', 'config.yaml'], dir);
    try {
      const text = await hub.waitFor(/next\s+no user yet/);
      const url = /hub listening on (http:\/\/\S+)/.exec(text)![1];
      await fetch(`${url}/login`, json({ username: 'nobody', password: 'wrong password' }));
      await hub.waitFor(/login failed/);
    } finally {
      hub.interrupt();
    }
    expect(await hub.exited).toBe(0);
    const output = hub.output();
    expect(output).toMatch(ANSI);
    const lines = stripAnsi(output).split(/\r?\n/);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} WARN +\[Auth\] login failed .*username=nobody/),
    );
    expect(lines).toContainEqual(
      // The terminal echoes the Ctrl-C as ^C before the line.
      expect.stringMatching(/\d\d:\d\d:\d\d\.\d{3} INFO +\[Main\] shutting down signal=SIGINT$/),
    );
    // The banner: where it listens, the config it read, where the data is, what to do next.
    expect(lines).toContainEqual(expect.stringMatching(/^hub listening on http:\/\/127\.0\.0\.1:\d+$/));
    expect(lines).toContainEqual(`  config ${join(dir, 'config.yaml')}`);
    expect(lines).toContainEqual(
      expect.stringContaining(`  data   ${join(dir, 'data')} (database sqlite://`),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}next {3}no user yet: open http:.*\/register/));
    expect(output).not.toMatch(/Mapped \{|dependencies initialized/);
    expect(output).not.toContain('wrong password');
  });

  it('show the mapped routes at debug level', async () => {
    const hub = spawnOnPty(
      [process.execPath, MAIN_JS, '--config', 'config.yaml'],
      configDir('logging:\n  level: debug\n'),
    );
    try {
      await hub.waitFor(/hub listening on/);
    } finally {
      hub.interrupt();
    }
    await hub.exited;
    expect(stripAnsi(hub.output())).toMatch(/DEBUG \[RouterExplorer\] Mapped \{\/execute, POST\} route/);
  });

  it('are JSON lines when logging.format says json, terminal or not', async () => {
    const hub = spawnOnPty(
      [process.execPath, MAIN_JS, '--config', 'config.yaml'],
      configDir('logging:\n  format: json\n'),
    );
    try {
      await hub.waitFor(/hub listening on http\S+\r\n/);
    } finally {
      hub.interrupt();
    }
    await hub.exited;
    const entries = hub
      .output()
      .split('\r\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      entries.find((e) => String(e.msg).startsWith('hub listening on')),
      hub.output(),
    ).toMatchObject({ level: 30 });
    expect(hub.output()).not.toMatch(ANSI);
  });
});

describe('logs off a terminal', () => {
  it('are JSON lines, the start line carrying config, data and next step, routes at debug', async () => {
    const dir = configDir('logging:\n  level: debug\n');
    const hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    const output = hub.output();
    expect(output).not.toMatch(ANSI);
    const lines = output.split('\n').filter((l) => l.length > 0);
    const entries = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Besides JSON, only the two plain lines scripts wait for.
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([
      expect.stringMatching(/^hub listening on http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^no user yet: open http:/),
    ]);
    expect(entries.find((e) => String(e.msg).startsWith('hub listening on'))).toMatchObject({
      level: 30,
      config: join(dir, 'config.yaml'),
      workdir: join(dir, 'data'),
      database: expect.stringMatching(/^sqlite:\/\//),
      next: expect.stringMatching(/register/),
    });
    const mapped = entries.filter((e) => /^Mapped \{/.test(String(e.msg)));
    expect(mapped.length).toBeGreaterThan(10);
    for (const entry of mapped) expect(entry.level).toBe(20);
  });
});

describe(prettyLogLine.name, () => {
  it('renders fields as key=value and an error stack below the line, without colours when asked', () => {
    const line = prettyLogLine(
      JSON.stringify({
        level: 50,
        time: Date.UTC(2026, 0, 1),
        context: 'Steps',
        msg: 'hook failed',
        hook: 'Lights',
        detail: 'two words',
        err: { message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
      }),
      false,
    );
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.000 ERROR \[Steps\] hook failed hook=Lights detail="two words"\n/);
    expect(line).toContain('\n    Error: boom\n        at x (y.ts:1:1)\n');
    expect(line).not.toMatch(ANSI);
  });

  it('passes a line that is not JSON through', () => {
    expect(prettyLogLine('plain text', true)).toBe('plain text\n');
  });
});
