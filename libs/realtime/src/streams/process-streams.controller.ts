import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { CurrentIdentity, type Identity, READ_EVENTS_SCOPE, RequireAction, RequireScope } from '@hub/auth';
import { HubError } from '@hub/common';
import { ProcessManager } from '@hub/plugins';

import { parseFeedOptions } from '../feeds/feed-options';
import { type HttpStream, HttpStreams } from '../feeds/http-stream';
import { outputAfter, outputSseMessage } from './process-output.format';
import { ProcessOutputService, type StreamName } from './process-output.service';

/**
 * Output and input of processes started with `shell.start` (api.md §6), gaffer-style:
 * `GET /streams/:id/stdout|stderr?feed=continuous|longpoll|eventsource&heartbeat=&offset=` and
 * `POST /streams/:id/stdin`.
 */
@Controller('streams')
export class ProcessStreamsController {
  constructor(
    @Inject(ProcessManager) private readonly processes: ProcessManager,
    @Inject(HttpStreams) private readonly streams: HttpStreams,
    @Inject(ProcessOutputService) private readonly outputs: ProcessOutputService,
  ) {}

  @Post(':id/stdin')
  @HttpCode(200)
  // Feeding stdin is what shell.write does: the same scope and role govern both.
  @RequireAction('shell.write')
  async stdin(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentIdentity() identity: Identity,
  ): Promise<{ ok: true }> {
    this.outputs.require(id, identity);
    const form = (contentType ?? '').startsWith('application/x-www-form-urlencoded');
    await this.processes.write(id, stdinData(body, form));
    return { ok: true };
  }

  @Get(':id/:stream')
  @RequireScope(READ_EVENTS_SCOPE)
  async output(
    @Param('id') id: string,
    @Param('stream') streamName: string,
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentIdentity() identity: Identity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (streamName !== 'stdout' && streamName !== 'stderr') {
      throw HubError.notFound(`No stream '${streamName}': use stdout or stderr`);
    }
    const stream: StreamName = streamName;
    const options = parseFeedOptions(
      { feed: 'continuous', heartbeat: 'false', ...query, since: query.offset },
      lastEventId || undefined,
    );
    const info = this.outputs.require(id, identity);
    const from = options.since;

    if (options.feed === 'longpoll') {
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      const result = await this.outputs.longpoll(
        id,
        stream,
        from,
        options.timeoutSeconds * 1000,
        gone.signal,
      );
      if (!result) return;
      void reply
        .header('x-stream-offset', String(result.nextOffset))
        .header('x-process-running', String(result.running))
        .type('text/plain; charset=utf-8')
        .send(result.data);
      return;
    }

    const sse = options.feed === 'eventsource';
    const http = this.streams.open(request, reply, {
      sse,
      plainContentType: 'text/plain; charset=utf-8',
      heartbeatSeconds: options.heartbeatSeconds,
      identity,
    });
    const send = (data: Buffer, offset: number) => {
      if (data.length === 0) return;
      http.write(sse ? outputSseMessage(stream, data, offset + data.length) : data);
    };
    // What is buffered first, then live output, in one synchronous step: nothing lost or doubled.
    const buffered = outputAfter(this.processes.output(id, stream), from);
    send(buffered.data, buffered.offset);
    let next = buffered.offset + buffered.data.length;
    if (!info.running && !this.processes.get(id)?.running) {
      this.finish(http, sse, id);
      return;
    }
    const stopOutput = this.processes.onOutput(id, (chunk) => {
      if (chunk.stream !== stream || chunk.offset + chunk.data.length <= next) return;
      const part = outputAfter(chunk, next);
      send(part.data, part.offset);
      next = part.offset + part.data.length;
    });
    const stopExit = this.processes.onExit(id, () => this.finish(http, sse, id));
    http.onClose(() => {
      stopOutput();
      stopExit();
    });
  }

  private finish(http: HttpStream, sse: boolean, id: string): void {
    const info = this.processes.get(id);
    if (sse) {
      http.write(
        `event: exit\ndata: ${JSON.stringify({ exit_code: info?.exit_code ?? null, signal: info?.signal ?? null })}\n\n`,
      );
    }
    http.end();
  }
}

/**
 * stdin bytes from a text/plain body, JSON `{"data": "..."}`, or what `curl -d $'ECHO\n'` sends
 * (gaffer's example): a form content type with the text as it is. The form parser has split that
 * text into `{"ECHO\n": ""}`; it is joined back (`+` and `%XX` arrive decoded, as in any form).
 */
function stdinData(body: unknown, form: boolean): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && typeof (body as { data?: unknown }).data === 'string') {
    return (body as { data: string }).data;
  }
  if (form && body && typeof body === 'object') {
    return Object.entries(body as Record<string, unknown>)
      .flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value]).map((v) => (v === '' ? key : `${key}=${String(v)}`)),
      )
      .join('&');
  }
  throw HubError.badRequest('Send the input as a text/plain body, or JSON {"data": "..."}');
}
