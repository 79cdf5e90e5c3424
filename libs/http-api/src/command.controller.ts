import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

import { CurrentIdentity, type Identity, RequireAction } from '@hub/auth';
import { parseInput } from '@hub/common';
import { EVENT_BUS, type EventBus } from '@hub/events';
import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { Summary } from './summary.decorator';

/** `/cmd` waits this long unless the body says `timeout` (and never longer than the action allows). */
const CMD_TIMEOUT_SECONDS = 5;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `{"name": "...", "payload": {...}}`; `nameIs` words what `name` must be (an action, an event subtype). */
function commandSchema(nameIs: string) {
  return z.object(
    {
      name: z.custom<string>((v) => typeof v === 'string' && v.length > 0, { error: `expected ${nameIs}` }),
      // Absent or null: no payload.
      payload: z.preprocess(
        (v) => v ?? {},
        z.custom<Record<string, unknown>>(isObject, { error: 'expected an object' }),
      ),
      timeout: z
        .custom<number>((v) => typeof v === 'number' && v > 0, {
          error: 'expected a positive number of seconds',
        })
        .optional(),
    },
    { error: 'The request body must be a JSON object {"name": ..., "payload": {...}}' },
  );
}
const ACTION_COMMAND = commandSchema("'plugin.action'");
const EVENT_COMMAND = commandSchema('the event subtype');

/**
 * The simple command protocol for devices that cannot build a platypush Request: plain status
 * codes, the bare output as the body.
 */
@Controller()
export class CommandController {
  constructor(
    @Inject(ACTION_DISPATCHER) private readonly dispatcher: ActionDispatcher,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Post('cmd')
  @HttpCode(200)
  @Summary('Run an action: {name, payload} → the output as JSON (5 s default timeout)')
  async cmd(
    @Body() body: unknown,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const command = parseInput(ACTION_COMMAND, body);
    const output = await this.dispatcher.execute(
      { action: command.name, args: command.payload, timeoutSeconds: command.timeout ?? CMD_TIMEOUT_SECONDS },
      { identity },
    );
    // Serialised here: Fastify would send a bare string output as text/plain.
    void reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(output ?? null);
  }

  @Post('data')
  @HttpCode(200)
  @Summary('Post CustomEvent {subtype: name, ...payload}; 200 with an empty body')
  // Posting an event is what event.post does: the same scope and role govern both.
  @RequireAction('event.post')
  data(@Body() body: unknown): string {
    const command = parseInput(EVENT_COMMAND, body);
    this.bus.post('CustomEvent', { ...command.payload, subtype: command.name });
    return '';
  }
}
