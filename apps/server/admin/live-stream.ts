import type { FastifyReply } from 'fastify';
import { streamLiveEvents, type LiveEvents, type LiveStreamFormat, type RequestContext } from '@clientele/core';

/**
 * The admin pages' live updates: the same events `GET /api/events` streams (access checked per
 * event by LiveEvents), sent as unnamed messages so the page's single `onmessage` hears every
 * type; the type travels inside `data` (`live.reset` when events were missed for good).
 */
const unnamed: LiveStreamFormat = {
  event: ({ sequence, envelope }) => `id: ${sequence}\ndata: ${JSON.stringify(envelope)}\n\n`,
  reset: `data: ${JSON.stringify({ type: 'live.reset' })}\n\n`,
};

export const streamToAdmin = (live: LiveEvents, ctx: RequestContext, lastEventId: number | null, reply: FastifyReply) =>
  streamLiveEvents(live, ctx, lastEventId, reply, unnamed);
