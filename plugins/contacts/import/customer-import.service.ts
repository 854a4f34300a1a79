import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { DataSource, QueryRunner } from 'typeorm';
import { AccessService, AppError, EventBus, RequestContext, invalid, newId, notFound } from '@clientele/core';
import { ADDRESS_BOOK_READ, CUSTOMER_READ, CUSTOMER_TYPE, CUSTOMER_WRITE } from '../constants.js';
import { CustomersImported } from '../events.js';
import { ContactsCatalog } from '../catalog/catalog-lookups.js';
import { CustomerNumbers } from '../customers/customer-numbers.js';
import { checkHeader } from './columns.js';
import { DeferredIndexes } from './deferred-indexes.js';
import { BatchOutcome, ResolvedRow, STAGE_TABLE_SQL, writeBatch } from './import-batch.js';
import { ImportRow, RejectedRow, isRejected, readRow } from './import-row.js';

const unknownBook = (reference: string) =>
  invalid('addressBookId', 'UNKNOWN_ADDRESS_BOOK', `No address book "${reference}"`);

export interface ImportOptions {
  /** Address book (id or name) of rows that name none. */
  addressBookId?: string;
  /** Shown in history ("imported from customers.csv line 12"); defaults to the file's name. */
  fileName?: string;
  batchSize?: number;
  onProgress?: (rowsDone: number, totalRows: number) => void | Promise<void>;
  /** Stops after this many batches, as if the process had been killed (used to test resuming). */
  stopAfterBatches?: number;
}

export interface ImportSummary {
  importId: string;
  fileName: string;
  totalRows: number;
  imported: number;
  rejected: number;
  skipped: number;
  /** True when the file had been imported completely before: nothing was done. */
  alreadyImported: boolean;
  /** True when an interrupted run of the same file was continued. */
  resumed: boolean;
  finished: boolean;
}

interface ImportRun {
  id: string;
  status: 'running' | 'finished';
  batch_size: number;
  batches_done: number;
  rows_done: string;
  total_rows: string;
  imported: string;
  rejected: string;
  skipped: string;
  file_name: string;
}

const DEFAULT_BATCH = 10_000;
const ANALYZE_AFTER_ROWS = 50_000;
const YIELD_EVERY_ROWS = 200;

/** SHA-256 and number of data rows of a CSV file, in one streaming pass. */
async function scan(path: string): Promise<{ checksum: string; rows: number }> {
  const hash = createHash('sha256');
  let newlines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    last = chunk[chunk.length - 1];
  }
  // Lines minus the header; an estimate when quoted fields hold line breaks (progress only).
  return { checksum: hash.digest('hex'), rows: Math.max(0, newlines + (last === 10 ? 0 : 1) - 1) };
}

/**
 * Imports customers from CSV: streams the file, checks every row by the API's rules, and writes
 * batches set-based (see import-batch.ts), each in its own transaction together with the run's
 * progress. The next batch is read and checked while the database writes the previous one.
 */
