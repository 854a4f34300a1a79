import { normalizeTaxId } from './tax-id.js';

describe('normalizeTaxId', () => {
  it('checks each type by its own rule', () => {
    expect(normalizeTaxId({ type: 'ico', value: '255 966 41' })).toEqual({ type: 'ico', value: '25596641' });
    expect(normalizeTaxId({ type: 'dic', value: 'CZ25596641' })).toEqual({ type: 'dic', value: 'CZ25596641' });
    expect(normalizeTaxId({ type: 'inn', value: '7707083893' })).toEqual({ type: 'inn', value: '7707083893' });
    expect(normalizeTaxId({ type: 'ico', value: '25596642' })).toBeNull();
  });
});
