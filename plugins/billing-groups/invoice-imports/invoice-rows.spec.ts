import { type InvoiceRow, invoicesOf, missingColumns, parseDate, readInvoice } from './invoice-rows.js';

const row = (line: number, record: InvoiceRow['record']): InvoiceRow => ({ line, record });
const invoice = {
  number: 'FV-1',
  customer_number: '1042',
  issued_on: '2025-11-01',
  due_on: '2025-11-15',
  state: 'open',
};

describe('reading invoices from CSV rows', () => {
  it('reads ISO and Czech dates, and no day that does not exist', () => {
    expect(parseDate('2025-11-01')).toBe('2025-11-01');
    expect(parseDate('1.11.2025')).toBe('2025-11-01');
    expect(parseDate('01. 11. 2025')).toBe('2025-11-01');
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('31.4.2025')).toBeNull();
    expect(parseDate('11/01/2025')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
  });

  it('names the required columns a header lacks, in any case and with spaces for underscores', () => {
    expect(missingColumns(['Number', 'Customer number', 'Issued-on', 'due_on', 'STATE'])).toEqual([]);
    expect(missingColumns(['number', 'total'])).toEqual(['customer_number', 'issued_on', 'due_on', 'state']);
  });

  it('makes one line of a total, in minor units read as text', () => {
    expect(readInvoice([row(2, { ...invoice, total: '1 250,50', currency: 'czk' })])).toEqual({
      line: 2,
      number: 'FV-1',
      customerNumber: '1042',
      issuedOn: '2025-11-01',
      dueOn: '2025-11-15',
      currency: 'CZK',
      paid: false,
      paidOn: null,
      lines: [{ description: 'Invoice FV-1', quantity: 1, unitPriceMinor: 125050, totalMinor: 125050 }],
      totalMinor: 125050,
    });
  });

  it('takes the lines from consecutive rows, discounts included, and checks the total against them', () => {
    const rows = [
      row(2, { ...invoice, description: 'Internet', quantity: '2', unit_price: '300', total: '550' }),
      row(3, { customer_number: '1042', number: 'FV-1', description: 'Sleva', unit_price: '-50' }),
    ];
    expect(readInvoice(rows)).toMatchObject({
      totalMinor: 55000,
      lines: [
        { description: 'Internet', quantity: 2, unitPriceMinor: 30000, totalMinor: 60000 },
        { description: 'Sleva', quantity: 1, unitPriceMinor: -5000, totalMinor: -5000 },
      ],
    });
    expect(readInvoice([{ ...rows[0], record: { ...rows[0].record, total: '600' } }, rows[1]])).toMatchObject({
      line: 2,
      field: 'total',
      code: 'TOTAL_MISMATCH',
    });
  });

  it('refuses what it cannot read, naming the line of the row at fault', () => {
    const refused = (rows: InvoiceRow[]) => {
      const read = readInvoice(rows);
      return 'code' in read ? [read.line, read.field, read.code] : null;
    };
    expect(refused([row(2, { ...invoice, number: 'FV 1', total: '1' })])).toEqual([2, 'number', 'INVALID_NUMBER']);
    expect(refused([row(2, { ...invoice, state: 'zaplaceno', total: '1' })])).toEqual([2, 'state', 'INVALID_STATE']);
    expect(refused([row(2, { ...invoice, state: 'paid', total: '1' })])).toEqual([2, 'paid_on', 'INVALID_DATE']);
    expect(refused([row(2, { ...invoice, paid_on: '2025-11-10', total: '1' })])).toEqual([
      2,
      'paid_on',
      'PAID_ON_OPEN',
    ]);
    expect(refused([row(2, { ...invoice, total: '1.005' })])).toEqual([2, 'total', 'INVALID_AMOUNT']);
    expect(refused([row(2, { ...invoice, total: '-1' })])).toEqual([2, 'total', 'NEGATIVE_TOTAL']);
    expect(refused([row(2, invoice)])).toEqual([2, 'total', 'REQUIRED']);
    expect(
      refused([row(2, { ...invoice, unit_price: '1' }), row(3, { ...invoice, unit_price: '1', quantity: '0' })]),
    ).toEqual([3, 'quantity', 'INVALID_QUANTITY']);
    expect(
      refused([row(2, { ...invoice, unit_price: '1' }), row(3, { ...invoice, customer_number: '7', unit_price: '1' })]),
    ).toEqual([3, 'customer_number', 'CUSTOMER_DIFFERS']);
  });

  it('groups consecutive rows of one number into one invoice, as they stream in', async () => {
    async function* rows() {
      yield row(2, { number: 'A' });
      yield row(3, { number: 'A' });
      yield row(4, { number: 'B' });
      yield row(5, { number: 'A' });
    }
    const groups: number[][] = [];
    for await (const group of invoicesOf(rows())) groups.push(group.map((r) => r.line));
    expect(groups).toEqual([[2, 3], [4], [5]]);
  });
});
