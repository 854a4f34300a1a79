import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { invalid } from '../errors/app-error.js';
import { LiveEvents } from './live-events.service.js';
import type { OutboxEvent } from './outbox-feed.js';

/** One Server-Sent Events message: `id` the event's sequence (for `Last-Event-ID`), `event` its type. */
export function sseMessage({ sequence, envelope }: OutboxEvent): string {
  return `id: ${sequence}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/** A `Last-Event-ID` header (or `lastEventId` query) as a sequence; 400 when it is not one. */
export function lastEventIdOf(header: string | undefined, query: string | undefined): number | null {
  const value = header ?? query;
  if (value === undefined || value === '') return null;
  if (!/^\d{1,15}$/.test(value))
    throw invalid('Last-Event-ID', 'INVALID_EVENT_ID', 'Last-Event-ID is the id of an event received before');
  return Number(value);
}

const KEEP_ALIVE_MS = 15_000;

/** How a stream writes an event and the notice that events were missed for good (`reset`). */
export interface LiveStreamFormat {
  event(event: OutboxEvent): string;
  reset: string;
}

/** `GET /api/events`: each event named by its type; `reset` tells the client to reload what it shows. */
const namedEvents: LiveStreamFormat = {
  event: sseMessage,
  reset: `event: reset\ndata: ${JSON.stringify({ type: 'reset' })}\n\n`,
};

/**
 * Streams `reply` as Server-Sent Events from the live-update service until the client leaves;
 * a comment every 15 seconds keeps proxies from closing an idle stream.
 */
export async function streamLiveEvents(
  live: LiveEvents,
  ctx: RequestContext,
  lastEventId: number | null,
  reply: FastifyReply,
  format: LiveStreamFormat = namedEvents,
) {
  // Written once the headers are: a gap is found while the missed events are read, before them.
  let gap = false;
  const unsubscribe = await live.subscribe(
    ctx,
    lastEventId,
    (event) => reply.raw.write(format.event(event)),
    () => (gap = true),
  );
  reply.hijack();
  reply.raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  reply.raw.write('retry: 2000\n: connected\n\n');
  if (gap) reply.raw.write(format.reset);
  const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const end = () => {
    clearInterval(keepAlive);
    unsubscribe();
  };
  // The client may have left while the missed events were being read.
  if (reply.raw.destroyed) end();
  else reply.raw.on('close', end);
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(private readonly live: LiveEvents) {}

  /**
   * Server-Sent Events: every committed change to a record the caller may see, within a second
   * of its commit in any server process. Each message's `id` is the event's sequence; reconnect
   * with `Last-Event-ID` (or `?lastEventId=`) to receive what was missed.
   */
  @Get()
  @ApiOperation({ summary: 'Live updates as Server-Sent Events' })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event' })
  @ApiQuery({ name: 'lastEventId', required: false, type: String })
  async stream(
    @Ctx() ctx: RequestContext,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    await streamLiveEvents(this.live, ctx, lastEventIdOf(header, query), reply);
  }
}
