import { checkPattern, formatNumber, periodOf } from './number-series.js';

describe('invoice number series', () => {
  it('fills year, month and the padded counter into the pattern', () => {
    expect(formatNumber('{YYYY}{seq:6}', '2026-11-29', 42)).toBe('2026000042');
    expect(formatNumber('FV-{YY}/{MM}/{seq:4}', '2026-03-05', 7)).toBe('FV-26/03/0007');
  });

  it('runs one counter per month when the number shows the month, per year when it shows the year, else one forever', () => {
    expect(periodOf('{YYYY}{MM}{seq:4}', '2026-03-05')).toBe('2026-03');
    expect(periodOf('{YY}{seq:4}', '2026-03-05')).toBe('2026');
    expect(periodOf('INV{seq:8}', '2026-03-05')).toBe('all');
  });

  it('refuses a number that outgrows its digits instead of printing a longer one', () => {
    expect(() => formatNumber('{YYYY}{seq:2}', '2026-01-01', 100)).toThrow(/no 3-digit numbers left/);
  });

  it('accepts a pattern with exactly one counter and plain separators only', () => {
    expect(() => checkPattern('{YYYY}/{seq:5}')).not.toThrow();
    expect(() => checkPattern('{YYYY}')).toThrow(/exactly one/);
    expect(() => checkPattern('{seq:3}{seq:3}')).toThrow(/exactly one/);
    expect(() => checkPattern('{seq:0}')).toThrow(/1 to 12/);
    expect(() => checkPattern('{YYYY} {seq:4}')).toThrow(/letters, digits/);
  });
});
