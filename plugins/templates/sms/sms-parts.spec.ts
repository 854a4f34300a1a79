import { countSms, splitSms } from './sms-parts.js';

describe('counting an SMS', () => {
  it('counts plain text as GSM-7 in one part up to 160 characters', () => {
    expect(countSms('a'.repeat(160))).toMatchObject({ characters: 160, parts: 1, encoding: 'GSM-7' });
    expect(countSms('a'.repeat(161))).toMatchObject({ characters: 161, parts: 2, encoding: 'GSM-7' });
  });

  it('counts an extension character such as the euro sign twice', () => {
    expect(countSms('Cena 10 €')).toMatchObject({ characters: 10, encoding: 'GSM-7' });
  });

  it('switches to UCS-2 for Czech letters outside GSM-7, 70 characters a part', () => {
    const count = countSms('Dobrý den, žádost přijata');
    expect(count.encoding).toBe('UCS-2');
    expect(count.nonGsmCharacters).toEqual(expect.arrayContaining(['ý', 'ž', 'á', 'ř']));
    expect(countSms('ř'.repeat(70)).parts).toBe(1);
    expect(countSms('ř'.repeat(71)).parts).toBe(2);
  });

  it('takes no part for an empty text', () => {
    expect(countSms('')).toMatchObject({ characters: 0, parts: 0 });
  });
});

describe('splitting an SMS after N characters', () => {
  it('never splits with 0 or a text within the limit', () => {
    expect(splitSms('x'.repeat(500), 0)).toEqual(['x'.repeat(500)]);
    expect(splitSms('krátká zpráva', 20)).toEqual(['krátká zpráva']);
  });

  it('cuts at the last space inside the limit', () => {
    expect(splitSms('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });

  it('cuts a word longer than the limit hard, never inside an emoji', () => {
    expect(splitSms('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitSms('😀😀😀', 2)).toEqual(['😀😀', '😀']);
  });

  it('keeps every character of the text in order', () => {
    const text = 'Vážený zákazníku, vaše služba bude zítra od 8 do 10 hodin mimo provoz kvůli údržbě sítě.';
    expect(splitSms(text, 30).join(' ')).toBe(text);
    for (const piece of splitSms(text, 30)) expect(Array.from(piece).length).toBeLessThanOrEqual(30);
  });
});
