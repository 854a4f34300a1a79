import type { FastifyReply } from 'fastify';
import type { LiveEvents, OutboxEvent, RequestContext } from '@clientele/core';

const KEEP_ALIVE_MS = 15_000;

/**
 * The admin pages' live updates: the same events `GET /api/events` streams (access checked per
 * event by LiveEvents), sent as unnamed messages so the page's single `onmessage` hears every
 * type; the type travels inside `data`.
 */
export async function streamToAdmin(
  live: LiveEvents,
  ctx: RequestContext,
  lastEventId: number | null,
  reply: FastifyReply,
) {
  const unsubscribe = await live.subscribe(ctx, lastEventId, ({ sequence, envelope }: OutboxEvent) => {
    reply.raw.write(`id: ${sequence}\ndata: ${JSON.stringify(envelope)}\n\n`);
  });
  reply.hijack();
  reply.raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  reply.raw.write('retry: 2000\n: connected\n\n');
  const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  reply.raw.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
