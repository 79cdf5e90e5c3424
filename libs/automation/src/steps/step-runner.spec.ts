import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { compileSteps } from './step-compiler';
import { StepError } from './step-context';
import { runSteps, type StepRuntime } from './step-runner';

/** A fake dispatcher recording calls; `echo.value` returns its args. */
function fakeRuntime(constants: Record<string, unknown> = {}) {
  const calls: Array<{ action: string; args: Record<string, unknown> }> = [];
  const runtime: StepRuntime = {
    constants,
    log: pino({ level: 'silent' }),
    run: async (action, args) => {
      calls.push({ action, args });
      if (action === 'fail.now') throw new Error('boom');
      return action === 'echo.value' ? args : { success: true };
    },
  };
  return { runtime, calls };
}

describe('runSteps', () => {
  it('runs actions with args from the event, output and constants', async () => {
    const { runtime, calls } = fakeRuntime({ room: 'living' });
    const steps = compileSteps([
      { action: 'echo.value', args: { state: '${data.state}', n: 2 } },
      { action: 'log.info', args: { msg: '${state} in ${constants.room}', prev: '${output.n}' } },
    ]);
    await runSteps(steps, runtime, { event: { type: 'WebhookEvent', data: { state: 'on' } } });
    expect(calls).toEqual([
      { action: 'echo.value', args: { state: 'on', n: 2 } },
      { action: 'log.info', args: { msg: 'on in living', prev: 2 } },
    ]);
    expect(steps.actions).toEqual(['echo.value', 'log.info']);
  });

  it('takes if / elif / else branches', async () => {
    const steps = compileSteps([
      { 'if ${t > 25}': [{ return: 'hot' }] },
      { 'elif ${t > 15}': [{ return: 'mild' }] },
      { else: [{ return: 'cold' }] },
    ]);
    const { runtime } = fakeRuntime();
    expect(await runSteps(steps, runtime, { args: { t: 30 } })).toBe('hot');
    expect(await runSteps(steps, runtime, { args: { t: 20 } })).toBe('mild');
    expect(await runSteps(steps, runtime, { args: { t: 0 } })).toBe('cold');
  });

  it('loops with for, continue and break', async () => {
    const { runtime, calls } = fakeRuntime();
    const steps = compileSteps([
      {
        'for x in ${items}': [
          { 'if ${x == 2}': ['continue'] },
          { 'if ${x == 4}': ['break'] },
          { action: 'echo.value', args: { x: '${x}' } },
        ],
      },
    ]);
    await runSteps(steps, runtime, { args: { items: [1, 2, 3, 4, 5] } });
    expect(calls.map((c) => c.args.x)).toEqual([1, 3]);
  });

  it('runs fork loops and fork blocks in parallel', async () => {
    const started: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runtime: StepRuntime = {
      constants: {},
      log: pino({ level: 'silent' }),
      run: async (_action, args) => {
        started.push(args.x as number);
        // Each call waits until all three have started: only possible when they run at once.
        if (started.length === 3) release();
        await gate;
        return null;
      },
    };
    const steps = compileSteps([{ 'fork x in ${[1, 2, 3]}': [{ action: 'wait.all', args: { x: '${x}' } }] }]);
    await runSteps(steps, runtime);
    expect(started.sort()).toEqual([1, 2, 3]);
  });

  it('counts with while and set, and stops at return', async () => {
    const { runtime, calls } = fakeRuntime();
    const steps = compileSteps([
      { set: { i: 0 } },
      { 'while ${i < 10}': [{ set: { i: '${i + 1}' } }, { 'if ${i == 3}': ['return ${i * 10}'] }] },
      { action: 'never.runs' },
    ]);
    expect(await runSteps(steps, runtime)).toBe(30);
    expect(calls).toEqual([]);
  });

  it('answers through response steps and keeps going', async () => {
    const { runtime, calls } = fakeRuntime();
    const answers: unknown[] = [];
    const steps = compileSteps([
      { response: { status: 201, body: { got: '${data}' } } },
      { action: 'after.answer' },
    ]);
    await runSteps(steps, runtime, { event: { data: 'x' }, answer: (v) => answers.push(v) });
    expect(answers).toEqual([{ status: 201, body: { got: 'x' } }]);
    expect(calls).toHaveLength(1);
  });

  it('propagates a failing action', async () => {
    const { runtime } = fakeRuntime();
    await expect(runSteps(compileSteps([{ action: 'fail.now' }]), runtime)).rejects.toThrow('boom');
  });

  it('reports bad steps with their path', () => {
    expect(() => compileSteps([{ action: 'ok.fine' }, { else: [] }])).toThrow(StepError);
    try {
      compileSteps([{ action: 'ok.fine' }, { 'if ${x}': [{ action: 'not valid' }] }]);
    } catch (err) {
      expect((err as StepError).path).toEqual([1, 'if ${x}', 0, 'action']);
    }
    expect(() => compileSteps([{ 'if ${x ==}': [] }])).toThrow(/cannot parse/);
    expect(() => compileSteps(['jump'])).toThrow(/unknown step/);
  });
});
