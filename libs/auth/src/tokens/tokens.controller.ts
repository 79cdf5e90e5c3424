import { Controller, Delete, Get, Inject, Param } from '@nestjs/common';

import { CurrentIdentity, RequireUnscoped } from '../access.decorators';
import type { Identity } from '../identity';
import type { TokenView } from './token.view';
import { TokensService } from './tokens.service';

/** Listing and revoking API tokens (issuing is `POST /auth`). */
@Controller('tokens')
export class TokensController {
  constructor(@Inject(TokensService) private readonly tokens: TokensService) {}

  /** Own tokens (administrators: all), without the JWTs themselves. */
  @Get()
  list(@CurrentIdentity() identity: Identity): Promise<TokenView[]> {
    return this.tokens.list(identity);
  }

  /** Revokes at once: the next request with that token gets 401. */
  // A token limited to some actions must not end its owner's other credentials.
  @Delete(':id')
  @RequireUnscoped()
  revoke(@CurrentIdentity() identity: Identity, @Param('id') id: string): Promise<TokenView> {
    return this.tokens.revoke(identity, id);
  }
}
