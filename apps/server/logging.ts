import { LoggerModule, Logger as PinoLogger } from 'nestjs-pino';
import type { LoggerService } from '@nestjs/common';
import pretty from 'pino-pretty';
import type { Options } from 'pino-http';

/**
 * Logs as one JSON object per line for a log collector, or — when a person watches the terminal —
 * as readable lines. Written synchronously, so the start-up banner printed after them stays last.
 * Tokens never reach the log.
 */
export function loggerModule(level: string) {
  const options: Options = {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
  const readable = process.stdout.isTTY
    ? pretty({
        sync: true,
        colorize: true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,context',
        messageFormat: '{if context}{context}: {end}{msg}',
        singleLine: true,
      })
    : undefined;
  return LoggerModule.forRoot({ pinoHttp: readable ? [options, readable] : options });
}

/** What NestJS says about every module and route it sets up: useful when debugging, noise at every start. */
const SET_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** NestJS's own logger calls, with the set-up chatter moved to debug. */
export class ServerLogger implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]) {
    if (SET_UP_CONTEXTS.has(rest[rest.length - 1] as string)) this.pino.debug(message, ...rest);
    else this.pino.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.pino.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.pino.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.pino.debug(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.pino.verbose(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.pino.fatal(message, ...rest);
  }
}
