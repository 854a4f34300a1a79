import { normalizeIco } from './ico.js';

describe('normalizeIco', () => {
  it('accepts valid company IDs', () => {
    expect(normalizeIco('25596641')).toBe('25596641');
    expect(normalizeIco('00064581')).toBe('00064581');
    expect(normalizeIco('64581')).toBe('00064581');
  });
  it('refuses a wrong check digit or non-digits', () => {
    expect(normalizeIco('25596642')).toBeNull();
    expect(normalizeIco('2559664A')).toBeNull();
    expect(normalizeIco('123456789')).toBeNull();
  });
});
