import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';

import { loadConfig } from '@hub/config';
import { HubMetaEntity } from '@hub/database';

import { startHub } from '../apps/hub/src/bootstrap/hub-app';
import { WorkdirLockedError } from '../apps/hub/src/bootstrap/workdir-lock';
import { bootHub, runBuiltHub, spawnBuiltHub, tempDirs, type TestHub } from './support/test-hub';

/**
 * Issue 10 (Low): a second hub started on a workdir in use opened the live database (migrations,
 * pruning, an event-sequence reservation) and only then failed on the port. It now stops before
 * touching anything, with a message and exit code 3. Needs `npm run build` (real processes).
 */
describe('one hub per workdir', () => {
  const tempDir = tempDirs('hub-lock-');
  const running: TestHub[] = [];
  afterAll(async () => {
    for (const hub of running) await hub.stop();
  });

  const reservedSeq = async (hub: TestHub) =>
    (await hub.app.get(DataSource).getRepository(HubMetaEntity).findOneBy({ key: 'event_seq_reserved' }))
      ?.value;

  it('stops a second process on the same workdir before it opens the database: exit 3 and why', async () => {
    const dir = tempDir();
    const first = await bootHub({ dir });
    running.push(first);
    const port = new URL(first.url).port;
    // The same workdir and the same port: what starting the hub twice by mistake looks like.
    writeFileSync(join(dir, 'second.yaml'), `backend.http:\n  port: ${port}\nworkdir: ./data\n`);
    const before = await reservedSeq(first);
    const second = await runBuiltHub(['--config', 'second.yaml'], dir);
    expect(second.code).toBe(3);
    expect(second.output).toMatch(
      new RegExp(
        `^hub: another hub \\(pid ${process.pid}\\) is running on the workdir .*data \\(.*hub\\.lock is locked\\)`,
        'm',
      ),
    );
    expect(second.output).not.toMatch(/EADDRINUSE|at .*\.js:\d+/);
    expect(await reservedSeq(first)).toBe(before);
    expect((await first.fetch('/healthz')).status).toBe(200);
  });

  it('refuses a second hub in the same process, and lets the workdir go when the first closes', async () => {
    const dir = tempDir();
    const first = await bootHub({ dir });
    const config = loadConfig({ configPath: join(dir, 'config.yaml'), cwd: dir });
    const outcome = await startHub(config, { keepLogger: true }).then(
      async (second) => {
        await second.close();
        return 'a second hub started';
      },
      (err: unknown) => err,
    );
    expect(outcome).toBeInstanceOf(WorkdirLockedError);
    await first.stop();
    const again = await startHub(config, { keepLogger: true });
    await again.close();
  });

  it('needs no clean-up after a hub that was killed (the kernel drops the lock)', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'config.yaml'),
      'backend.http:\n  port: 0\nworkdir: ./data\nauth:\n  bcrypt_cost: 4\n',
    );
    const killed = await spawnBuiltHub(['--config', 'config.yaml'], dir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const next = await bootHub({ dir });
    running.push(next);
    expect((await next.fetch('/healthz')).status).toBe(200);
  });
});
