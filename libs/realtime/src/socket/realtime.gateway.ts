import type { Server as HttpServer } from 'node:http';

import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';

import {
  AuthService,
  type Identity,
  READ_EVENTS_SCOPE,
  type Revocation,
  scopeAllows,
  scopeAllowsAction,
} from '@hub/auth';
import { createLogger, describeError, ErrorCode, HubError, tooDeepMessage, valueTooDeep } from '@hub/common';
import { corsOptions, HostPolicy, HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';
import {
  buildResponse,
  type HubEvent,
  type HubResponse,
  parseRequest,
  type SocketRefusal,
} from '@hub/messages';
import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { LiveConnections } from '../live-connections';
import { parseClientEvent } from '../subscriptions/client-event';
import { ClientSubscriptions, parseSubscribeRequest } from '../subscriptions/client-subscriptions';
import { handshakeCredentials } from './handshake-credentials';
import { originAccess } from './origin-check';
import { dropClient, queuedPackets } from './socket-backpressure';

/** One connected socket.io client. */
interface Client {
  socket: Socket;
  identity: Identity;
  subscriptions: ClientSubscriptions;
  /** Newest seq sent to this client: nothing at or below it is sent again (resume without duplicates). */
  deliveredSeq: number;
}

type Ack = (reply: unknown) => void;

/**
 * The one socket.io server (api.md §5), on the HTTP server's port at `/socket.io`. It only
 * translates: clients authenticate with the same AuthService as HTTP, events come from the bus,
 * actions go to the dispatcher. Other modules never touch socket.io: they post to the bus.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = createLogger('Realtime');
  private io: Server | null = null;
  private readonly clients = new Map<string, Client>();
  private unsubscribeBus: (() => void) | null = null;
  private dispatcher: ActionDispatcher | null | undefined;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(LiveConnections) private readonly connections: LiveConnections,
  ) {}

  /** Connected clients (for metrics and tests). */
  get clientCount(): number {
    return this.clients.size;
  }

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    const { origins } = this.config.http.cors;
    const hosts = new HostPolicy(this.config.http);
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: this.config.http.body_limit,
      // The same policy as HTTP routes (polling transport requests are plain HTTP).
      cors: corsOptions(this.config.http.cors) ?? undefined,
      // socket.io answers its requests before Fastify sees them: the Host check is repeated here.
      allowRequest: (req, callback) => {
        if (!hosts.allows(req.headers.host)) return callback('Host not allowed', false);
        const allowed = originAccess(req.headers.origin, req.headers.host, origins) !== 'refused';
        callback(allowed ? null : 'Origin not allowed', allowed);
      },
    });
    this.io.use((socket, next) => {
      const credentials = handshakeCredentials(socket.handshake);
      const { origin, host } = socket.handshake.headers;
      if (originAccess(origin, host, origins) === 'wildcard') delete credentials.sessionCookie;
      this.auth.authenticate(credentials).then(
        (identity) => {
          (socket.data as { identity?: Identity }).identity = identity;
          next();
        },
        (err: unknown) => {
          if (!describeError(err).expected) this.log.error({ err }, 'socket.io authentication failed');
          next(new Error('Unauthorized'));
        },
      );
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.unsubscribeBus = this.bus.subscribe((event) => this.fanOut(event));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribeBus?.();
    this.connections.closeAll('server shutting down');
    // Not io.close(): that also closes the HTTP server, which Fastify closes itself right after.
    this.io?.engine.close();
  }

  /** Ends the connections made with a credential that was just revoked. */
  revoke(revoked: Revocation): void {
    const closed = this.connections.revoke(revoked);
    if (closed > 0) this.log.info({ ...revoked, closed }, 'closed live connections of a revoked credential');
  }

  private onConnection(socket: Socket): void {
    const identity = (socket.data as { identity: Identity }).identity;
    const client: Client = { socket, identity, subscriptions: new ClientSubscriptions(), deliveredSeq: 0 };
    this.clients.set(socket.id, client);
    const removeConnection = this.connections.add({
      identity,
      close: (reason) => {
        // The client learns why before the connection goes (it may be waiting on an ack).
        socket.emit('server_disconnect', { reason });
        socket.disconnect(true);
      },
    });
    // The same nesting limit as HTTP bodies, for every event a client sends: refused with an ack.
    const maxDepth = this.config.http.limits.max_json_depth;
    socket.use((packet, next) => {
      // The packet is [name, ...args, ack?]: one level more than its payload.
      if (!valueTooDeep(packet, maxDepth + 1)) return next();
      const ack = packet[packet.length - 1] as unknown;
      const error = tooDeepMessage(maxDepth);
      if (typeof ack === 'function') {
        (ack as Ack)(
          packet[0] === 'execute'
            ? buildResponse({ origin: this.config.device_id, errors: [error] })
            : { ok: false, error },
        );
      }
    });
    socket.on('disconnect', () => {
      this.clients.delete(socket.id);
      removeConnection();
    });
    socket.on('subscribe', (payload: unknown, ack?: Ack) =>
      reply(ack, () => this.subscribe(client, payload), this.log),
    );
    socket.on('unsubscribe', (payload: unknown, ack?: Ack) =>
      reply(
        ack,
        () => {
          client.subscriptions.remove(parseSubscribeRequest(payload).types);
          return { ok: true };
        },
        this.log,
      ),
    );
    socket.on('post', (payload: unknown, ack?: Ack) => {
      let event: HubEvent;
      try {
        event = this.post(client, payload);
      } catch (err) {
        reply(
          ack,
          () => {
            throw err;
          },
          this.log,
        );
        return;
      }
      // In a cluster the seq comes back from Redis a round trip later.
      void this.bus.sequenced(event).then((seq) => {
        if (typeof ack === 'function') ack({ ok: true, id: event.id, seq });
      });
    });
    socket.on('execute', (payload: unknown, ack?: Ack) => {
      void this.execute(client, payload).then((response) => {
        if (typeof ack === 'function') ack(response);
      });
    });
  }

  /**
   * Adds a subscription. With `since`, the kept events after it that match are sent first, in
   * order, then live ones; this all happens synchronously, so no event can slip in between, and
   * `deliveredSeq` keeps anything from being sent twice.
   */
  private subscribe(client: Client, payload: unknown): { ok: true; truncated?: true } {
    if (!scopeAllows(client.identity.scopes, READ_EVENTS_SCOPE)) {
      throw HubError.forbidden(`This token lacks the '${READ_EVENTS_SCOPE}' scope`);
    }
    const request = parseSubscribeRequest(payload);
    const hadBefore = client.subscriptions.snapshot();
    const matchesNew = client.subscriptions.add(request);
    let truncated = false;
    if (request.since !== undefined) {
      const replay = this.bus.replay(request.since);
      truncated = replay.truncated;
      for (const event of replay.events) {
        // Up to deliveredSeq the client already got what its earlier subscriptions matched.
        const alreadySent = event.seq <= client.deliveredSeq && hadBefore(event);
        const wanted = matchesNew(event) || (event.seq > client.deliveredSeq && hadBefore(event));
        if (wanted && !alreadySent) client.socket.emit('event', event);
      }
    }
    client.deliveredSeq = Math.max(client.deliveredSeq, this.bus.lastSeq());
    return truncated ? { ok: true, truncated: true } : { ok: true };
  }

  private post(client: Client, payload: unknown): HubEvent {
    if (!scopeAllowsAction(client.identity.scopes, 'event.post')) {
      throw HubError.forbidden("This token lacks the 'event.post' scope needed to post events");
    }
    const { type, fields } = parseClientEvent(payload);
    return this.bus.post(type, fields);
  }

  private async execute(client: Client, payload: unknown): Promise<HubResponse> {
    const origin = this.config.device_id;
    const id =
      typeof (payload as { id?: unknown })?.id === 'string' ? (payload as { id: string }).id : undefined;
    try {
      const request = parseRequest(payload);
      const dispatcher = this.actionDispatcher();
      if (!dispatcher) throw new HubError(ErrorCode.Internal, 'Actions are not available');
      const output = await dispatcher.execute(
        { action: request.action, args: request.args, timeoutSeconds: request.timeout },
        { identity: client.identity },
      );
      return buildResponse({
        id: request.id,
        origin,
        output: output === undefined ? { success: true } : output,
      });
    } catch (err) {
      const { expected, details: errors } = describeError(err);
      if (!expected) this.log.error({ err }, 'socket.io execute failed');
      return buildResponse({ id, origin, errors });
    }
  }

  /** Resolved on first use: the plugins module may be wired after this one. */
  private actionDispatcher(): ActionDispatcher | null {
    if (this.dispatcher === undefined) {
      try {
        this.dispatcher = this.moduleRef.get<ActionDispatcher>(ACTION_DISPATCHER, { strict: false });
      } catch {
        return null;
      }
    }
    return this.dispatcher;
  }

  /**
   * Sends an event to every subscribed client it matches, encoded once. A client whose queue is
   * over the limit is dropped instead (it can resume with `since`): writes never block, so a client
   * that does not read cannot slow the others, and it cannot hold more than the limit in memory.
   */
  private fanOut(event: HubEvent): void {
    if (!this.io || this.clients.size === 0) return;
    const limit = this.config.events.client_queue_limit;
    const targets: string[] = [];
    for (const client of this.clients.values()) {
      if (event.seq <= client.deliveredSeq || !client.subscriptions.active) continue;
      if (!client.subscriptions.matches(event)) continue;
      const queued = queuedPackets(client.socket);
      if (queued >= limit) {
        this.overflow(client, queued);
        continue;
      }
      client.deliveredSeq = event.seq;
      targets.push(client.socket.id);
    }
    if (targets.length === 1) this.clients.get(targets[0])!.socket.emit('event', event);
    else if (targets.length > 1) this.io.local.to(targets).emit('event', event);
  }

  private overflow(client: Client, queued: number): void {
    this.log.warn(
      {
        client: client.socket.id,
        user: client.identity.user?.username,
        queued,
        lastSeq: client.deliveredSeq,
      },
      'socket.io client is not reading its events: disconnected (client_queue_limit)',
    );
    this.clients.delete(client.socket.id);
    dropClient(client.socket);
  }
}

/** Runs a handler and acks its result, or `{ok: false, error}` with the reason it was refused. */
function reply(ack: Ack | undefined, handler: () => unknown, log: Logger): void {
  let result: unknown;
  try {
    result = handler();
  } catch (err) {
    const { expected, message } = describeError(err);
    if (!expected) log.error({ err }, 'socket.io handler failed');
    result = { ok: false, error: message } satisfies SocketRefusal;
  }
  if (typeof ack === 'function') ack(result);
}
