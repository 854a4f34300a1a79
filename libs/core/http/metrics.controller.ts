import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/request-context.js';
import { AppError } from '../errors/app-error.js';
import { Metrics } from './metrics.js';

interface ScrapeRequest {
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Prometheus scrapes `GET /metrics` of each server process. Without a session: from the machine
 * itself, or anywhere with the bearer token in `METRICS_TOKEN`. A request that came through a
 * proxy (it carries `X-Forwarded-For`) is not taken for a local one even when the proxy is.
 */
export function mayScrape(request: ScrapeRequest, token = process.env.METRICS_TOKEN): boolean {
  const header = request.headers.authorization;
  const given = typeof header === 'string' && header.startsWith('Bearer ') ? Buffer.from(header.slice(7).trim()) : null;
  if (token && given && given.length === Buffer.byteLength(token) && timingSafeEqual(given, Buffer.from(token)))
    return true;
  return LOOPBACK.has(request.ip) && request.headers['x-forwarded-for'] === undefined;
}

@ApiTags('health')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get('metrics')
  @ApiProduces('text/plain')
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Req() request: ScrapeRequest,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): void },
  ) {
    if (!mayScrape(request))
      throw new AppError(
        403,
        'METRICS_FORBIDDEN',
        'Metrics are served to the machine itself, or with the token in METRICS_TOKEN',
      );
    reply.header('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
