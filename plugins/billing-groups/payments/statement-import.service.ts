import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  JobInfo,
  JobProgress,
  JobQueue,
  RequestContext,
  SYSTEM_NODE_ID,
  keyedJobId,
  newId,
} from '@clientele/core';
import { BILLING_PAYMENT_MANAGE, IMPORT_STATEMENT_QUEUE } from '../constants.js';
import type { ImportStatementDto } from '../dto/payment.dto.js';
import { normalizeSymbol } from '../billing-sql.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { parseCamt053 } from './camt053-parser.js';
import { parseGpc } from './gpc-parser.js';
import {
  groupOfAccountSql,
  insertPaymentsSql,
  paymentsHistorySql,
  statementCustomersSql,
  statementTotalsSql,
} from './import-sql.js';
import { Ledger } from './ledger.js';
import type { ParsedStatement } from './statement.js';

const BATCH = 10_000;

export interface StatementImportResult {
  statementId: string;
  payments: number;
  matched: number;
  unmatched: number;
  /** Debits, reversals and pending entries, which are not payments. */
  skipped: number;
  /** Movements already stored from an earlier, overlapping statement. */
  duplicates: number;
}

/** The file's bytes: as uploaded, or the pasted text as the bank would have written it (GPC in windows-1250). */
const fileOf = (dto: ImportStatementDto) =>
  dto.data !== undefined
    ? Buffer.from(dto.data, 'base64')
    : dto.format === 'gpc'
      ? iconv.encode(dto.text!, 'win1250')
      : Buffer.from(dto.text!, 'utf8');

const parse = (format: 'gpc' | 'camt053', file: Buffer) => (format === 'gpc' ? parseGpc(file) : parseCamt053(file));

/**
 * Imports bank statements. The upload is read at once (a broken file answers 400 naming the
 * line), stored, and imported by a queued job: every credit stored, its customer named by
 * variable symbol, the customers' open invoices paid oldest first, their standing refreshed —
 * in one transaction, so nothing is ever half-imported. The same file uploaded again is the
 * same statement (and job); the same movement in an overlapping statement is kept once.
 */
@Injectable()
export class StatementImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly queue: JobQueue,
    private readonly accounts: BillingAccountsService,
    private readonly ledger: Ledger,
  ) {}

  async start(ctx: RequestContext, dto: ImportStatementDto) {
    const file = fileOf(dto);
    const statement = parse(dto.format, file);
    const groupId = await this.groupOf(statement);
    await this.access.require(ctx, BILLING_PAYMENT_MANAGE, groupId ?? SYSTEM_NODE_ID);
    return this.db.transaction(async (m) => {
      const { statementId, created } = await this.store(m, ctx, file, statement, groupId);
      if (!created)
        return { statementId, jobId: keyedJobId(IMPORT_STATEMENT_QUEUE, statementId), alreadyImported: true };
      const jobId = await this.queue.enqueue(
        IMPORT_STATEMENT_QUEUE,
        { statementId },
        { manager: m, ctx, key: statementId },
      );
      return { statementId, jobId, alreadyImported: false };
    });
  }

  /** Imports at once, in the caller's process (demo data, benchmarks, the command line); null when the file was imported before. */
  async importNow(ctx: RequestContext, format: 'gpc' | 'camt053', file: Buffer): Promise<StatementImportResult | null> {
    const statement = parse(format, file);
    const groupId = await this.groupOf(statement);
    return this.db.transaction(async (m) => {
      const { statementId, created } = await this.store(m, ctx, file, statement, groupId);
      return created ? this.run(m, ctx, statementId, statement, groupId) : null;
    });
  }

  /** The statement's row; the file's digest makes a second upload of the same file find the first. */
  private async store(
    m: EntityManager,
    ctx: RequestContext,
    file: Buffer,
    statement: ParsedStatement,
    groupId: string | null,
  ) {
    const digest = createHash('sha256').update(file).digest('hex');
    const [created] = await m.query(
      `INSERT INTO billing_statements (id, format, digest, account, reference, statement_date, group_id, file, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (digest) DO NOTHING RETURNING id`,
      [
        newId(),
        statement.format,
        digest,
        statement.account,
        statement.reference,
        statement.date,
        groupId,
        file,
        ctx.userId || null,
      ],
    );
    if (created) return { statementId: created.id as string, created: true };
    const [earlier] = await m.query(`SELECT id FROM billing_statements WHERE digest = $1`, [digest]);
    return { statementId: earlier.id as string, created: false };
  }

  /** The queued job. A retry after a successful run finds the statement imported and changes nothing. */
  async importQueued(data: { statementId: string }, progress: JobProgress, job: JobInfo) {
    const ctx = await job.ctx();
    return this.db.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT id, format, file, status, group_id FROM billing_statements WHERE id = $1 FOR UPDATE`,
        [data.statementId],
      );
      if (!row || row.status !== 'pending') return null;
      return this.run(m, ctx, row.id, parse(row.format, row.file), row.group_id, progress);
    });
  }

  /** Stores and matches a parsed statement whose row exists, in the caller's transaction. */
  async run(
    m: EntityManager,
    ctx: RequestContext,
    statementId: string,
    statement: ParsedStatement,
    groupId: string | null,
    progress?: JobProgress,
  ) {
    const total = statement.entries.length;
    await progress?.report(0, total);
    // Every customer needs its symbols in place before payments can name it.
    await this.accounts.adopt(RequestContext.system(), null, m);
    for (let start = 0; start < total; start += BATCH) {
      await m.query(insertPaymentsSql, [statementId, groupId, ...this.columns(statement, statementId, start)]);
      await progress?.report(Math.min(start + BATCH, total), total);
    }
    await m.query(paymentsHistorySql, [statementId, ctx.userId || null, SYSTEM_NODE_ID]);
    const [{ customers }] = await m.query(statementCustomersSql, [statementId]);
    const [[{ payment_count: payments, matched_count: matched }]] = await m.query(statementTotalsSql, [
      statementId,
      statement.skipped,
    ]);
    await this.ledger.settle(m, customers, ctx, { statementId });
    const result: StatementImportResult = {
      statementId,
      payments,
      matched,
      unmatched: payments - matched,
      skipped: statement.skipped,
      duplicates: total - payments,
    };
    return result;
  }

  async groupOf(statement: ParsedStatement): Promise<string | null> {
    if (!statement.account) return null;
    const [row] = await this.db.query(groupOfAccountSql, [statement.account]);
    return row?.id ?? null;
  }

  /** The batch as arrays, one per column; a movement without the bank's reference is keyed by its place in the statement. */
  private columns(statement: ParsedStatement, statementId: string, start: number) {
    const batch = statement.entries.slice(start, start + BATCH);
    return [
      batch.map((e, i) =>
        e.bankRef ? `${e.account ?? statement.account ?? ''}:${e.bankRef}` : `${statementId}:${start + i}`,
      ),
      batch.map((e) => e.receivedOn),
      batch.map((e) => e.amountMinor),
      batch.map((e) => e.currency),
      batch.map((e) => normalizeSymbol(e.variableSymbol)),
      batch.map((e) => e.counterAccount),
      batch.map((e) => e.counterName),
      batch.map((e) => e.message),
    ];
  }
}
