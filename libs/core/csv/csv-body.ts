import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

export const CSV_TYPES = ['text/csv', 'application/csv'];

/**
 * Lets `text/csv` bodies reach import routes as an unread stream: the route checks who is
 * asking before a byte is stored, then copies the body to a temporary file with its own size
 * limit (`receiveUpload`; the JSON body limit would refuse any real import). A plugin with such a
 * route lists it among its providers; the parser is registered once however many do.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.();
    // The CLI runs without an HTTP server.
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(
      CSV_TYPES,
      (_request: unknown, payload: NodeJS.ReadableStream, done: (error: Error | null, body?: unknown) => void) =>
        done(null, payload),
    );
  }
}
