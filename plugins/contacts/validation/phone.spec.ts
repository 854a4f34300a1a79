import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it('turns local, spaced and 00-prefixed numbers into E.164', () => {
    expect(normalizePhone('601 123 456')).toBe('+420601123456');
    expect(normalizePhone('+420 601-123-456')).toBe('+420601123456');
    expect(normalizePhone('00421 905 123 456')).toBe('+421905123456');
    expect(normalizePhone('8 (916) 123-45-67', 'RU')).toBe('+79161234567');
  });

  it('refuses what cannot be a phone number', () => {
    expect(normalizePhone('hello')).toBeNull();
    expect(normalizePhone('12')).toBeNull();
  });
});
