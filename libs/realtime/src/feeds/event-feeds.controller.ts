import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { CurrentIdentity, type Identity, READ_EVENTS_SCOPE, RequireScope } from '@hub/auth';

import { parseHistoryQuery } from '../history/event-history.query';
import { EventHistoryService } from '../history/event-history.service';
import { EventFeedService } from './event-feed.service';
import { eventToJson, sseMessage } from './event-json';
import { parseFeedOptions } from './feed-options';
import { HttpStreams } from './http-stream';

/** `GET /events` (SSE, longpoll, NDJSON) and `GET /events/history` (api.md §5). */
@Controller('events')
@RequireScope(READ_EVENTS_SCOPE)
export class EventFeedsController {
  constructor(
    @Inject(EventFeedService) private readonly feeds: EventFeedService,
    @Inject(EventHistoryService) private readonly history: EventHistoryService,
    @Inject(HttpStreams) private readonly streams: HttpStreams,
  ) {}

  /** Live events: `feed=eventsource|longpoll|continuous`, `types=A,B`, `since=`, `heartbeat=`, `timeout=`. */
  @Get()
  async feed(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentIdentity() identity: Identity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const options = parseFeedOptions(query, lastEventId || undefined);
    if (options.feed === 'longpoll') {
      // The response's close (not the request's: that fires once the request is read) means the client left.
      const left = new AbortController();
      reply.raw.once('close', () => left.abort());
      const result = await this.feeds.waitForEvents(
        { ...options, timeoutMs: options.timeoutSeconds * 1000 },
        left.signal,
      );
      if (left.signal.aborted) return;
      // Built by hand so binary fields get the same `$binary` form as in the streams.
      const events = `[${result.events.map(eventToJson).join(',')}]`;
      const truncated = result.truncated ? ',"truncated":true' : '';
      await reply
        .type('application/json; charset=utf-8')
        .send(`{"events":${events},"last_seq":${result.last_seq}${truncated}}`);
      return;
    }

    const sse = options.feed === 'eventsource';
    const stream = this.streams.open(request, reply, {
      sse,
      plainContentType: 'application/x-ndjson; charset=utf-8',
      heartbeatSeconds: options.heartbeatSeconds,
      identity,
    });
    // An EventSource reconnects after this many ms, sending the last id it saw.
    if (sse) stream.write('retry: 3000\n\n');
    const stop = this.feeds.follow(
      options,
      (event) =>
        stream.write(
          sse ? sseMessage(event.seq, event.args.type, eventToJson(event)) : `${eventToJson(event)}\n`,
        ),
      () =>
        stream.write(
          sse
            ? sseMessage(null, 'truncated', JSON.stringify({ since: options.since }))
            : `${JSON.stringify({ truncated: true, since: options.since })}\n`,
        ),
    );
    stream.onClose(stop);
  }

  /** The persisted log: `types=`, `from=`/`to=` (ISO or epoch seconds), `after=`/`before=` seq, `limit=`, `order=`. */
  /** Answers a HistoryPage (`{events, next}`), bounded in rows and in bytes. */
  @Get('history')
  async historyPage(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const json = await this.history.pageJson(parseHistoryQuery(query));
    await reply.type('application/json; charset=utf-8').send(json);
  }
}
