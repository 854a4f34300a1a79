import { normalizeInn } from './inn.js';

describe('normalizeInn', () => {
  it('accepts valid 10- and 12-digit numbers', () => {
    expect(normalizeInn('7707083893')).toBe('7707083893');
    expect(normalizeInn('500100732259')).toBe('500100732259');
  });
  it('refuses wrong check digits and lengths', () => {
    expect(normalizeInn('7707083894')).toBeNull();
    expect(normalizeInn('500100732258')).toBeNull();
    expect(normalizeInn('12345')).toBeNull();
  });
});
