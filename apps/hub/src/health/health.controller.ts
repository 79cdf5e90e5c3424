import { Controller, Get } from '@nestjs/common';
import { Public } from '@hub/auth';

@Controller()
export class HealthController {
  /** Liveness for load balancers and scripts; says nothing secret. */
  @Public()
  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
