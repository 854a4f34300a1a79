import type { Language } from './i18n.js';

/**
 * Money and durations as people type and read them. The API keeps money in minor units (an
 * integer number of cents, so sums never drift) and durations in whole seconds or minutes.
 */

/** `1 234,50`, `1234.5` or `-12` → minor units; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const compact = text.replace(/[\s\u00a0']/g, '');
  const match = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const minor = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? (match[1] ? -minor : minor) : null;
}

/** Minor units as the form's input shows them (`1234.50`): no grouping, so it parses back unchanged. */
export const moneyInput = (minor: number) => (minor / 100).toFixed(2);

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** Minor units as the reader's language writes the amount, e.g. `1 234,50 Kč`. */
export function formatMoney(lang: Language, minor: number, currency: string | undefined): string {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const key = `${lang}|${code ?? ''}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      lang,
      code ? { style: 'currency', currency: code } : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
    );
    currencyFormats.set(key, format);
  }
  return format.format(minor / 100);
}

const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, min: 60, s: 1 };

/**
 * `1 h 30 min`, `2d 4h`, `1:30` (hours and minutes) or a bare number in the field's unit →
 * that unit; null when it is not a duration.
 */
export function parseDuration(text: string, unit: 'seconds' | 'minutes'): number | null {
  const value = text.trim().toLowerCase();
  const perUnit = unit === 'minutes' ? 60 : 1;
  if (/^\d+$/.test(value)) return Number(value);
  const clock = /^(\d+):([0-5]\d)$/.exec(value);
  if (clock) return (Number(clock[1]) * 3600 + Number(clock[2]) * 60) / perUnit;
  const parts = [...value.matchAll(/(\d+)\s*(d|h|min|m|s)\b/g)];
  if (
    !parts.length ||
    parts
      .map((p) => p[0])
      .join('')
      .replace(/\s/g, '') !== value.replace(/\s/g, '')
  )
    return null;
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
  return Math.round(seconds / perUnit);
}

/** `5400` seconds → `1 h 30 min`; units the same in English and Czech. */
export function formatDuration(amount: number, unit: 'seconds' | 'minutes'): string {
  let rest = Math.abs(Math.round(amount * (unit === 'minutes' ? 60 : 1)));
  const parts: string[] = [];
  for (const [name, size] of [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return `${amount < 0 ? '−' : ''}${parts.join(' ') || `0 ${unit === 'minutes' ? 'min' : 's'}`}`;
}
