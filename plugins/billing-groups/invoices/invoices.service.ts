import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  JobInfo,
  JobProgress,
  JobQueue,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  escapeLike,
  forbidden,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import {
  BILLING_CUSTOMER_READ,
  BILLING_INVOICE_CANCEL,
  BILLING_INVOICE_ISSUE,
  INVOICE_TYPE,
  ISSUE_INVOICES_QUEUE,
} from '../constants.js';
import { Invoice } from '../entities/invoice.entity.js';
import { BillingGroup } from '../entities/billing-group.entity.js';
import type { IssueInvoiceDto, IssueInvoicesInBulkDto } from '../dto/invoice.dto.js';
import { canOnCustomerOrGroup, restrictToCustomerOrGroup } from '../billing-sql.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { Ledger } from '../payments/ledger.js';
import { CustomerStandings } from '../accounts/customer-standings.js';
import { takeNumber } from './number-series.js';
import { InvoiceLinePricing } from './line-pricing.js';

const MAX_TOTAL_MINOR = 1_000_000_000_000;

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Invoices: issued from the customer's group's number series, paid by matched payments, cancelled while unpaid. */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly accounts: BillingAccountsService,
    private readonly ledger: Ledger,
    private readonly standings: CustomerStandings,
    private readonly queue: JobQueue,
    private readonly pricing: InvoiceLinePricing,
  ) {}

  async list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Invoice).createQueryBuilder('i');
    restrictToCustomerOrGroup(qb, this.access, ctx, BILLING_CUSTOMER_READ, 'i.customer_id', 'i.group_id');
    if (query.q?.trim())
      qb.andWhere(`i.number LIKE :invoiceNumber || '%'`, { invoiceNumber: escapeLike(query.q.trim()) });
    const page = await paginate(qb, query, invoiceListSpec);
    return { ...page, items: page.items.map(present) };
  }

  async read(ctx: RequestContext, id: string) {
    return present(await this.get(ctx, id));
  }

  async get(ctx: RequestContext, id: string, permission = BILLING_CUSTOMER_READ) {
    const invoice = await this.db.getRepository(Invoice).findOne({ where: { id } });
    if (!invoice || !(await canOnCustomerOrGroup(this.access, ctx, permission, invoice))) throw notFound('Invoice');
    return invoice;
  }

  /**
   * Issues an invoice in one transaction: the number is taken from the group's series in it, so
   * a failure returns the number. Money the customer has paid ahead is spent on it at once.
   */
  async issue(ctx: RequestContext, dto: IssueInvoiceDto, manager?: EntityManager): Promise<Invoice> {
    return this.records.transaction(async (m) => {
      const account = await this.accounts.account(ctx, dto.customerId, BILLING_CUSTOMER_READ, m);
      if (
        !(await canOnCustomerOrGroup(
          this.access,
          ctx,
          BILLING_INVOICE_ISSUE,
          { customerId: account.id, groupId: account.groupId },
          m,
        ))
      ) {
        throw forbidden('You may not issue invoices to this customer');
      }
      const group = await m.findOne(BillingGroup, { where: { id: account.groupId } });
      if (!group || group.deletedAt)
        throw refused('GROUP_DELETED', "The customer's billing group is deleted; move the customer first");
      const issuedOn = dto.issuedOn ?? today();
      const dueOn = dto.dueOn ?? addDays(issuedOn, await this.accounts.dueDays(account));
      if (dueOn < issuedOn) throw invalid('dueOn', 'DUE_BEFORE_ISSUE', 'The due date cannot precede the issue date');
      // Priced once the caller may issue to the customer: a refused caller learns nothing of its prices.
      const lines = await this.pricing.price(account.id, dto.lines, issuedOn, group.currency);
      const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
      if (totalMinor < 0) throw invalid('lines', 'NEGATIVE_TOTAL', 'An invoice cannot total less than zero');
      if (totalMinor > MAX_TOTAL_MINOR) throw invalid('lines', 'TOTAL_TOO_LARGE', 'The invoice total is too large');
      const { number, period, sequence } = await takeNumber(m, group, issuedOn);
      const invoice = await this.records.create(
        Invoice,
        {
          groupId: group.id,
          customerId: account.id,
          number,
          period,
          sequence,
          issuedOn,
          dueOn,
          currency: group.currency,
          lines,
          totalMinor,
          paidMinor: 0,
          status: totalMinor === 0 ? 'paid' : 'open',
          paidOn: totalMinor === 0 ? dueOn : null,
          variableSymbol: account.customerNumber,
        },
        ctx,
        m,
      );
      await this.ledger.settle(m, [account.id], ctx);
      return m.findOneOrFail(Invoice, { where: { id: invoice.id } });
    }, manager);
  }

  /** Queues many invoices to issue; `GET /api/jobs/:id` shows the progress and, at the end, what failed and why. */
  async issueInBulk(ctx: RequestContext, dto: IssueInvoicesInBulkDto) {
    return { jobId: await this.queue.enqueue(ISSUE_INVOICES_QUEUE, dto, { ctx }) };
  }

  /**
   * The queued bulk issue: each invoice in a transaction of its own, so one refused invoice
   * stops no other and no issuer waits long on the series. Its queue never retries (a retry
   * would issue again what the first run issued).
   */
  async issueQueued(dto: IssueInvoicesInBulkDto, progress: JobProgress, job: JobInfo) {
    const ctx = await job.ctx();
    const failed: { index: number; code: string; message: string }[] = [];
    const issued: string[] = [];
    for (const [index, invoice] of dto.invoices.entries()) {
      try {
        issued.push((await this.issue(ctx, invoice)).number);
      } catch (error) {
        const e = error as { code?: string; message: string; getResponse?: () => { details?: { message: string }[] } };
        failed.push({ index, code: e.code ?? 'FAILED', message: e.getResponse?.().details?.[0]?.message ?? e.message });
      }
      await progress.report(index + 1, dto.invoices.length);
    }
    return { issued: issued.length, first: issued[0] ?? null, last: issued.at(-1) ?? null, failed };
  }

  /** Only an unpaid invoice can be cancelled (undo its payments' matches first); its number stays used. */
  async cancel(ctx: RequestContext, id: string, version: number | undefined) {
    const invoice = await this.get(ctx, id);
    if (!(await canOnCustomerOrGroup(this.access, ctx, BILLING_INVOICE_CANCEL, invoice)))
      throw forbidden('You may not cancel this invoice');
    return this.db.transaction(async (m) => {
      const saved = await this.records.update(
        Invoice,
        id,
        version,
        (i) => {
          if (i.status === 'cancelled') throw refused('INVOICE_CANCELLED', 'The invoice is already cancelled');
          if (i.paidMinor > 0) throw refused('INVOICE_HAS_PAYMENTS', 'Undo the payments matched to the invoice first');
          i.status = 'cancelled';
          i.paidOn = null;
        },
        ctx,
        m,
      );
      await this.standings.refresh([saved.customerId], m);
      return saved;
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, INVOICE_TYPE, id, query);
  }
}

/** The invoice with the link to its PDF. */
export const present = (invoice: Invoice) => ({ ...invoice, pdfUrl: `/api/invoices/${invoice.id}/pdf` });

const invoiceListSpec: ListSpec = {
  sorts: {
    issuedOn: { column: 'i.issued_on', value: (i: Invoice) => i.issuedOn, type: 'timestamptz' },
    dueOn: { column: 'i.due_on', value: (i: Invoice) => i.dueOn, type: 'timestamptz' },
    number: { column: 'i.number', value: (i: Invoice) => i.number, type: 'text' },
    createdAt: { column: 'i.id', value: (i: Invoice) => i.id, type: 'uuid' },
  },
  defaultSort: '-createdAt',
  idColumn: 'i.id',
  filters: {
    customerId: { column: 'i.customer_id', type: 'uuid' },
    groupId: { column: 'i.group_id', type: 'uuid' },
    status: { column: 'i.status' },
    issuedOn: { column: 'i.issued_on', type: 'date' },
    dueOn: { column: 'i.due_on', type: 'date' },
  },
};
