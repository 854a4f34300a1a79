import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error.js';

/** Fastify's own errors (body parsing, limits) carry these codes. */
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', 'The body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', 'The body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'Content-Length does not match the body'],
};

/** PostgreSQL errors that a client's input can cause are the client's fault, not a 500. */
const PG_ERRORS: Record<string, [number, string, string]> = {
  '23505': [409, 'ALREADY_EXISTS', 'A record with this value already exists'],
  '23503': [409, 'REFERENCE_MISSING', 'A referenced record does not exist or is still in use'],
  '22P02': [400, 'INVALID_VALUE', 'A value has the wrong format'],
  '22001': [400, 'VALUE_TOO_LONG', 'A value is too long'],
  '22003': [400, 'VALUE_OUT_OF_RANGE', 'A number is out of range'],
  '22007': [400, 'INVALID_VALUE', 'A date has the wrong format'],
  '22008': [400, 'INVALID_VALUE', 'A date is out of range'],
  '23514': [400, 'INVALID_VALUE', 'A value breaks a rule of the record'],
  '23502': [400, 'MISSING_VALUE', 'A required value is missing'],
  // The validation pipe refuses such text first; these answer for input that reaches SQL another way.
  '22021': [400, 'INVALID_CHARACTERS', 'A value contains characters that cannot be stored'],
  '22P05': [400, 'INVALID_CHARACTERS', 'A value contains characters that cannot be stored'],
  '54000': [400, 'VALUE_TOO_LONG', 'A value is too long'],
};

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'REFUSED',
  429: 'RATE_LIMITED',
};

export function toErrorBody(exception: unknown): {
  statusCode: number;
  code: string;
  message: string;
  [k: string]: unknown;
} {
  if (exception instanceof AppError) return exception.getResponse() as any;
  // Fastify's body-parsing errors arrive wrapped in an HttpException by the adapter.
  const cause = (exception as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string' && FASTIFY_ERRORS[cause.code]) return toErrorBody(cause);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as any;
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray(response?.message)
          ? response.message.join('; ')
          : (response?.message ?? exception.message);
    return {
      statusCode: status,
      code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
      message,
    };
  }
  const code = (exception as any)?.code;
  if (typeof code === 'string' && FASTIFY_ERRORS[code]) {
    const [statusCode, c, message] = FASTIFY_ERRORS[code];
    return { statusCode, code: c, message };
  }
  if (exception instanceof QueryFailedError) {
    const pg = PG_ERRORS[(exception as any).driverError?.code ?? (exception as any).code];
    if (pg) {
      const constraint = (exception as any).driverError?.constraint;
      return { statusCode: pg[0], code: pg[1], message: pg[2], ...(constraint ? { constraint } : {}) };
    }
  }
  const status = (exception as any)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: (exception as Error).message };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const reply = host.switchToHttp().getResponse();
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }
}
