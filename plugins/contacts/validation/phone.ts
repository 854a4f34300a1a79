import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+420601123456`), or null when it is not a possible number.
 * Numbers without a country prefix are read as numbers of `defaultCountry`.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'CZ'): string | null {
  const trimmed = input.trim().replace(/^00/, '+');
  if (!/\d/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  return parsed && parsed.isPossible() ? parsed.number : null;
}
