import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';

import { AdminOnly } from '../access.decorators';
import { parseBody } from '../body';
import { LoginAuditRepository, type LoginAuditView } from './login-audit.repository';

const querySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** The login audit (every password attempt: /login, /auth, Basic, /register), for administrators. */
@Controller('login-audit')
export class LoginAuditController {
  constructor(@Inject(LoginAuditRepository) private readonly audit: LoginAuditRepository) {}

  /** `?limit=` (1-500, default 100) newest first; `?before=<id>` for the page after. */
  @AdminOnly()
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ entries: LoginAuditView[] }> {
    const { limit, before } = parseBody(querySchema, { ...query });
    return { entries: await this.audit.recent(limit, before) };
  }
}
