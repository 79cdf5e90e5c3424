import { Body, Controller, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';

import { CurrentIdentity, type Identity } from '@hub/auth';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { buildResponse, type HubResponse, parseRequest } from '@hub/messages';
import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { EnvelopeErrors, EnvelopeExceptionFilter } from './envelope-errors';
import { Summary } from './summary.decorator';

/** `POST /execute`: platypush requests in, platypush responses out, whatever happens. */
@Controller()
@UseFilters(EnvelopeExceptionFilter)
export class ExecuteController {
  constructor(
    @Inject(ACTION_DISPATCHER) private readonly dispatcher: ActionDispatcher,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Post('execute')
  @HttpCode(200)
  @EnvelopeErrors()
  @Summary('Run an action (platypush Request → Response envelope)')
  async execute(@Body() body: unknown, @CurrentIdentity() identity: Identity): Promise<HubResponse> {
    const request = parseRequest(body);
    const output = await this.dispatcher.execute(
      { action: request.action, args: request.args, timeoutSeconds: request.timeout },
      { identity },
    );
    return buildResponse({ id: request.id, origin: this.config.device_id, output });
  }
}
