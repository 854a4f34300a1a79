import { XMLParser } from 'fast-xml-parser';
import { invalid } from '@clientele/core';
import { parseAmount } from '../invoices/money.js';
import type { ParsedStatement, StatementEntry } from './statement.js';

type Node = Record<string, any>;

const ALWAYS_ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Amounts and symbols stay text: "0010" and "12.50" must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

const fail = (message: string): never => {
  throw invalid('data', 'INVALID_STATEMENT', `CAMT.053: ${message}`);
};

const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return text((value as Node)['#text']);
  const trimmed = String(value).trim();
  return trimmed || null;
};

/**
 * The variable symbol a Czech payment carries in CAMT.053: the structured creditor reference,
 * else the end-to-end id (banks write `/VS123/SS/KS`, `VS:123` or the bare digits), else the
 * unstructured remittance text (`VS 123`).
 */
function variableSymbolOf(tx: Node): string | null {
  const remittance = tx.RmtInf ?? {};
  for (const strd of remittance.Strd ?? []) {
    const ref = text(strd?.CdtrRefInf?.Ref);
    const found = ref && (/VS[:\s/]*(\d{1,10})/i.exec(ref)?.[1] ?? /^\d{1,10}$/.exec(ref)?.[0]);
    if (found) return found;
  }
  const endToEnd = text(tx.Refs?.EndToEndId);
  if (endToEnd && endToEnd !== 'NOTPROVIDED') {
    const found = /VS[:\s/]*(\d{1,10})/i.exec(endToEnd)?.[1] ?? /^\d{1,10}$/.exec(endToEnd)?.[0];
    if (found) return found;
  }
  for (const line of remittance.Ustrd ?? []) {
    const found = /VS[:\s/]*(\d{1,10})/i.exec(text(line) ?? '')?.[1];
    if (found) return found;
  }
  return null;
}

function amountOf(node: Node | undefined, where: string): { amountMinor: number; currency: string } {
  const currency = text(node?.['@Ccy']) ?? fail(`${where} has no currency`);
  if (!/^[A-Z]{3}$/.test(currency)) fail(`${where} has the currency "${currency}"`);
  const raw = text(node) ?? fail(`${where} has no amount`);
  const amountMinor = parseAmount(raw, currency) ?? fail(`${where} has the amount "${raw}"`);
  return { amountMinor, currency };
}

const dateOf = (node: Node | undefined) => text(node?.Dt) ?? text(node?.DtTm)?.slice(0, 10) ?? null;

/**
 * ISO 20022 bank-to-customer statement (camt.053, any version): every booked credit entry,
 * one payment per transaction detail when an entry batches several. Amounts are parsed as
 * text into minor units.
 */
export function parseCamt053(file: Buffer): ParsedStatement {
  let document: Node;
  try {
    document = parser.parse(file.toString('utf8'));
  } catch (error) {
    return fail(`not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
  const statements: Node[] = document?.Document?.BkToCstmrStmt?.Stmt ?? fail('no BkToCstmrStmt/Stmt');
  const result: ParsedStatement = {
    format: 'camt053',
    account: null,
    reference: null,
    date: null,
    entries: [],
    skipped: 0,
  };
  statements.forEach((stmt, s) => {
    const account = text(stmt.Acct?.Id?.IBAN) ?? text(stmt.Acct?.Id?.Othr?.Id);
    result.account ??= account;
    result.reference ??= text(stmt.Id);
    result.date ??= text(stmt.CreDtTm)?.slice(0, 10) ?? text(stmt.FrToDt?.ToDtTm)?.slice(0, 10) ?? null;
    (stmt.Ntry ?? []).forEach((entry: Node, e: number) => {
      const where = `statement ${s + 1} entry ${e + 1}`;
      const status = text(entry.Sts?.Cd) ?? text(entry.Sts);
      const reversal = text(entry.RvslInd) === 'true';
      if (text(entry.CdtDbtInd) !== 'CRDT' || status !== 'BOOK' || reversal) {
        result.skipped += 1;
        return;
      }
      const receivedOn = dateOf(entry.BookgDt) ?? dateOf(entry.ValDt) ?? fail(`${where} has no booking date`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedOn)) fail(`${where} has the date "${receivedOn}"`);
      const entryAmount = amountOf(entry.Amt, where);
      const details: Node[] = (entry.NtryDtls ?? []).flatMap((d: Node) => d.TxDtls ?? []);
      const entryRef = text(entry.AcctSvcrRef) ?? text(entry.NtryRef);
      const transactions = details.length ? details : [{}];
      transactions.forEach((tx, t) => {
        const amount = tx.Amt
          ? amountOf(tx.Amt, `${where} transaction ${t + 1}`)
          : transactions.length === 1
            ? entryAmount
            : fail(`${where} transaction ${t + 1} has no amount`);
        if (amount.amountMinor === 0) {
          result.skipped += 1;
          return;
        }
        const ref =
          text(tx.Refs?.AcctSvcrRef) ??
          text(tx.Refs?.TxId) ??
          (entryRef && (transactions.length > 1 ? `${entryRef}#${t + 1}` : entryRef));
        const debtor = tx.RltdPties ?? {};
        const item: StatementEntry = {
          account,
          bankRef: ref,
          receivedOn,
          ...amount,
          variableSymbol: variableSymbolOf(tx),
          counterAccount: text(debtor.DbtrAcct?.Id?.IBAN) ?? text(debtor.DbtrAcct?.Id?.Othr?.Id),
          counterName: text(debtor.Dbtr?.Nm) ?? text(debtor.Dbtr?.Pty?.Nm),
          message: (tx.RmtInf?.Ustrd ?? []).map(text).filter(Boolean).join(' ') || null,
        };
        result.entries.push(item);
      });
    });
  });
  return result;
}
