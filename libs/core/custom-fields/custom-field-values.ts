import { AppError, type ErrorDetail } from '../errors/app-error.js';
import type { CustomFieldDefinition } from './custom-field.entity.js';

export type CustomValues = Record<string, string | number | boolean | null>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkOne(definition: CustomFieldDefinition, value: unknown, field: string): ErrorDetail | null {
  if (value === null)
    return definition.required ? { field, code: 'REQUIRED', message: `${definition.label} is required` } : null;
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000
        ? null
        : { field, code: 'NOT_TEXT', message: `${definition.label} must be text (at most 2000 characters)` };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : { field, code: 'NOT_NUMBER', message: `${definition.label} must be a number` };
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : { field, code: 'NOT_BOOLEAN', message: `${definition.label} must be true or false` };
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : { field, code: 'NOT_DATE', message: `${definition.label} must be a date (YYYY-MM-DD)` };
    case 'select':
      return typeof value === 'string' && definition.options.some((o) => o.value === value)
        ? null
        : {
            field,
            code: 'NOT_AN_OPTION',
            message: `${definition.label} must be one of: ${definition.options.map((o) => o.value).join(', ')}`,
          };
  }
}

/**
 * Checks submitted values against the definitions and merges them over the record's current
 * values; on a new record, defaults fill what was not sent. Unknown keys and wrong types are
 * a 400 naming `<prefix>.<key>`.
 */
export function applyCustomValues(
  definitions: CustomFieldDefinition[],
  submitted: Record<string, unknown> | undefined,
  current: CustomValues | null,
  prefix = 'customFields',
): CustomValues {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const details: ErrorDetail[] = [];
  const result: CustomValues = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(submitted ?? {})) {
    const definition = byKey.get(key);
    const field = `${prefix}.${key}`;
    if (!definition) {
      details.push({ field, code: 'UNKNOWN_FIELD', message: `There is no custom field "${key}"` });
      continue;
    }
    const problem = checkOne(definition, value, field);
    if (problem) details.push(problem);
    else result[key] = value as CustomValues[string];
  }
  if (current === null) {
    for (const definition of definitions) {
      if (
        result[definition.key] === undefined &&
        definition.defaultValue !== null &&
        definition.defaultValue !== undefined
      ) {
        result[definition.key] = definition.defaultValue as CustomValues[string];
      }
      if (definition.required && (result[definition.key] === undefined || result[definition.key] === null)) {
        details.push({
          field: `${prefix}.${definition.key}`,
          code: 'REQUIRED',
          message: `${definition.label} is required`,
        });
      }
    }
  }
  if (details.length)
    throw new AppError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  return result;
}

/** Checks that a definition's own default fits its type. */
export function checkDefinition(definition: CustomFieldDefinition) {
  if (definition.type === 'select' && !definition.options.length) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A select field needs options', [
      { field: 'options', code: 'OPTIONS_REQUIRED', message: 'A select field needs options' },
    ]);
  }
  if (definition.defaultValue === null || definition.defaultValue === undefined) return;
  const problem = checkOne(definition, definition.defaultValue, 'defaultValue');
  if (problem) throw new AppError(400, 'VALIDATION_FAILED', problem.message, [problem]);
}

/**
 * SQL condition matching records whose custom field `key` equals `value` (as the field's type),
 * served by a GIN `jsonb_path_ops` index on the values column.
 */
export function customValueCondition(
  column: string,
  definition: CustomFieldDefinition,
  raw: string,
  param: string,
): [string, Record<string, unknown>] {
  const value = definition.type === 'number' ? Number(raw) : definition.type === 'boolean' ? raw === 'true' : raw;
  if (definition.type === 'number' && Number.isNaN(value)) {
    throw new AppError(400, 'VALIDATION_FAILED', `${definition.label} must be a number`, [
      { field: `filter[${definition.key}]`, code: 'NOT_NUMBER', message: 'Not a number' },
    ]);
  }
  return [`${column} @> :${param}::jsonb`, { [param]: JSON.stringify({ [definition.key]: value }) }];
}
