import { formatDuration, formatMoney, moneyInput, parseDuration, parseMoney } from './amounts.js';

describe('money as people type and read it', () => {
  it.each([
    ['1234.50', 123450],
    ['1 234,5', 123450],
    ['1\u00a0234,50', 123450],
    ['12', 1200],
    ['-7,05', -705],
    ["1'000.00", 100000],
  ])('reads %j as %d minor units', (typed, minor) => {
    expect(parseMoney(typed)).toBe(minor);
  });

  it.each(['', '12 Kč', '1.234,50', '1,2,3', '0.123', 'abc', '99999999999999999999'])('refuses %j', (typed) => {
    expect(parseMoney(typed)).toBeNull();
  });

  it('writes minor units back into the input unchanged by a round trip', () => {
    for (const minor of [0, 5, 123450, -705]) expect(parseMoney(moneyInput(minor))).toBe(minor);
  });

  it("shows an amount in the reader's notation with its currency, or plain when the currency is unknown", () => {
    const spaced = (text: string) => text.replace(/\s/g, ' ');
    expect(spaced(formatMoney('cs', 123450, 'CZK'))).toBe('1 234,50 Kč');
    expect(spaced(formatMoney('en', 123450, 'EUR'))).toBe('€1,234.50');
    expect(spaced(formatMoney('en', 123450, 'not-a-code'))).toBe('1,234.50');
  });
});

describe('durations as people type and read them', () => {
  it.each([
    ['1 h 30 min', 'minutes', 90],
    ['1:30', 'minutes', 90],
    ['2d 4h', 'minutes', 3120],
    ['45', 'minutes', 45],
    ['90 s', 'seconds', 90],
    ['1 m 5 s', 'seconds', 65],
  ] as const)('reads %j in %s as %d', (typed, unit, amount) => {
    expect(parseDuration(typed, unit)).toBe(amount);
  });

  it.each(['', 'soon', '1 h later', '1:75', '-5'])('refuses %j', (typed) => {
    expect(parseDuration(typed, 'minutes')).toBeNull();
  });

  it('shows the largest units first and reads back the same', () => {
    expect(formatDuration(90, 'minutes')).toBe('1 h 30 min');
    expect(formatDuration(3120, 'minutes')).toBe('2 d 4 h');
    expect(formatDuration(0, 'seconds')).toBe('0 s');
    expect(formatDuration(3725, 'seconds')).toBe('1 h 2 min 5 s');
    for (const minutes of [1, 59, 61, 1440, 10_000])
      expect(parseDuration(formatDuration(minutes, 'minutes'), 'minutes')).toBe(minutes);
  });
});
