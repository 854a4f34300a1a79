import iconv from 'iconv-lite';
import { invalid } from '@clientele/core';
import type { ParsedStatement, StatementEntry } from './statement.js';

/** ISO 4217 numeric codes as GPC writes them (`0203`), for the currencies Czech banks keep accounts in. */
const CURRENCIES: Record<string, string> = {
  '203': 'CZK',
  '978': 'EUR',
  '840': 'USD',
  '826': 'GBP',
  '985': 'PLN',
  '348': 'HUF',
  '756': 'CHF',
};

/** GPC posting codes: 1 debit, 2 credit, 4 reversal of a debit, 5 reversal of a credit. Only credits are payments. */
const CREDIT = '2';

const fail = (line: number, message: string): never => {
  throw invalid('data', 'INVALID_STATEMENT', `GPC line ${line}: ${message}`);
};

/** `DDMMYY` as an ISO date (years 00–69 in this century, the rest in the last, as banks wrote them). */
function dateOf(text: string, line: number): string {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return fail(line, `"${text}" is not a date (DDMMYY)`);
  const [, dd, mm, yy] = match;
  const year = Number(yy) < 70 ? `20${yy}` : `19${yy}`;
  const iso = `${year}-${mm}-${dd}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso)
    fail(line, `"${text}" is not a date (DDMMYY)`);
  return iso;
}

const digits = (text: string, line: number, what: string) =>
  /^\d+$/.test(text) ? text : fail(line, `${what} "${text.trim()}" is not a number`);
const stripped = (text: string) => text.trim().replace(/^0+(?=\d)/, '') || null;

/**
 * The Czech ABO/GPC statement: fixed-width lines of 128 characters in windows-1250 — one `074`
 * header (account, balances, statement number and date), then one `075` line per movement
 * (counter-account, the bank's transaction id, amount in minor units, posting code, variable,
 * constant and specific symbols, value date, a 20-character name, currency, posting date).
 * Other record types (`076`–`079`, extra text some banks add) are ignored.
 */
export function parseGpc(file: Buffer): ParsedStatement {
  const lines = iconv.decode(file, 'win1250').split(/\r?\n/);
  const statement: ParsedStatement = {
    format: 'gpc',
    account: null,
    reference: null,
    date: null,
    entries: [],
    skipped: 0,
  };
  lines.forEach((raw, index) => {
    const n = index + 1;
    if (!raw.trim()) return;
    const line = raw.padEnd(128, ' ');
    const type = line.slice(0, 3);
    if (type === '074') {
      statement.account = stripped(line.slice(3, 19));
      statement.reference = stripped(line.slice(105, 108));
      statement.date = dateOf(line.slice(108, 114), n);
      return;
    }
    if (type !== '075') return;
    if (!statement.account) fail(n, 'a movement before the 074 header');
    const code = line.slice(60, 61);
    if (!['1', '2', '4', '5'].includes(code)) fail(n, `unknown posting code "${code}"`);
    if (code !== CREDIT) {
      statement.skipped += 1;
      return;
    }
    const currencyCode = digits(line.slice(118, 122), n, 'currency').replace(/^0+/, '');
    const currency =
      currencyCode === '' ? 'CZK' : (CURRENCIES[currencyCode] ?? fail(n, `unknown currency code ${currencyCode}`));
    const amountMinor = Number(digits(line.slice(48, 60), n, 'amount'));
    if (amountMinor === 0) {
      statement.skipped += 1;
      return;
    }
    const posted = line.slice(122, 128).trim();
    const entry: StatementEntry = {
      account: stripped(line.slice(3, 19)),
      bankRef: stripped(line.slice(35, 48)),
      receivedOn: posted ? dateOf(posted, n) : dateOf(line.slice(91, 97), n),
      amountMinor,
      currency,
      variableSymbol: line.slice(61, 71).trim() || null,
      counterAccount: stripped(line.slice(19, 35)),
      counterName: line.slice(97, 117).trim() || null,
      message: null,
    };
    statement.entries.push(entry);
  });
  if (!statement.account) fail(1, 'no 074 header');
  return statement;
}
