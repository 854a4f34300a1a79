import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { AppError, type ErrorDetail } from '../errors/app-error.js';
import { validationDetails } from '../errors/validation.js';

/** Where `@ApiProperty` keeps a property's options (@nestjs/swagger does not export the key). */
const API_PROPERTY = 'swagger/apiModelProperties';

export interface SettingsJsonSchema {
  type: 'object';
  title: string;
  properties: Record<string, Record<string, unknown> & { description?: string; default?: unknown }>;
  required?: string[];
  additionalProperties: false;
}

/** What `@ApiProperty` says of a setting beyond its validation rules. */
interface Documented {
  description?: string;
  nullable?: boolean;
  /** A secret (password, token): written, never shown back or kept in history. */
  writeOnly?: boolean;
}

const schemas = new WeakMap<Type<object>, SettingsJsonSchema>();

/**
 * A settings class as JSON schema: its class-validator rules, each property's `@ApiProperty`
 * description (and `nullable`, `writeOnly`), and its initialiser as the default — what the admin
 * UI builds the form from.
 */
export function settingsJsonSchema(schema: Type<object>): SettingsJsonSchema {
  const known = schemas.get(schema);
  if (known) return known;
  const generated = targetConstructorToSchema(schema) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const defaults = new schema() as Record<string, unknown>;
  const properties: SettingsJsonSchema['properties'] = {};
  for (const [key, rules] of Object.entries(generated.properties ?? {})) {
    const documented: Documented = Reflect.getMetadata(API_PROPERTY, schema.prototype, key) ?? {};
    properties[key] = {
      ...rules,
      description: documented.description,
      ...(documented.nullable && { nullable: true }),
      ...(documented.writeOnly ? { writeOnly: true } : { default: defaults[key] }),
    };
  }
  const built: SettingsJsonSchema = {
    type: 'object',
    title: schema.name,
    properties,
    required: generated.required,
    additionalProperties: false,
  };
  schemas.set(schema, built);
  return built;
}

/** How the API shows a secret setting that has a value; sent back unchanged, it keeps the value. */
export const SECRET_SHOWN = '********';

/** The settings marked `@ApiProperty({ writeOnly: true })`. */
export const secretKeys = (schema: Type<object>) =>
  Object.entries(settingsJsonSchema(schema).properties)
    .filter(([, property]) => property.writeOnly)
    .map(([key]) => key);

/** The settings' values as a plain object, keys in the class's order: what is stored and shown. */
export function settingsValues(schema: Type<object>, instance: object): Record<string, unknown> {
  const keys = Object.keys(settingsJsonSchema(schema).properties);
  return Object.fromEntries(keys.map((key) => [key, (instance as Record<string, unknown>)[key] ?? null]));
}

/**
 * `values` over the class's defaults, checked by its rules; unknown keys are refused. On failure
 * a 400 whose details name each field (`prefix.field` when given, e.g. for the config file).
 */
export function validatedSettings<T extends object>(schema: Type<T>, values: Record<string, unknown>, prefix = ''): T {
  const instance = plainToInstance(schema, values);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) {
    const details: ErrorDetail[] = validationDetails(errors, prefix);
    throw new AppError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  return instance;
}
