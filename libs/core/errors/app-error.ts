import { HttpException } from '@nestjs/common';

export interface ErrorDetail {
  field: string;
  code: string;
  message: string;
}

/** The one error shape every route answers with: `{ statusCode, code, message, details? }`. */
export class AppError extends HttpException {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super({ statusCode, code, message, details, ...extra }, statusCode);
  }
}

export const notFound = (what = 'Record') => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message);
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'UNAUTHORIZED', message);
export const invalid = (field: string, code: string, message: string) =>
  new AppError(400, 'VALIDATION_FAILED', message, [{ field, code, message }]);
export const staleVersion = (currentVersion: number) =>
  new AppError(409, 'VERSION_CONFLICT', 'The record was changed by someone else meanwhile', undefined, {
    currentVersion,
  });
export const conflict = (code: string, message: string, field?: string) =>
  new AppError(409, code, message, field ? [{ field, code, message }] : undefined);
export const refused = (code: string, message: string) => new AppError(422, code, message);
