import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parseCamt053 } from './camt053-parser.js';
import { parseGpc } from './gpc-parser.js';

const fixture = (name: string) => readFileSync(join('plugins/billing-groups/test/fixtures', name));

describe('ABO/GPC statements', () => {
  const statement = parseGpc(fixture('statement.gpc'));

  it('reads the account, statement number and date from the 074 header', () => {
    expect(statement).toMatchObject({ format: 'gpc', account: '2000145399', reference: '3', date: '2026-11-30' });
  });

  it('keeps credits as payments in minor units, with the symbol, counter-account and windows-1250 name', () => {
    expect(statement.entries[0]).toEqual({
      account: '2000145399',
      bankRef: '4711000000001',
      receivedOn: '2026-11-30',
      amountMinor: 59900,
      currency: 'CZK',
      variableSymbol: '0000000123',
      counterAccount: '19000000123',
      counterName: 'Dvořák Jiří',
      message: null,
    });
    expect(statement.entries[1]).toMatchObject({
      amountMinor: 100050,
      variableSymbol: '0000000124',
      counterName: 'Žluťoučký kůň a.s.',
    });
  });

  it('leaves debits out and counts them as skipped', () => {
    expect(statement.entries.map((e) => e.bankRef)).toEqual(['4711000000001', '4711000000002', '4711000000004']);
    expect(statement.skipped).toBe(1);
  });

  it('treats an all-zero symbol as the same text the bank wrote (matching drops it later)', () => {
    expect(statement.entries[2]).toMatchObject({
      variableSymbol: '0000000000',
      receivedOn: '2026-11-28',
      amountMinor: 15000,
    });
  });

  it('refuses a file without a header, or with a line it cannot read, naming the line', () => {
    expect(() => parseGpc(Buffer.from('hello\r\n'))).toThrow(/no 074 header/);
    const broken = iconv.decode(fixture('statement.gpc'), 'win1250').replace('000000059900', '0000000599X0');
    expect(() => parseGpc(iconv.encode(broken, 'win1250'))).toThrow(/line 2: amount/);
  });
});

describe('CAMT.053 statements', () => {
  const statement = parseCamt053(fixture('statement.camt053.xml'));

  it('reads the IBAN, statement id and date', () => {
    expect(statement).toMatchObject({
      format: 'camt053',
      account: 'CZ6508000000192000145399',
      reference: '2026-334',
      date: '2026-11-30',
    });
  });

  it('takes the variable symbol from the end-to-end id, the structured reference or the remittance text', () => {
    expect(statement.entries.map((e) => e.variableSymbol)).toEqual(['0000000123', '124', '125', null]);
  });

  it('splits a batched entry into one payment per transaction, amounts as text into minor units', () => {
    expect(statement.entries.map((e) => [e.bankRef, e.amountMinor])).toEqual([
      ['REF-0001', 59900],
      ['REF-0002#1', 30050],
      ['REF-0002#2', 20000],
      ['REF-0005', 100010],
    ]);
  });

  it('keeps Cyrillic and Czech names and messages as written', () => {
    expect(statement.entries[0]).toMatchObject({
      counterName: 'Иванов Пётр',
      counterAccount: 'CZ5508000000001234567899',
      message: 'Платёж за ноябрь',
    });
    expect(statement.entries[2].counterName).toBe('Žluťoučký kůň a.s.');
  });

  it('skips debits, pending and reversed entries', () => {
    expect(statement.skipped).toBe(2);
    expect(statement.entries[3].receivedOn).toBe('2026-11-28');
  });

  it('refuses what is not a statement', () => {
    expect(() => parseCamt053(Buffer.from('<Document><Other/></Document>'))).toThrow(/no BkToCstmrStmt/);
    expect(() =>
      parseCamt053(
        Buffer.from(
          '<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="CZK">1.234</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>',
        ),
      ),
    ).toThrow(/amount "1.234"/);
  });
});
