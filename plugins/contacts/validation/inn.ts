const checkDigit = (digits: number[], weights: number[]) =>
  (weights.reduce((acc, w, i) => acc + w * digits[i], 0) % 11) % 10;

/** Russian taxpayer number (ИНН): 10 digits for organisations, 12 for individuals, with their check digits. */
export function normalizeInn(input: string): string | null {
  const inn = input.replace(/\s+/g, '');
  if (!/^(\d{10}|\d{12})$/.test(inn)) return null;
  const d = [...inn].map(Number);
  if (inn.length === 10) return checkDigit(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9] ? inn : null;
  const first = checkDigit(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  const second = checkDigit(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return first === d[10] && second === d[11] ? inn : null;
}
