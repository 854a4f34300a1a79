import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorDetail, invalid } from './app-error.js';
import { unstorableTextAt } from './text-safety.js';

/** The most telling failure of a field comes first: an unknown field, then a wrong type, then the rest. */
const TYPE_CHECKS = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isUUID',
  'isDateString',
  'isISO8601',
  'isEnum',
  'isIn',
]);
const rank = (constraint: string) => (constraint === 'whitelistValidation' ? 0 : TYPE_CHECKS.has(constraint) ? 1 : 2);

/** One detail per field, so a client can show one message beside each input. */
export function validationDetails(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const [first] = Object.entries(error.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
    const own = first
      ? [
          {
            field,
            code: first[0] === 'whitelistValidation' ? 'UNKNOWN_FIELD' : constraintCode(first[0]),
            message: first[1],
          },
        ]
      : [];
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

/** `isEmail` → `IS_EMAIL`; custom validators name their own stable code. */
const constraintCode = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** Text the database cannot store is refused for every route's body, query and parameters alike, before any DTO. */
class ClienteleValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type !== 'custom') {
      const at = unstorableTextAt(value, metadata.data ?? '');
      if (at !== null) {
        throw invalid(
          at || metadata.type,
          'INVALID_CHARACTERS',
          'Text may not contain the NUL character or half of a surrogate pair',
        );
      }
    }
    return super.transform(value, metadata);
  }
}

/** Global validation: unknown fields are refused, not silently dropped, so nothing a client sent is lost unnoticed. */
export const validationPipe = () =>
  new ClienteleValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = validationDetails(errors);
      return new AppError(
        400,
        'VALIDATION_FAILED',
        details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'Invalid input',
        details,
      );
    },
  });
