/**
 * Czech company ID (IČO): eight digits, the last a mod-11 check digit over the first seven
 * weighted 8…2. Shorter historic numbers are left-padded with zeros.
 */
export function normalizeIco(input: string): string | null {
  const digits = input.replace(/\s+/g, '');
  if (!/^\d{1,8}$/.test(digits)) return null;
  const ico = digits.padStart(8, '0');
  const sum = [...ico.slice(0, 7)].reduce((acc, d, i) => acc + Number(d) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 10;
  return check === Number(ico[7]) ? ico : null;
}
