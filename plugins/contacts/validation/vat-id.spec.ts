import { normalizeVatId } from './vat-id.js';

describe('normalizeVatId', () => {
  it('accepts well-formed EU VAT IDs', () => {
    expect(normalizeVatId('cz 25596641')).toBe('CZ25596641');
    expect(normalizeVatId('SK2020317068')).toBe('SK2020317068');
    expect(normalizeVatId('DE123456789')).toBe('DE123456789');
  });
  it('refuses unknown prefixes and wrong shapes', () => {
    expect(normalizeVatId('CZ123')).toBeNull();
    expect(normalizeVatId('XX12345678')).toBeNull();
    expect(normalizeVatId('25596641')).toBeNull();
  });
});
