import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { CurrentIdentity, hasAdminRole, type Identity, RequireScope } from '@hub/auth';
import { HubError } from '@hub/common';
import { HubMetrics } from '@hub/metrics';

export const METRICS_SCOPE = 'metrics:read';

/** `GET /metrics`: Prometheus text format, for administrators or a token with `metrics:read`. */
@Controller()
export class MetricsController {
  constructor(@Inject(HubMetrics) private readonly metrics: HubMetrics) {}

  @Get('metrics')
  @RequireScope(METRICS_SCOPE)
  async scrape(
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!this.metrics.enabled) throw HubError.notFound('Metrics are disabled (metrics.enabled: false)');
    // A token that names metrics:read was made for scraping; anything else (a session, a full
    // token, a `*` token, which the guard let through too) must be an administrator's.
    const scraper = identity.scopes?.includes(METRICS_SCOPE) ?? false;
    if (!scraper && !hasAdminRole(identity)) {
      throw HubError.forbidden(`Administrator rights or a token with the '${METRICS_SCOPE}' scope required`);
    }
    const text = await this.metrics.render();
    // Set here, not with @Header(): an error answer above stays JSON.
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return text;
  }
}
