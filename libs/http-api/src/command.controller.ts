import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CurrentIdentity, type Identity, RequireAction } from '@hub/auth';
import { HubError } from '@hub/common';
import { EVENT_BUS, type EventBus } from '@hub/events';
import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';
import type { FastifyReply } from 'fastify';
import { Summary } from './summary.decorator';

/** `/cmd` waits this long unless the body says `timeout` (and never longer than the action allows). */
const CMD_TIMEOUT_SECONDS = 5;

interface Command {
  name: string;
  payload: Record<string, unknown>;
  timeout?: number;
}

/** `{"name": "...", "payload": {...}}`, checked field by field. */
function parseCommand(body: unknown, nameIs: string): Command {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw HubError.badRequest('The request body must be a JSON object {"name": ..., "payload": {...}}');
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b.name !== 'string' || b.name.length === 0) problems.push(`name: expected ${nameIs}`);
  const payload = b.payload ?? {};
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    problems.push('payload: expected an object');
  }
  if (b.timeout !== undefined && (typeof b.timeout !== 'number' || !(b.timeout > 0))) {
    problems.push('timeout: expected a positive number of seconds');
  }
  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return {
    name: b.name as string,
    payload: payload as Record<string, unknown>,
    timeout: b.timeout as number,
  };
}

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
    const command = parseCommand(body, "'plugin.action'");
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
    const command = parseCommand(body, 'the event subtype');
    this.bus.post('CustomEvent', { ...command.payload, subtype: command.name });
    return '';
  }
}
