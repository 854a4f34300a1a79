import type { FastifyInstance, InjectOptions } from 'fastify';

export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * Sends one request in-process. An answer that is an endless stream (server-sent events) is
 * taken as its status and headers, since it has no end to wait for.
 */
export async function send(fastify: FastifyInstance, options: InjectOptions): Promise<Answer> {
  const res = await fastify.inject({ ...options, payloadAsStream: true });
  const stream = res.stream();
  if (String(res.headers['content-type']).startsWith('text/event-stream')) {
    stream.destroy();
    // The server stops streaming when its client leaves.
    res.raw.res.emit('close');
    return { statusCode: res.statusCode, headers: res.headers, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return { statusCode: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
}
