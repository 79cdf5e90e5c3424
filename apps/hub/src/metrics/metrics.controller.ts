import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { AdminOrScope } from '@hub/auth';
import { HubError } from '@hub/common';
import { HubMetrics } from '@hub/metrics';

export const METRICS_SCOPE = 'metrics:read';

/** `GET /metrics`: Prometheus text format, for administrators or a token with `metrics:read`. */
@Controller()
export class MetricsController {
  constructor(@Inject(HubMetrics) private readonly metrics: HubMetrics) {}

  @Get('metrics')
  @AdminOrScope(METRICS_SCOPE)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics.enabled) throw HubError.notFound('Metrics are disabled (metrics.enabled: false)');
    const text = await this.metrics.render();
    // Set here, not with @Header(): an error answer above stays JSON.
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return text;
  }
}
