import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { AuthService } from '@hub/auth';

import { EventFeedService } from './feeds/event-feed.service';
import { EventFeedsController } from './feeds/event-feeds.controller';
import { HttpStreams } from './feeds/http-stream';
import { EventHistoryService } from './history/event-history.service';
import { EventLogRepository } from './history/event-log.repository';
import { LiveConnections } from './live-connections';
import { RealtimeGateway } from './socket/realtime.gateway';
import { ProcessOutputService } from './streams/process-output.service';
import { ProcessStreamsController } from './streams/process-streams.controller';

/**
 * Live events: the socket.io gateway, the HTTP event feeds and history, and process output
 * streams. Everything it sends comes from the event bus; services publish by posting there.
 */
@Module({
  controllers: [EventFeedsController, ProcessStreamsController],
  providers: [
    LiveConnections,
    HttpStreams,
    RealtimeGateway,
    EventFeedService,
    EventHistoryService,
    EventLogRepository,
    ProcessOutputService,
  ],
  exports: [RealtimeGateway, LiveConnections],
})
export class RealtimeModule implements OnModuleInit, OnModuleDestroy {
  private stopListening: (() => void) | null = null;

  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(RealtimeGateway) private readonly gateway: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    // A token revoked, a session logged out or a user deleted ends their live connections.
    this.stopListening = this.auth.onRevoked((revoked) => this.gateway.revoke(revoked));
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }
}
