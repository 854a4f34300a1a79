import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  AppError,
  type CsvFormat,
  JobInfo,
  JobProgress,
  JobQueue,
  RequestContext,
  StoredUploads,
  invalid,
  newId,
  readableCsv,
} from '@clientele/core';
import { BILLING_INVOICE_ISSUE, IMPORT_INVOICES_QUEUE } from '../constants.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { Ledger } from '../payments/ledger.js';
import { existingNumbersSql, importedHistorySql, insertImportedSql } from './invoice-import-sql.js';
import {
  type ImportedInvoice,
  type InvoiceRow,
  type RowError,
  headerName,
  invoicesOf,
  missingColumns,
  readInvoice,
} from './invoice-rows.js';

/** Invoices written (and committed, with the progress) together. */
const BATCH = 500;
/** How many refused rows the result lists; the rest are counted. */
const ERRORS_IN_RESULT = 1000;

export interface InvoiceImportResult {
  importId: string;
  /** Rows of the file (header aside), and the invoices they make. */
  rows: number;
  invoices: number;
  imported: number;
  /** Imported before (the same file again, or an overlapping one): left as they are. */
  unchanged: number;
  rejected: number;
  errors: RowError[];
}

interface Account {
  id: string;
  group_id: string;
  customer_number: string;
  group_deleted: boolean;
}

