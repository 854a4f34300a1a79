import { ValidationTypes, getMetadataStorage } from 'class-validator';
// class-transformer keeps the `@Type` of nested properties here; it has no public accessor.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type Check = (value: unknown, object: object) => boolean;

/**
 * A request DTO's class-validator constraints compiled once into a predicate per property, for
 * checking many plain objects quickly: `validateSync` rebuilds its metadata groups, argument
 * objects and error objects for every call, which costs far more than the constraints
 * themselves. The constraints are the DTO's own (no second copy of the rules); the answer is
 * only "passes or not" — the reasons for a failure come from `validateSync` itself.
 *
 * Mirrors class-validator's executor for what the DTOs use: conditional validation
 * (`@IsOptional`), custom constraints (with `each`), nested DTOs (`@ValidateNested` with
 * `@Type`), and whitelisting with `forbidNonWhitelisted`.
 */
export function compileDtoCheck(target: new () => object): (input: Record<string, unknown>) => boolean {
  const storage = getMetadataStorage();
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of storage.getTargetValidationMetadatas(target, '', false, false)) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const checks = new Map<string, Check>();
  // `@IsOptional` properties pass when absent, so only those given and those without it need a look.
  const always: [string, Check][] = [];
  for (const [property, metadatas] of byProperty) {
    const check = compileProperty(metadatas);
    checks.set(property, check);
    if (!metadatas.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)) always.push([property, check]);
  }
  return (input) => {
    for (const key in input) {
      const check = checks.get(key);
      if (!check || !check(input[key], input)) return false;
    }
    for (const [property, check] of always) if (!(property in input) && !check(undefined, input)) return false;
    return true;
  };
}

function compileProperty(metadatas: ValidationMetadata[]): Check {
  const storage = getMetadataStorage();
  const conditions = metadatas
    .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
    .map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
  const constraints = metadatas
    .filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED)
    .flatMap((m) =>
      storage.getTargetValidatorConstraints(m.constraintCls).map((c) => ({ metadata: m, instance: c.instance })),
    );
  const nested = metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  if (
    metadatas.some((m) => m.validateIf || m.type === ValidationTypes.PROMISE_VALIDATION) ||
    constraints.some((c) => storage.getTargetValidatorConstraints(c.metadata.constraintCls).some((x) => x.async))
  ) {
    throw new Error(`compileDtoCheck: ${metadatas[0].propertyName} uses a constraint this check does not mirror`);
  }
  const nestedCheck = nested.length ? nestedObjects(nested[0]) : null;
  return (value, object) => {
    if (!conditions.every((condition) => condition(object, value))) return true;
    for (const { metadata, instance } of constraints) {
      const args = {
        targetName: '',
        property: metadata.propertyName,
        object,
        value,
        constraints: metadata.constraints,
      };
      const ok =
        metadata.each && Array.isArray(value)
          ? value.every((item) => instance.validate(item, args) === true)
          : instance.validate(value, args) === true;
      if (!ok) return false;
    }
    return nestedCheck ? nestedCheck(value) : true;
  };
}

/** `@ValidateNested` with `@Type(() => Dto)`: every element (or the value itself) must pass Dto's checks. */
function nestedObjects(metadata: ValidationMetadata): (value: unknown) => boolean {
  let check: ((input: Record<string, unknown>) => boolean) | undefined;
  const one = (item: unknown) => {
    if (item === undefined) return true;
    if (!(item instanceof Object)) return false;
    check ??= compileDtoCheck(nestedType(metadata));
    return check(item as Record<string, unknown>);
  };
  return (value) => (value === undefined ? true : Array.isArray(value) ? value.every(one) : one(value));
}

interface TypeStorage {
  findTypeMetadata(target: Function, property: string): { typeFunction: () => unknown } | undefined;
}

function nestedType(metadata: ValidationMetadata): new () => object {
  const type = (defaultMetadataStorage as TypeStorage).findTypeMetadata(
    metadata.target as Function,
    metadata.propertyName,
  );
  if (!type) throw new Error(`compileDtoCheck: ${metadata.propertyName} is nested without @Type`);
  return type.typeFunction() as new () => object;
}
