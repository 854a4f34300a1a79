/** Minor units per major unit by ISO 4217 exponent; currencies not listed have two decimals. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, HUF: 2, BHD: 3, KWD: 3, TND: 3 };

export const exponentOf = (currency: string) => EXPONENTS[currency] ?? 2;

/** `123450` CZK → `1 234,50 CZK`, with integer arithmetic only (no floating point). */
export function formatMoney(minor: number, currency: string): string {
  const exponent = exponentOf(currency);
  const sign = minor < 0 ? '−' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const fraction = exponent ? `,${digits.slice(-exponent)}` : '';
  return `${sign}${whole}${fraction}\u00a0${currency}`;
}

/**
 * A decimal amount as a bank writes it (`1234.5`, `1234,50`) in minor units of `currency`,
 * parsed as text so no floating point ever touches it; null when it is not a plain amount or
 * has more decimals than the currency.
 */
export function parseAmount(text: string, currency: string): number | null {
  const match = /^(\d{1,15})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const exponent = exponentOf(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return null;
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}
