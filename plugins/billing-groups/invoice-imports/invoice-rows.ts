import type { InvoiceLine } from '../entities/invoice.entity.js';
import { exponentOf, parseAmount } from '../invoices/money.js';

/** Keeps every total below 2^53 minor units, where JavaScript integers stay exact. */
const MAX_TOTAL_MINOR = 1_000_000_000_000;
const MAX_LINES = 200;
const NUMBER = /^[A-Za-z0-9/_.-]{1,40}$/;

/** The columns of an invoice file, by their header names (any case; spaces and hyphens read as `_`). */
export const INVOICE_COLUMNS = [
  'number',
  'customer_number',
  'issued_on',
  'due_on',
  'currency',
  'state',
  'paid_on',
  'total',
  'description',
  'quantity',
  'unit_price',
] as const;
export const REQUIRED_COLUMNS = ['number', 'customer_number', 'issued_on', 'due_on', 'state'] as const;

export type InvoiceRecord = Partial<Record<(typeof INVOICE_COLUMNS)[number], string>>;

/** A row of the file with the line it starts on. */
export interface InvoiceRow {
  line: number;
  record: InvoiceRecord;
}

/** An invoice as the other system had it, checked; amounts in minor units. */
export interface ImportedInvoice {
  line: number;
  number: string;
  customerNumber: string;
  issuedOn: string;
  dueOn: string;
  /** Null: the currency of the customer's billing group. */
  currency: string | null;
  paid: boolean;
  paidOn: string | null;
  lines: InvoiceLine[];
  totalMinor: number;
}

export interface RowError {
  line: number;
  field: string;
  code: string;
  message: string;
}

export const headerName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The header's required columns that are missing. */
export const missingColumns = (headers: string[]) =>
  REQUIRED_COLUMNS.filter((column) => !headers.map(headerName).includes(column));