/** The rows of a CSV stream with the line each starts on; csv-parse's errors name their line. */
async function* rowsOf(input: Readable): AsyncGenerator<InvoiceRow> {
  const parser = input.pipe(
    parse({
      columns: (headers: string[]) => headers.map(headerName),
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: InvoiceRow['record'];
    info: { lines: number };
  }>)
    yield { line: info.lines, record };
}

const refusedFile = (error: unknown) => {
  if (error instanceof AppError) return error;
  const e = error as { message: string; lines?: number };
  return invalid('body', 'INVALID_CSV', e.lines ? `Line ${e.lines}: ${e.message}` : e.message);
};

/**
 * Invoices imported from another system as a CSV file. The upload is checked (encoding,
 * columns, CSV syntax) and stored, then a queued job streams it: consecutive rows with the same
 * number make one invoice, each checked on its own; valid invoices are written in batches, each
 * batch one transaction with their history, the customers' money paid ahead spent on them and
 * their standings refreshed. An invoice keeps its number; one already imported into its
 * customer's group under that number is left as it is, so importing a file again changes
 * nothing. Refused rows are reported with their line.
 */
@Injectable()
export class InvoiceImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly queue: JobQueue,
    private readonly accounts: BillingAccountsService,
    private readonly ledger: Ledger,
    private readonly uploads: StoredUploads,
  ) {}

  /** Stores a readable (UTF-8, comma-separated) file and queues its import; the job's result is an `InvoiceImportResult`. */
  async start(ctx: RequestContext, path: string, fileName: string) {
    const rows = await this.check(path);
    const importId = newId();
    const jobId = await this.db.transaction(async (m) => {
      await this.record(m, ctx, importId, fileName, rows);
      await this.uploads.store(m, importId, path);
      return this.queue.enqueue(IMPORT_INVOICES_QUEUE, { importId }, { manager: m, ctx, key: importId });
    });
    return { importId, jobId };
  }

  /** The command line's import, in this process: the file as the spreadsheet saved it (encoding and delimiter detected unless given). */
  async importNow(ctx: RequestContext, path: string, format: Partial<CsvFormat> = {}): Promise<InvoiceImportResult> {
    const readable = await readableCsv(path, format);
    try {
      const rows = await this.check(readable.path);
      const importId = newId();
      await this.record(this.db.manager, ctx, importId, path.split('/').pop()!, rows);
      return await this.run(ctx, importId, createReadStream(readable.path), rows);
    } finally {
      if (readable.path !== path) await rm(readable.path, { force: true });
    }
  }

  /**
   * The queued job. A retry after a failure writes what the first run did not (what it wrote is
   * found imported); one after a finished run answers the counts it recorded.
   */
  async importQueued(data: { importId: string }, progress: JobProgress, job: JobInfo) {
    const [row] = await this.db.query(
      `SELECT status, row_count, imported_count, unchanged_count, rejected_count FROM billing_invoice_imports WHERE id = $1`,
      [data.importId],
    );
    if (!row) return null;
    if (row.status === 'imported')
      return {
        importId: data.importId,
        rows: row.row_count,
        imported: row.imported_count,
        unchanged: row.unchanged_count,
        rejected: row.rejected_count,
      };
    const result = await this.run(
      await job.ctx(),
      data.importId,
      Readable.from(this.uploads.read(data.importId)),
      row.row_count,
      progress,
    );
    await this.uploads.forget(data.importId);
    return result;
  }

  /** Refuses (400) a file without the columns an invoice needs or that is no CSV, naming the line; answers its rows. */
  private async check(path: string) {
    const file = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
      const header = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/, 1)[0];
      const missing = missingColumns(header.split(',').map((h) => h.replace(/^"|"$/g, '')));
      if (missing.length)
        throw invalid('body', 'MISSING_COLUMNS', `The header row lacks the column(s) ${missing.join(', ')}`);
    } finally {
      await file.close();
    }
    let rows = 0;
    try {
      for await (const _row of rowsOf(createReadStream(path))) rows++;
    } catch (error) {
      throw refusedFile(error);
    }
    return rows;
  }

  private async record(m: EntityManager, ctx: RequestContext, id: string, fileName: string, rows: number) {
    await m.query(
      `INSERT INTO billing_invoice_imports (id, file_name, row_count, imported_by) VALUES ($1, $2, $3, $4)`,
      [id, fileName.slice(0, 300), rows, ctx.userId || null],
    );
  }

  private async run(
    ctx: RequestContext,
    importId: string,
    input: Readable,
    rows: number,
    progress?: JobProgress,
  ): Promise<InvoiceImportResult> {
    // Customers created since their last adoption need their account before an invoice can name them.
    await this.accounts.adopt(RequestContext.system());
    const result: InvoiceImportResult = {
      importId,
      rows,
      invoices: 0,
      imported: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
    };
    const refuse = (error: RowError) => {
      result.rejected++;
      if (result.errors.length < ERRORS_IN_RESULT) result.errors.push(error);
    };
    let batch: ImportedInvoice[] = [];
    let done = 0;
    const flush = async () => {
      const written = await this.write(ctx, importId, batch);
      result.imported += written.imported;
      result.unchanged += written.unchanged;
      written.errors.forEach(refuse);
      batch = [];
      await progress?.report(done, rows);
    };
    await progress?.report(0, rows);
    for await (const invoiceRows of invoicesOf(rowsOf(input))) {
      result.invoices++;
      done += invoiceRows.length;
      const invoice = readInvoice(invoiceRows);
      if ('code' in invoice) refuse(invoice);
      else batch.push(invoice);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    result.errors.sort((a, b) => a.line - b.line);
    await this.db.query(
      `UPDATE billing_invoice_imports SET status = 'imported', imported_count = $2, unchanged_count = $3, rejected_count = $4 WHERE id = $1`,
      [importId, result.imported, result.unchanged, result.rejected],
    );
    return result;
  }

  /**
   * One batch in one transaction: the customers named (those the caller may issue invoices to;
   * any other is as unknown), the numbers already in their groups, then the new invoices with
   * their history, the money their customers paid ahead spent on them and their standings.
   */
  private async write(ctx: RequestContext, importId: string, invoices: ImportedInvoice[]) {
    const errors: RowError[] = [];
    let unchanged = 0;
    if (!invoices.length) return { imported: 0, unchanged, errors };
    const imported = await this.db.transaction(async (m) => {
      const accounts = await this.customers(m, ctx, [...new Set(invoices.map((i) => i.customerNumber))]);
      const existing = new Map<string, { customer_id: string; imported: boolean }>();
      const named = invoices.filter((i) => accounts.has(i.customerNumber));
      const rows: { group_id: string; number: string; customer_id: string; imported: boolean }[] = await m.query(
        existingNumbersSql,
        [named.map((i) => accounts.get(i.customerNumber)!.id), named.map((i) => i.number)],
      );
      for (const row of rows) existing.set(`${row.group_id}:${row.number}`, row);
      const fresh: { invoice: ImportedInvoice; account: Account }[] = [];
      const seen = new Set<string>();
      for (const invoice of invoices) {
        const account = accounts.get(invoice.customerNumber);
        const at = (field: string, code: string, message: string) =>
          errors.push({ line: invoice.line, field, code, message });
        if (!account) {
          at('customer_number', 'CUSTOMER_NOT_FOUND', `No customer numbered ${invoice.customerNumber}`);
          continue;
        }
        if (account.group_deleted) {
          at('customer_number', 'GROUP_DELETED', "The customer's billing group is deleted; move the customer first");
          continue;
        }
        const key = `${account.group_id}:${invoice.number}`;
        const before = existing.get(key);
        if (before?.imported && before.customer_id === account.id) unchanged++;
        else if (before || seen.has(key))
          at(
            'number',
            'NUMBER_TAKEN',
            `Another invoice of the customer's billing group has the number ${invoice.number}`,
          );
        else fresh.push({ invoice, account });
        seen.add(key);
      }
      if (!fresh.length) return 0;
      const written: { id: string; customer_id: string }[] = await m.query(insertImportedSql, [
        importId,
        fresh.map((f) => f.account.id),
        fresh.map((f) => f.invoice.number),
        fresh.map((f) => f.invoice.issuedOn),
        fresh.map((f) => f.invoice.dueOn),
        fresh.map((f) => f.invoice.currency),
        fresh.map((f) => JSON.stringify(f.invoice.lines)),
        fresh.map((f) => f.invoice.totalMinor),
        fresh.map((f) => f.invoice.paid),
        fresh.map((f) => f.invoice.paidOn),
      ]);
      // Written by a concurrent import of the same numbers a moment before: as if found above.
      unchanged += fresh.length - written.length;
      if (!written.length) return 0;
      await m.query(importedHistorySql, [written.map((w) => w.id), ctx.userId || null]);
      await this.ledger.settle(m, [...new Set(written.map((w) => w.customer_id))], ctx);
      return written.length;
    });
    return { imported, unchanged, errors };
  }

  /** The billing accounts of the customer numbers that the caller may issue invoices to, by number. */
  private async customers(m: EntityManager, ctx: RequestContext, numbers: string[]) {
    const params: unknown[] = [numbers];
    const onCustomer = this.access.filterSql('a.id', BILLING_INVOICE_ISSUE, ctx, params);
    const onGroup = this.access.filterSql('a.group_id', BILLING_INVOICE_ISSUE, ctx, params);
    const rows: Account[] = await m.query(
      `SELECT a.id, a.group_id, a.customer_number, g.deleted_at IS NOT NULL AS group_deleted
         FROM billing_accounts a JOIN billing_groups g ON g.id = a.group_id
        WHERE a.customer_number = ANY($1::text[]) AND ((${onCustomer}) OR (${onGroup}))`,
      params,
    );
    return new Map(rows.map((r) => [r.customer_number, r]));
  }
}
