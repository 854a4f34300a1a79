import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { DataSource } from 'typeorm';
import {
  AccessService,
  AppError,
  CSV_DELIMITERS,
  type CsvFormat,
  RequestContext,
  encoded,
  fitsEncoding,
} from '@clientele/core';
import { CUSTOMER_READ } from '../constants.js';
import { CUSTOMER_COLUMNS, formatTaxIds } from './columns.js';

const PAGE = 5000;

/** Columns in the import's format; the keyset walks the unique customer number. */
const PAGE_SQL = (accessCondition: string) => `
  SELECT c.number, c.address_book_id, c.name, c.legal_form, c.representative, c.street, c.city, c.postcode, c.country, c.region,
         CASE WHEN c.latitude IS NULL THEN NULL ELSE c.latitude || ', ' || c.longitude END AS gps,
         c.email, c.billing_email, c.technical_email, c.business_email, c.phone, c.mobile, c.web, s.code AS state, c.tax_ids,
         c.bank_account, c.iban, c.bic, to_char(c.contract_returned_on, 'YYYY-MM-DD') AS contract_returned_on
    FROM contacts_customers c LEFT JOIN contacts_customer_states s ON s.id = c.state_id
   WHERE c.deleted_at IS NULL AND c.number > $1 AND ${accessCondition}
   ORDER BY c.number LIMIT ${PAGE}`;

/** Writes every customer the caller may read as CSV, a page at a time, honouring back-pressure. */
@Injectable()
export class CustomerExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  /** In the encoding and with the delimiter of the operator's spreadsheet (default UTF-8, comma), so a file round-trips. */
  async exportTo(out: Writable, ctx: RequestContext, format: Partial<CsvFormat> = {}): Promise<number> {
    const csv = stringify({
      header: true,
      columns: [...CUSTOMER_COLUMNS],
      delimiter: CSV_DELIMITERS[format.delimiter ?? 'comma'],
    });
    const encoding = format.encoding ?? 'utf-8';
    const encoder = encoded(encoding);
    // The encoder takes text, not the UTF-8 bytes csv-stringify gives by default.
    if (encoder) csv.setEncoding('utf8').pipe(encoder).pipe(out);
    else csv.pipe(out);
    const params: unknown[] = [''];
    const sql = PAGE_SQL(this.access.filterSql('c.id', CUSTOMER_READ, ctx, params));
    let after = '';
    let count = 0;
    for (;;) {
      params[0] = after;
      const rows = await this.db.query(sql, params);
      for (const row of rows) {
        const record = { ...row, address_book: row.address_book_id, tax_ids: formatTaxIds(row.tax_ids ?? []) };
        const values: string[] = CUSTOMER_COLUMNS.map((c) => record[c] ?? '');
        const lost = values.find((value) => !fitsEncoding(String(value), encoding));
        if (lost !== undefined) {
          // A '?' in place of letters would go unnoticed until the file is imported back.
          csv.destroy();
          throw new AppError(
            400,
            'NOT_ENCODABLE',
            `Customer ${row.number}: "${lost}" cannot be written in ${encoding}; export in UTF-8 (or an encoding with these letters)`,
          );
        }
        if (!csv.write(values)) await once(csv, 'drain');
      }
      count += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].number;
    }
    csv.end();
    await once(encoder ?? csv, 'end');
    return count;
  }
}
