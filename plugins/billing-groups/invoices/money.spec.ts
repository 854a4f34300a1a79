import { formatMoney, parseAmount } from './money.js';

describe('money in minor units', () => {
  it('parses a bank amount as text into minor units, without floating point rounding', () => {
    expect(parseAmount('0.29', 'CZK')).toBe(29);
    expect(parseAmount('1234,5', 'CZK')).toBe(123450);
    expect(parseAmount('100', 'EUR')).toBe(10000);
    expect(parseAmount('9007199254.74', 'CZK')).toBe(900719925474);
    expect(parseAmount('1500', 'JPY')).toBe(1500);
  });

  it('refuses amounts with more decimals than the currency has, signs or exponents', () => {
    expect(parseAmount('1.234', 'CZK')).toBeNull();
    expect(parseAmount('1.5', 'JPY')).toBeNull();
    expect(parseAmount('-5', 'CZK')).toBeNull();
    expect(parseAmount('1e3', 'CZK')).toBeNull();
  });

  it('prints minor units with thousands separated and the currency', () => {
    expect(formatMoney(123450, 'CZK')).toBe('1\u00a0234,50\u00a0CZK');
    expect(formatMoney(5, 'EUR')).toBe('0,05\u00a0EUR');
    expect(formatMoney(-100, 'CZK')).toBe('−1,00\u00a0CZK');
  });
});
