import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

/** The IBAN in its electronic form (`CZ6508000000192000145399`), or null when its check digits fail. */
export function normalizeIban(input: string): string | null {
  const electronic = electronicFormatIBAN(input);
  return electronic && isValidIBAN(electronic) ? electronic : null;
}

/** The BIC upper-cased, or null when it is not a well-formed BIC. */
export function normalizeBic(input: string): string | null {
  const bic = input.replace(/\s+/g, '').toUpperCase();
  return isValidBIC(bic) ? bic : null;
}
