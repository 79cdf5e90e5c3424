import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProcessManager } from '@hub/plugins';

import { nextEvent } from './support/bus-events';
import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

interface ExecOutput {
  exit_code: number;
  stdout: string;
  stderr: string;
  truncated?: boolean;
}

describe('shell plugin', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}shell:\n  enabled: true\n  max_output_bytes: 1000\n  timeout_seconds: 10\n`,
    });
  });
  afterAll(() => hub?.stop());

  describe('exec', () => {
    it('runs argv without a shell and returns exit code, stdout and stderr', async () => {
      const out = (await run(hub, 'shell.exec', {
        cmd: [process.execPath, '-e', 'console.log("out $HOME"); console.error("err")'],
      })) as ExecOutput;
      expect(out).toEqual({ exit_code: 0, stdout: 'out $HOME\n', stderr: 'err\n' });
    });

    it('splits a string command into words without shell expansion', async () => {
      const out = (await run(hub, 'shell.exec', { cmd: 'echo "a  b" $HOME *' })) as ExecOutput;
      expect(out.stdout).toBe('a  b $HOME *\n');
    });

    it('uses a shell only when asked', async () => {
      const out = (await run(hub, 'shell.exec', { cmd: 'echo one | tr a-z A-Z', shell: true })) as ExecOutput;
      expect(out.stdout).toBe('ONE\n');
    });

    it('runs in the given working directory', async () => {
      const cwd = join(hub.dir, 'work area');
      mkdirSync(cwd);
      const out = (await run(hub, 'shell.exec', { cmd: ['pwd'], cwd })) as ExecOutput;
      expect(out.stdout.trim()).toBe(cwd);
    });

    it('feeds input to stdin', async () => {
      const out = (await run(hub, 'shell.exec', { cmd: ['cat'], input: 'piped text' })) as ExecOutput;
      expect(out.stdout).toBe('piped text');
    });

    it('caps the output and says so', async () => {
      const out = (await run(hub, 'shell.exec', {
        cmd: [process.execPath, '-e', 'process.stdout.write("x".repeat(5000))'],
      })) as ExecOutput;
      expect(out.stdout).toHaveLength(1000);
      expect(out.truncated).toBe(true);
    });

    it('answers 502 with the exit code and stderr for a non-zero exit', async () => {
      const { status, body } = await execute(hub, {
        action: 'shell.exec',
        args: { cmd: [process.execPath, '-e', 'console.error("disk full"); process.exit(3)'] },
      });
      expect(status).toBe(502);
      expect(body.response.errors[0]).toMatch(/exited with code 3: disk full/);
    });

    it('answers 502 for a command that does not exist', async () => {
      const { status, body } = await execute(hub, {
        action: 'shell.exec',
        args: { cmd: ['no-such-cmd-xyz'] },
      });
      expect(status).toBe(502);
      expect(body.response.errors).toEqual(['Command not found: no-such-cmd-xyz']);
    });

    it('kills a command that runs past its timeout (504)', async () => {
      const started = Date.now();
      const { status, body } = await execute(hub, {
        action: 'shell.exec',
        args: { cmd: ['sleep', '30'], timeout: 0.3 },
      });
      expect(status).toBe(504);
      expect(body.response.errors[0]).toMatch(/timed out after 0.3 s/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it.each([
      ['no cmd', {}],
      ['an empty argv', { cmd: [] }],
      ['a non-string argv entry', { cmd: ['ls', 3] }],
      ['an unterminated quote', { cmd: "echo 'oops" }],
      ['a cwd that does not exist', { cmd: ['pwd'], cwd: '/no/such/dir' }],
      ['a negative timeout', { cmd: ['true'], timeout: -1 }],
    ])('answers 400 for %s', async (_what, args) => {
      const { status } = await execute(hub, { action: 'shell.exec', args });
      expect(status).toBe(400);
    });
  });

  describe('long-running processes', () => {
    it('starts, lists, writes to, streams and stops a process', async () => {
      const processes = hub.app.get(ProcessManager);
      const started = (await run(hub, 'shell.start', { cmd: ['cat'], name: 'echoer' })) as {
        id: string;
        pid: number;
      };
      expect(started.pid).toBeGreaterThan(0);
      const listed = (await run(hub, 'shell.list')) as Array<{ id: string; name: string; running: boolean }>;
      expect(listed).toContainEqual(
        expect.objectContaining({ id: started.id, name: 'echoer', running: true }),
      );

      const echoed = nextEvent(hub, 'ProcessOutputEvent', (e) => e.args.id === started.id);
      const chunks: string[] = [];
      const stopListening = processes.onOutput(started.id, (c) =>
        chunks.push(`${c.stream}@${c.offset}:${c.data.toString()}`),
      );
      expect(await run(hub, 'shell.write', { id: started.id, data: 'hello\n' })).toEqual({ success: true });
      expect((await echoed).args).toMatchObject({ stream: 'stdout', data: 'hello\n' });
      expect(chunks).toEqual(['stdout@0:hello\n']);
      expect(processes.output(started.id, 'stdout')).toEqual({ data: Buffer.from('hello\n'), offset: 0 });
      stopListening();

      const exited = nextEvent(hub, 'ProcessExitedEvent', (e) => e.args.id === started.id);
      const stopped = (await run(hub, 'shell.stop', { id: started.id })) as { signal: string | null };
      expect(stopped.signal).toBe('SIGTERM');
      expect((await exited).args).toMatchObject({ id: started.id, exit_code: null, signal: 'SIGTERM' });
      expect(processes.get(started.id)?.running).toBe(false);

      const late = await execute(hub, { action: 'shell.write', args: { id: started.id, data: 'x' } });
      expect(late.status).toBe(409);
    });

    it('reports the exit code of a process that ends by itself', async () => {
      const processes = hub.app.get(ProcessManager);
      const { id } = (await run(hub, 'shell.start', {
        cmd: [process.execPath, '-e', 'setTimeout(() => process.exit(4), 100)'],
      })) as { id: string };
      const info = await new Promise((resolve) => processes.onExit(id, resolve));
      expect(info).toEqual({ exit_code: 4, signal: null });
    });

    it('answers 404 for an unknown process id', async () => {
      expect((await execute(hub, { action: 'shell.stop', args: { id: 'nope' } })).status).toBe(404);
      expect((await execute(hub, { action: 'shell.write', args: { id: 'nope', data: 'x' } })).status).toBe(
        404,
      );
    });

    it('kills running processes when the hub shuts down', async () => {
      const other = await bootHub({ config: `${TOKEN_CONFIG}shell:\n  enabled: true\n` });
      const { pid } = (await run(other, 'shell.start', { cmd: ['sleep', '60'] })) as { pid: number };
      expect(() => process.kill(pid, 0)).not.toThrow();
      await other.stop();
      expect(() => process.kill(pid, 0)).toThrow();
    });
  });
});

describe('shell plugin without configuration', () => {
  it('is disabled', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      const { status } = await execute(hub, { action: 'shell.exec', args: { cmd: ['true'] } });
      expect(status).toBe(404);
    } finally {
      await hub.stop();
    }
  });

  it('refuses shell: true when allow_shell is false', async () => {
    const hub = await bootHub({ config: `${TOKEN_CONFIG}shell:\n  enabled: true\n  allow_shell: false\n` });
    try {
      const { status, body } = await execute(hub, {
        action: 'shell.exec',
        args: { cmd: 'ls | wc', shell: true },
      });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/allow_shell/);
      expect((await run(hub, 'shell.exec', { cmd: ['true'] })) as ExecOutput).toMatchObject({ exit_code: 0 });
    } finally {
      await hub.stop();
    }
  });
});
