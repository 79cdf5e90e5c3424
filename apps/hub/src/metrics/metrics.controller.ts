import { Controller, Get, Inject, Res } from '@nestjs/common';
import { CurrentIdentity, type Identity, isAdminIdentity, RequireScope } from '@hub/auth';
import { HubError } from '@hub/common';
import { HubMetrics } from '@hub/metrics';
import type { FastifyReply } from 'fastify';

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
    // An unscoped credential (a session, a full token) must be an administrator's; a scoped
    // token got here only because it carries metrics:read (checked by the guard).
    if (identity.scopes === null && !isAdminIdentity(identity)) {
      throw HubError.forbidden(`Administrator rights or a token with the '${METRICS_SCOPE}' scope required`);
    }
    const text = await this.metrics.render();
    // Set here, not with @Header(): an error answer above stays JSON.
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return text;
  }
}