@Injectable()
export class CustomerImportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CustomerImport');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly catalog: ContactsCatalog,
    private readonly numbers: CustomerNumbers,
    private readonly events: EventBus,
  ) {}

  /** Indexes an import set aside and could not build again (the process was killed) are built in the background. */
  onApplicationBootstrap() {
    const runner = this.db.createQueryRunner();
    void DeferredIndexes.restoreLeftovers(runner)
      .then((built) => built && this.logger.log('built the customer indexes an interrupted import had set aside'))
      .catch((error: Error) =>
        this.logger.warn(`could not build the customer indexes an interrupted import set aside: ${error.message}`),
      )
      .finally(() => runner.release());
  }

  async importFile(path: string, ctx: RequestContext, options: ImportOptions = {}): Promise<ImportSummary> {
    const { checksum, rows: totalRows } = await scan(path);
    const fileName = options.fileName ?? basename(path);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('contacts:import:' || $1)) AS locked`, [
        checksum,
      ]);
      if (!locked) throw new AppError(409, 'IMPORT_RUNNING', 'This file is being imported right now');
      const defaultBook = options.addressBookId ? await this.findAddressBook(options.addressBookId) : null;
      if (defaultBook) await this.checkAddressBook(defaultBook, ctx);
      const run = await this.startRun(runner, {
        checksum,
        fileName,
        totalRows,
        addressBookId: defaultBook,
        ctx,
        batchSize: options.batchSize ?? DEFAULT_BATCH,
      });
      const summary = (finished: boolean, alreadyImported = false): ImportSummary => ({
        importId: run.id,
        fileName: run.file_name,
        totalRows: Number(run.total_rows),
        imported: Number(run.imported),
        rejected: Number(run.rejected),
        skipped: Number(run.skipped),
        alreadyImported,
        resumed: Number(run.rows_done) > 0 && !alreadyImported,
        finished,
      });
      if (run.status === 'finished') return summary(true, true);
      const resumed = summary(false);
      await runner.query(STAGE_TABLE_SQL);
      const indexes = new DeferredIndexes(runner);
      let finished = false;
      try {
        await indexes.prepare(run.id, Number(run.total_rows) - Number(run.rows_done));
        finished = await this.stream(path, runner, run, ctx, defaultBook, options);
      } finally {
        await indexes.finish();
      }
      // After a bulk load the planner's statistics lag far behind (autovacuum gets to them later).
      if (finished && Number(run.total_rows) - Number(run.rows_done) >= ANALYZE_AFTER_ROWS) {
        await runner.query(`ANALYZE contacts_customers, contacts_consumers, scope_nodes`);
      }
      Object.assign(run, (await runner.query(`SELECT * FROM contacts_customer_imports WHERE id = $1`, [run.id]))[0]);
      return { ...summary(finished), resumed: resumed.resumed };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
      // Session locks outlive the borrowed connection: give it back clean.
      if (locked)
        await runner.query(`SELECT pg_advisory_unlock(hashtext('contacts:import:' || $1))`, [checksum]).catch(() => {});
      await runner.release();
    }
  }

  private async startRun(
    runner: QueryRunner,
    run: {
      checksum: string;
      fileName: string;
      totalRows: number;
      addressBookId: string | null;
      ctx: RequestContext;
      batchSize: number;
    },
  ): Promise<ImportRun> {
    await runner.query(
      `INSERT INTO contacts_customer_imports (id, checksum, file_name, address_book_id, status, batch_size, total_rows, actor_id)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7) ON CONFLICT (checksum) DO NOTHING`,
      [newId(), run.checksum, run.fileName, run.addressBookId, run.batchSize, run.totalRows, run.ctx.userId || null],
    );
    const [row] = await runner.query(`SELECT * FROM contacts_customer_imports WHERE checksum = $1`, [run.checksum]);
    return row;
  }

  /** Reads the file from the start, skips rows committed by an earlier attempt and writes the rest batch by batch. */
  private async stream(
    path: string,
    runner: QueryRunner,
    run: ImportRun,
    ctx: RequestContext,
    defaultBook: string | null,
    options: ImportOptions,
  ) {
    const parser = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
    const resolve = this.resolver(ctx, defaultBook);
    const alreadyDone = Number(run.rows_done);
    const total = Number(run.total_rows);
    let header: string[] | null = null;
    let seen = 0;
    let batchNo = run.batches_done;
    let rowsDone = alreadyDone;
    let pending: Promise<void> = Promise.resolve();
    let batch: (ImportRow | RejectedRow)[] = [];
    let stopped = false;

    const flush = async (rows: (ImportRow | RejectedRow)[]) => {
      const current = ++batchNo;
      const resolved = await resolve(rows);
      await pending;
      if (options.stopAfterBatches !== undefined && current - run.batches_done > options.stopAfterBatches) {
        stopped = true;
        return;
      }
      pending = this.commitBatch(runner, run, current, resolved, rowsDone + rows.length, ctx).then(async () => {
        rowsDone += rows.length;
        await options.onProgress?.(rowsDone, total);
      });
      // Surface a failure at the next await instead of as an unhandled rejection.
      pending.catch(() => {});
    };

    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (!header) {
          header = record.map((h) => h.trim().toLowerCase());
          const problem = checkHeader(header);
          if (problem) throw invalid('file', 'INVALID_HEADER', problem);
          continue;
        }
        seen++;
        if (seen <= alreadyDone) continue;
        // Line numbers as a spreadsheet shows them: the header is line 1.
        const line = seen + 1;
        const raw: Record<string, string> = {};
        header.forEach((column, i) => (raw[column] = record[i] ?? ''));
        batch.push(
          record.length > header.length
            ? { line, raw, reason: `row TOO_MANY_FIELDS: ${record.length} fields, the header has ${header.length}` }
            : readRow(raw, line),
        );
        // Checking a chunk of the file is synchronous work; let the batch being written hear back from the database meanwhile.
        if (batch.length % YIELD_EVERY_ROWS === 0) await new Promise(setImmediate);
        if (batch.length >= run.batch_size) {
          await flush(batch);
          batch = [];
          if (stopped) break;
        }
      }
      if (!stopped && batch.length) await flush(batch);
    } catch (error) {
      // A malformed file or a failed check: let the batch being written settle before the connection is used again.
      await pending.catch(() => {});
      parser.destroy();
      throw error;
    }
    await pending;
    if (stopped) {
      parser.destroy();
      return false;
    }
    await runner.query(
      `UPDATE contacts_customer_imports SET status = 'finished', finished_at = now(), updated_at = now() WHERE id = $1`,
      [run.id],
    );
    return true;
  }

  private async commitBatch(
    runner: QueryRunner,
    run: ImportRun,
    batchNo: number,
    rows: (ImportRow | RejectedRow)[],
    rowsDone: number,
    ctx: RequestContext,
  ) {
    const accepted = rows.filter((r) => !isRejected(r)) as ResolvedRow[];
    const rejected = rows.filter(isRejected);
    await runner.startTransaction();
    try {
      const outcome: BatchOutcome = await writeBatch(runner.manager, this.numbers, {
        importId: run.id,
        source: `import of ${run.file_name}`,
        actorId: ctx.userId || null,
        rows: accepted,
        rejected,
      });
      await runner.query(
        `UPDATE contacts_customer_imports SET batches_done = $2, rows_done = $3, imported = imported + $4, rejected = rejected + $5,
                skipped = skipped + $6, updated_at = now() WHERE id = $1`,
        [run.id, batchNo, rowsDone, outcome.imported, outcome.rejected.length, outcome.skipped],
      );
      await this.announce(runner, run.id, batchNo, accepted, outcome.imported, ctx);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  /**
   * One event per committed batch, not per row. Live updates show it to those who read customers
   * in its address book — or, for a batch spread over several, at the root.
   */
  private async announce(
    runner: QueryRunner,
    importId: string,
    batch: number,
    rows: ResolvedRow[],
    imported: number,
    ctx: RequestContext,
  ) {
    if (!imported) return;
    const addressBookIds = [...new Set(rows.map((r) => r.addressBookId))];
    const scope = { nodeId: addressBookIds.length === 1 ? addressBookIds[0] : null, permission: CUSTOMER_READ };
    await this.events.publish(
      runner.manager,
      new CustomersImported({ importId, batch, imported, addressBookIds }, scope, { type: CUSTOMER_TYPE, id: null }),
      ctx,
    );
  }

  /**
   * Gives each accepted row its address book and state id. Books are checked once per import
   * (exists, not deleted, the importer may write customers there); states once per code.
   */
  private resolver(ctx: RequestContext, defaultBook: string | null) {
    const books = new Map<string, Promise<{ id: string } | { problem: string }>>();
    const states = new Map<string, Promise<string | null>>();
    const book = (reference: string) => {
      if (!books.has(reference)) {
        books.set(
          reference,
          this.findAddressBook(reference)
            .then(async (id) => {
              // A book the importer may not see is reported like one that does not exist.
              await this.checkAddressBook(id, ctx).catch((e: AppError) => {
                throw e.code === 'NOT_FOUND' ? unknownBook(reference) : e;
              });
              return { id };
            })
            .catch((e: AppError) => ({ problem: `address_book ${e.code ?? 'REFUSED'}: ${e.message}` })),
        );
      }
      return books.get(reference)!;
    };
    const stateId = (code: string) => {
      if (!states.has(code))
        states.set(
          code,
          this.catalog.stateId(code).catch(() => null),
        );
      return states.get(code)!;
    };
    return async (rows: (ImportRow | RejectedRow)[]) => {
      const out: (ImportRow | RejectedRow)[] = [];
      for (const row of rows) {
        if (isRejected(row)) {
          out.push(row);
          continue;
        }
        const reference = row.addressBookId ?? defaultBook;
        if (!reference) {
          out.push({
            line: row.line,
            raw: row.raw,
            reason: 'address_book REQUIRED: name the address book in the row or for the whole import',
          });
          continue;
        }
        const target = await book(reference);
        if ('problem' in target) {
          out.push({ line: row.line, raw: row.raw, reason: target.problem });
          continue;
        }
        const state = row.state === null ? null : await stateId(row.state);
        if (row.state !== null && !state) {
          out.push({
            line: row.line,
            raw: row.raw,
            reason: `state UNKNOWN_STATE: there is no customer state "${row.state}"`,
          });
          continue;
        }
        out.push({ ...row, addressBookId: target.id, stateId: state } as ResolvedRow);
      }
      return out;
    };
  }

  /** An address book by id, or by its name when that names exactly one live book. */
  private async findAddressBook(reference: string): Promise<string> {
    const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reference);
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM contacts_address_books WHERE deleted_at IS NULL AND ${isId ? 'id = $1::uuid' : 'name = $1'} LIMIT 2`,
      [reference],
    );
    if (rows.length > 1)
      throw invalid('addressBookId', 'AMBIGUOUS_ADDRESS_BOOK', `Several address books are called "${reference}"`);
    if (!rows.length) throw unknownBook(reference);
    return rows[0].id;
  }

  /** The import needs the right to write customers in every address book it fills (404 when the book is unknown or hidden). */
  async checkAddressBook(id: string, ctx: RequestContext) {
    const [book] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM contacts_address_books WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    if (!book) throw notFound();
    await this.access.require(ctx, CUSTOMER_WRITE, id, ADDRESS_BOOK_READ);
  }

  /** Rejected rows of an import in line order, a page at a time (keyset on the line). */
  async rejects(
    importId: string,
    afterLine = 0,
    limit = 1000,
  ): Promise<{ line: number; reason: string; raw: Record<string, string> }[]> {
    const rows = await this.db.query(
      `SELECT line::float8 AS line, reason, raw FROM contacts_customer_import_rejects WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [importId, afterLine, limit],
    );
    return rows;
  }
}
