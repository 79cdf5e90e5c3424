import { Controller, Get, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Public } from '@hub/auth';
import { CLUSTER_LINK, type ClusterLink } from '@hub/cluster';

type State = 'up' | 'down';

export interface Health {
  status: 'ok' | 'degraded';
  /** Clustered instances only: whether events, revocations and limits are shared right now. */
  redis?: State;
  database?: State;
}

/** A database that does not answer this fast counts as down for the health check. */
const DATABASE_CHECK_MS = 1000;

@Controller()
export class HealthController {
  constructor(
    @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * Liveness for load balancers and scripts; says nothing secret. Always 200 while the process
   * serves: an instance without Redis still serves its own clients (`degraded`).
   */
  @Public()
  @Get('healthz')
  async health(): Promise<Health> {
    if (!this.link) return { status: 'ok' };
    const redis: State = this.link.isUp() ? 'up' : 'down';
    const database = await this.databaseState();
    return { status: redis === 'up' && database === 'up' ? 'ok' : 'degraded', redis, database };
  }

  private async databaseState(): Promise<State> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<State>(
      (resolve) => (timer = setTimeout(() => resolve('down'), DATABASE_CHECK_MS)),
    );
    const query = this.dataSource.query('SELECT 1').then(
      (): State => 'up',
      (): State => 'down',
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
