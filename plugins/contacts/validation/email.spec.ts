import { normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it('lower-cases and trims', () =>
    expect(normalizeEmail(' Jana.Novakova@Example.CZ ')).toBe('jana.novakova@example.cz'));
  it('refuses non-addresses', () => expect(normalizeEmail('jana@')).toBeNull());
});
