import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorDetail } from './app-error.js';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: constraint === 'whitelistValidation' ? 'UNKNOWN_FIELD' : constraintCode(constraint),
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** `isEmail` → `IS_EMAIL`; custom validators name their own stable code. */
const constraintCode = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** Global validation: unknown fields are refused, not silently dropped, so nothing a client sent is lost unnoticed. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new AppError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'Invalid input', details);
    },
  });
