import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { EventLogEntity } from '@hub/database';

import type { HistoryQuery } from './event-history.query';

/** Reads the persisted event log (`event_log`); the events module writes it. */
@Injectable()
export class EventLogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Up to `limit + 1` rows, so the caller can tell whether there is another page. */
  async find(query: HistoryQuery): Promise<EventLogEntity[]> {
    const qb = this.dataSource.getRepository(EventLogEntity).createQueryBuilder('e');
    if (query.types) qb.andWhere('e.type IN (:...types)', { types: query.types });
    if (query.from) qb.andWhere('e.at >= :from', { from: query.from.getTime() });
    if (query.to) qb.andWhere('e.at < :to', { to: query.to.getTime() });
    if (query.after !== null) qb.andWhere('e.seq > :after', { after: query.after });
    if (query.before !== null) qb.andWhere('e.seq < :before', { before: query.before });
    return qb
      .orderBy('e.seq', query.order === 'asc' ? 'ASC' : 'DESC')
      .limit(query.limit + 1)
      .getMany();
  }
}
