import { normalizeBic, normalizeIban } from './bank.js';

describe('IBAN and BIC', () => {
  it('accepts a spaced IBAN and stores it electronically', () => {
    expect(normalizeIban('CZ65 0800 0000 1920 0014 5399')).toBe('CZ6508000000192000145399');
  });
  it('refuses an IBAN with wrong check digits', () => {
    expect(normalizeIban('CZ66 0800 0000 1920 0014 5399')).toBeNull();
    expect(normalizeIban('not an iban')).toBeNull();
  });
  it('accepts 8- and 11-character BICs', () => {
    expect(normalizeBic('gibacz px')).toBe('GIBACZPX');
    expect(normalizeBic('KOMBCZPPXXX')).toBe('KOMBCZPPXXX');
    expect(normalizeBic('KOMB')).toBeNull();
  });
});
