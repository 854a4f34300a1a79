import { createRequire } from 'node:module';
import { ValidateBy, type ValidationOptions } from 'class-validator';

// The list ships as CommonJS; it holds the passwords most often found in breaches (OWASP ASVS 2.1.7).
const commonPasswords: { test(password: string): boolean } = createRequire(import.meta.url)('fxa-common-password-list');

export const isCommonPassword = (password: string) =>
  commonPasswords.test(password) || commonPasswords.test(password.toLowerCase());

/** Why a chosen password will not do, or null: the rules the API's validation applies, for the command line. */
export const passwordProblem = (password: string) =>
  password.length < 8
    ? 'A password needs at least 8 characters'
    : isCommonPassword(password)
      ? 'This password is one of the most common ones; choose another'
      : null;

/** Refuses a password found in the list of common ones, with the stable code `COMMON_PASSWORD`. */
export const IsNotCommonPassword = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'commonPassword',
      validator: {
        validate: (value) => typeof value !== 'string' || !isCommonPassword(value),
        defaultMessage: () => 'This password is one of the most common ones; choose another',
      },
    },
    options,
  );
