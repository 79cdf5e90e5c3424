import { Inject } from '@nestjs/common';
import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import { VariableStore } from '../../variable.store';

const name = z.string().min(1).max(255);

/** Persistent variables (platypush `variable`): kept in the database, shared with automations. */
@Plugin({
  name: 'variable',
  doc: 'Persistent named values, kept in the database; every change posts VariableChangedEvent.',
})
export class VariablePlugin {
  constructor(@Inject(VariableStore) private readonly store: VariableStore) {}

  @Action({
    doc: 'Set one or more variables: {"lights": "on", "temp": 21}.',
    args: z
      .record(name, z.unknown())
      .refine((v) => Object.keys(v).length > 0, 'give at least one variable to set'),
    returns: z.object({ success: z.literal(true) }),
  })
  async set(args: Record<string, unknown>) {
    await this.store.set(args);
  }

  @Action({
    doc: 'Read a variable: {"<name>": <value or null>}.',
    args: z.strictObject({ name }),
    returns: z.record(z.string(), z.unknown()),
  })
  async get(args: { name: string }) {
    return { [args.name]: await this.store.get(args.name) };
  }

  @Action({
    doc: 'Remove a variable (no error when it does not exist).',
    args: z.strictObject({ name }),
    returns: z.object({ success: z.literal(true) }),
  })
  async unset(args: { name: string }) {
    await this.store.unset(args.name);
  }

  @Action({
    doc: 'Every variable: {"<name>": <value>, ...}.',
    args: z.strictObject({}),
    returns: z.record(z.string(), z.unknown()),
  })
  list() {
    return this.store.list();
  }
}
