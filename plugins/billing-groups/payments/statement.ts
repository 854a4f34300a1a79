/** One credit on a bank statement, as both parsers hand it over. */
export interface StatementEntry {
  /** The account it arrived on (IBAN or the local account number). */
  account: string | null;
  /** The bank's own reference of the movement, unique per account; null when the file has none. */
  bankRef: string | null;
  receivedOn: string;
  amountMinor: number;
  currency: string;
  variableSymbol: string | null;
  counterAccount: string | null;
  counterName: string | null;
  message: string | null;
}

export interface ParsedStatement {
  format: 'gpc' | 'camt053';
  account: string | null;
  reference: string | null;
  date: string | null;
  /** Credits only: what customers paid. */
  entries: StatementEntry[];
  /** Debits, reversals and entries not booked, which are not payments. */
  skipped: number;
}
