import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { configureLogger } from '@hub/common';
import { EventLogEntity, openDataSource } from '@hub/database';

import { EventHistory } from './event-history';
import { EventLogWriter } from './event-log.writer';
import { EventSequence } from './event-sequence';
import { InProcessEventBus } from './in-process-event-bus';

/** A bus over a real SQLite file, as the hub builds it. */
async function openBus(dir: string, historySize = 10) {
  const dataSource = await openDataSource({ db: { url: `sqlite://${join(dir, 'hub.db')}` } });
  const sequence = new EventSequence(dataSource);
  await sequence.init();
  const writer = new EventLogWriter(dataSource, { days: 7, maxRows: 5 });
  const bus = new InProcessEventBus('test-hub', sequence, new EventHistory(historySize), writer, new Set());
  const close = async () => {
    await writer.flush();
    await sequence.flush();
    await dataSource.destroy();
  };
  return { bus, writer, dataSource, close };
}

describe(InProcessEventBus.name, () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-bus-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => configureLogger('silent'));
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps seq growing across a restart', async () => {
    const dir = tempDir();
    const first = await openBus(dir);
    const a = first.bus.post('CustomEvent', { subtype: 'a' });
    const b = first.bus.post('CustomEvent', { subtype: 'b' });
    expect(b.seq).toBe(a.seq + 1);
    await first.close();

    const second = await openBus(dir);
    const c = second.bus.post('CustomEvent', { subtype: 'c' });
    expect(c.seq).toBeGreaterThan(b.seq);
    expect(second.bus.lastSeq()).toBe(c.seq);
    await second.close();
  });

  it('delivers to every listener even when one throws or rejects', async () => {
    const { bus, close } = await openBus(tempDir());
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('sync failure');
    });
    bus.subscribe(() => Promise.reject(new Error('async failure')));
    bus.subscribe((event) => void got.push(String((event.args as Record<string, unknown>).subtype)));
    expect(() => bus.post('CustomEvent', { subtype: 'x' })).not.toThrow();
    bus.post('CustomEvent', { subtype: 'y' });
    expect(got).toEqual(['x', 'y']);
    await close();
  });

  it('skips only the listener named in `except`', async () => {
    const { bus, close } = await openBus(tempDir());
    const got: string[] = [];
    const handledByCaller = () => void got.push('caller');
    bus.subscribe(handledByCaller);
    bus.subscribe(() => void got.push('other'));
    bus.post('CustomEvent', { subtype: 'x' }, { except: handledByCaller });
    expect(got).toEqual(['other']);
    await close();
  });

  it('normalises platypush class paths and replays from the history ring', async () => {
    const { bus, close } = await openBus(tempDir(), 3);
    const first = bus.post('platypush.message.event.CustomEvent', { subtype: 'p' });
    expect(first.args.type).toBe('CustomEvent');
    for (let i = 0; i < 4; i++) bus.post('CustomEvent', { subtype: `n${i}` });
    const replay = bus.replay(first.seq);
    expect(replay.events.map((e) => (e.args as Record<string, unknown>).subtype)).toEqual(['n1', 'n2', 'n3']);
    expect(replay.truncated).toBe(true);
    expect(bus.replay(bus.lastSeq() - 1).truncated).toBe(false);
    await close();
  });

  it('logs binary fields as their length, not their bytes', async () => {
    const { bus, writer, dataSource, close } = await openBus(tempDir());
    const posted = bus.post('CustomEvent', {
      subtype: 'bin',
      blob: Buffer.from('abc'),
      nested: { b: Buffer.alloc(5) },
    });
    await writer.flush();
    const [row] = await dataSource.getRepository(EventLogEntity).find();
    expect(JSON.parse(row.payload)).toMatchObject({
      seq: posted.seq,
      args: { type: 'CustomEvent', subtype: 'bin', blob: { _binary: 3 }, nested: { b: { _binary: 5 } } },
    });
    expect(row.at.getTime()).toBe(Math.round(posted._timestamp * 1000));
    await close();
  });

  it('persists events in batches and prunes beyond the retention limits', async () => {
    const { bus, writer, dataSource, close } = await openBus(tempDir());
    for (let i = 0; i < 8; i++) bus.post('CustomEvent', { subtype: `e${i}` });
    await writer.flush();
    const repo = dataSource.getRepository(EventLogEntity);
    expect(await repo.count()).toBe(8);

    // maxRows is 5: the oldest three go.
    await writer.prune();
    const kept = await repo.find({ order: { seq: 'ASC' } });
    expect(kept.map((r) => (JSON.parse(r.payload) as { args: { subtype: string } }).args.subtype)).toEqual([
      'e3',
      'e4',
      'e5',
      'e6',
      'e7',
    ]);

    // Older than log_retention_days (7): everything, seen from 8 days in the future.
    await writer.prune(Date.now() + 8 * 86_400_000);
    expect(await repo.count()).toBe(0);
    await close();
  });
});
