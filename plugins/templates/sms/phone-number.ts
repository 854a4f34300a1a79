/** A phone number as gateways take it: separators people type removed; null when what is left is no number. */
export function phoneNumber(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/[\s().-]/g, '');
  return digits && /^\+?\d{6,15}$/.test(digits) ? digits : null;
}
