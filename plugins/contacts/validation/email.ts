import { isEmail } from 'class-validator';

/** An e-mail address trimmed and lower-cased, or null when it is not one. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 320 && isEmail(email) ? email : null;
}