/** `2026-01-31` or `31.1.2026` (as Czech spreadsheets write it) as YYYY-MM-DD; null when no such day. */
export function parseDate(text: string | undefined): string | null {
  const value = (text ?? '').trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const czech = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/.exec(value);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : czech
      ? [czech[3], czech[2].padStart(2, '0'), czech[1].padStart(2, '0')]
      : [];
  if (!year) return null;
  const date = `${year}-${month}-${day}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

/** A signed amount with `.` or `,` before the decimals and spaces between thousands, in minor units; null when it is none. */
function parseSignedAmount(text: string, currency: string): number | null {
  const compact = text.replace(/[\s\u00a0]/g, '');
  const negative = compact.startsWith('-');
  const minor = parseAmount(negative ? compact.slice(1) : compact, currency);
  return minor === null ? null : negative ? -minor : minor;
}

const STATES: Record<string, boolean> = { open: false, paid: true };

/**
 * Reads one invoice from its rows: the first row carries the invoice, each row one line
 * (`description`, `quantity`, `unit_price`) — or, without line columns, the invoice's `total`
 * makes one line. When both are given the total must be the sum of the lines. Answers the
 * first thing wrong, with the line it is on.
 */
export function readInvoice(rows: InvoiceRow[]): ImportedInvoice | RowError {
  const [{ line, record: first }] = rows;
  const wrong = (field: string, code: string, message: string, at = line): RowError => ({
    line: at,
    field,
    code,
    message,
  });
  const number = (first.number ?? '').trim();
  if (!NUMBER.test(number))
    return wrong('number', 'INVALID_NUMBER', 'The invoice number is 1–40 letters, digits or / _ . -');
  const customerNumber = (first.customer_number ?? '').trim();
  if (!customerNumber) return wrong('customer_number', 'REQUIRED', 'The customer number is missing');
  const issuedOn = parseDate(first.issued_on);
  if (!issuedOn) return wrong('issued_on', 'INVALID_DATE', 'The issue date is not a date (YYYY-MM-DD or D.M.YYYY)');
  const dueOn = parseDate(first.due_on);
  if (!dueOn) return wrong('due_on', 'INVALID_DATE', 'The due date is not a date (YYYY-MM-DD or D.M.YYYY)');
  if (dueOn < issuedOn) return wrong('due_on', 'DUE_BEFORE_ISSUE', 'The due date cannot precede the issue date');
  const currency = (first.currency ?? '').trim().toUpperCase() || null;
  if (currency !== null && !/^[A-Z]{3}$/.test(currency))
    return wrong('currency', 'INVALID_CURRENCY', 'The currency is a three-letter ISO 4217 code');
  const state = (first.state ?? '').trim().toLowerCase();
  if (!(state in STATES)) return wrong('state', 'INVALID_STATE', 'The state is open or paid');
  const paid = STATES[state];
  const paidOn = paid ? parseDate(first.paid_on) : null;
  if (paid && !paidOn)
    return wrong('paid_on', 'INVALID_DATE', 'A paid invoice needs the date it was paid (YYYY-MM-DD or D.M.YYYY)');
  if (!paid && (first.paid_on ?? '').trim())
    return wrong('paid_on', 'PAID_ON_OPEN', 'An open invoice has no payment date');
  if (rows.length > MAX_LINES) return wrong('number', 'TOO_MANY_LINES', `An invoice has at most ${MAX_LINES} lines`);

  const money = currency ?? 'CZK';
  const lines: InvoiceLine[] = [];
  for (const { line: at, record } of rows) {
    if (rows.length > 1 && (record.customer_number ?? '').trim() !== customerNumber)
      return wrong('customer_number', 'CUSTOMER_DIFFERS', 'Lines of one invoice name one customer', at);
    const unitText = (record.unit_price ?? '').trim();
    if (!unitText) {
      if (rows.length > 1)
        return wrong('unit_price', 'REQUIRED', 'An invoice of several lines needs the unit price on each', at);
      continue;
    }
    const unitPriceMinor = parseSignedAmount(unitText, money);
    if (unitPriceMinor === null || Math.abs(unitPriceMinor) > MAX_TOTAL_MINOR)
      return wrong('unit_price', 'INVALID_AMOUNT', `The unit price is not an amount in ${money}`, at);
    const quantityText = (record.quantity ?? '').trim() || '1';
    const quantity = /^\d{1,7}$/.test(quantityText) ? Number(quantityText) : 0;
    if (quantity < 1 || quantity > 1_000_000)
      return wrong('quantity', 'INVALID_QUANTITY', 'The quantity is a whole number from 1 to 1,000,000', at);
    const description = (record.description ?? '').trim() || `Invoice ${number}`;
    if (description.length > 300)
      return wrong('description', 'TOO_LONG', 'A line description has at most 300 characters', at);
    lines.push({ description, quantity, unitPriceMinor, totalMinor: quantity * unitPriceMinor });
  }

  const totalText = (first.total ?? '').trim();
  const statedTotal = totalText ? parseSignedAmount(totalText, money) : null;
  if (totalText && statedTotal === null)
    return wrong('total', 'INVALID_AMOUNT', `The total is not an amount in ${money} (decimals: ${exponentOf(money)})`);
  if (!lines.length) {
    if (statedTotal === null) return wrong('total', 'REQUIRED', 'Give the total, or the lines with their unit prices');
    const description = (first.description ?? '').trim() || `Invoice ${number}`;
    lines.push({ description, quantity: 1, unitPriceMinor: statedTotal, totalMinor: statedTotal });
  }
  const totalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
  if (statedTotal !== null && statedTotal !== totalMinor)
    return wrong('total', 'TOTAL_MISMATCH', 'The total is not the sum of the lines');
  if (totalMinor < 0) return wrong('total', 'NEGATIVE_TOTAL', 'An invoice cannot total less than zero');
  if (totalMinor > MAX_TOTAL_MINOR) return wrong('total', 'TOTAL_TOO_LARGE', 'The invoice total is too large');
  return { line, number, customerNumber, issuedOn, dueOn, currency, paid, paidOn, lines, totalMinor };
}

/**
 * Groups a stream of rows into invoices: consecutive rows with the same number are the lines of
 * one invoice. Yields each invoice's rows once the next number starts (or the file ends).
 */
export async function* invoicesOf(rows: AsyncIterable<InvoiceRow>): AsyncGenerator<InvoiceRow[]> {
  let current: InvoiceRow[] = [];
  for await (const row of rows) {
    const number = (row.record.number ?? '').trim();
    if (current.length && (current[0].record.number ?? '').trim() !== number) {
      yield current;
      current = [];
    }
    current.push(row);
  }
  if (current.length) yield current;
}
