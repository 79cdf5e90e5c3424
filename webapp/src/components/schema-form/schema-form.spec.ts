import { describe, expect, it } from 'vitest';
import { createApp, nextTick, reactive } from 'vue';
import { argsFromValues, initialValues, placeServerErrors, valuesFromArgs } from './form-values';
import { describeFields, type JsonSchema } from './json-schema';
import SchemaForm from './SchemaForm.vue';

/** What zod's toJSONSchema writes for a typical action (see GET /api/v1/plugins). */
const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    cmd: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    timeout: { type: 'number', exclusiveMinimum: 0 },
    mode: { default: 'a', type: 'string', enum: ['a', 'b'] },
    on: { default: false, type: 'boolean' },
    opts: { type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] },
    tags: { type: 'array', items: { type: 'string' } },
    n: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    free: { type: 'object', additionalProperties: {} },
    verbose: { type: 'boolean' },
  },
  required: ['cmd', 'free'],
  additionalProperties: false,
};

describe('describeFields', () => {
  const fields = describeFields(SCHEMA);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

  it('puts required fields first and picks a control per type', () => {
    expect(fields.map((f) => f.name)).toEqual([
      'cmd',
      'free',
      'timeout',
      'mode',
      'on',
      'opts',
      'tags',
      'n',
      'verbose',
    ]);
    expect(byName.cmd).toMatchObject({ kind: 'string', required: true });
    expect(byName.timeout.kind).toBe('number');
    expect(byName.mode).toMatchObject({ kind: 'enum', choices: ['a', 'b'], default: 'a' });
    expect(byName.on).toMatchObject({ kind: 'boolean', default: false });
    expect(byName.tags).toMatchObject({ kind: 'list', itemKind: 'string' });
    expect(byName.n).toMatchObject({ kind: 'integer', nullable: true });
    expect(byName.free.kind).toBe('json');
  });

  it('nests an object’s declared properties under dotted keys', () => {
    expect(byName.opts.kind).toBe('object');
    expect(byName.opts.children).toEqual([
      expect.objectContaining({ key: 'opts.x', kind: 'integer', required: true }),
    ]);
  });
});

describe('form values', () => {
  const fields = describeFields(SCHEMA);

  it('starts from the defaults and sends only what was filled in', () => {
    const values = initialValues(fields);
    expect(values.mode).toBe('"a"');
    values.cmd = 'ls -l';
    values.free = '{"k": 1}';
    values.tags = 'a\n\nb';
    values['opts.x'] = '3';
    const { args, errors } = argsFromValues(fields, values);
    expect(errors).toEqual({});
    expect(args).toEqual({
      cmd: 'ls -l',
      free: { k: 1 },
      mode: 'a',
      on: false,
      opts: { x: 3 },
      tags: ['a', 'b'],
    });
  });

  it('reports a number or JSON that does not parse at its field, before sending', () => {
    const values = { ...initialValues(fields), timeout: 'soon', free: '{nope', 'opts.x': '1.5' };
    expect(argsFromValues(fields, values).errors).toEqual({
      timeout: 'expected a number',
      free: 'not valid JSON',
      'opts.x': 'expected a whole number',
    });
  });

  it('sends an optional checkbox only once it was touched', () => {
    const values = initialValues(fields);
    expect(argsFromValues(fields, values).args).not.toHaveProperty('verbose');
    expect(argsFromValues(fields, values, new Set(['verbose'])).args.verbose).toBe(false);
  });

  it('round-trips arguments from the raw JSON mode', () => {
    const args = { cmd: 'echo', free: {}, tags: ['x', 'y'], n: null, opts: { x: 2 } };
    const values = valuesFromArgs(fields, args);
    expect(values).toMatchObject({ cmd: 'echo', tags: 'x\ny', n: 'null', 'opts.x': '2' });
    expect(argsFromValues(fields, values).args).toMatchObject(args);
  });

  it('places the server’s 400 messages at the deepest matching field', () => {
    const placed = placeServerErrors(fields, [
      'opts.x: Invalid input: expected int',
      'tags.1: expected string',
      '(args): Unrecognized key: "zzz"',
    ]);
    expect(placed.byField).toEqual({ 'opts.x': 'Invalid input: expected int', tags: 'expected string' });
    expect(placed.general).toEqual(['(args): Unrecognized key: "zzz"']);
  });
});

describe('SchemaForm', () => {
  it('labels every control with its argument’s name, marks required ones and shows errors at the field', async () => {
    const fields = describeFields(SCHEMA);
    const values = reactive(initialValues(fields));
    const errors = reactive<Record<string, string>>({});
    const root = document.createElement('div');
    const app = createApp(SchemaForm, { fields, values, errors });
    app.mount(root);

    const labelled = (name: string) => {
      const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(name));
      return label ? root.querySelector<HTMLElement>(`#${label.htmlFor}`) : null;
    };
    expect(labelled('cmd')?.getAttribute('aria-required')).toBe('true');
    expect(labelled('timeout')?.getAttribute('aria-required')).toBeNull();
    expect(labelled('mode')?.tagName).toBe('SELECT');
    expect((labelled('on') as HTMLInputElement).type).toBe('checkbox');
    expect(root.querySelector('legend')?.textContent).toContain('opts');

    const cmd = labelled('cmd') as HTMLInputElement;
    cmd.value = 'uptime';
    cmd.dispatchEvent(new Event('input'));
    expect(values.cmd).toBe('uptime');

    errors.timeout = 'Too small: expected number to be >0';
    await nextTick();
    const timeout = labelled('timeout')!;
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    const message = root.querySelector(`#${timeout.getAttribute('aria-describedby')}`);
    expect(message?.textContent).toBe('Too small: expected number to be >0');
    app.unmount();
  });
});
