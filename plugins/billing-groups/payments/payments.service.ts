import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  SYSTEM_NODE_ID,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { BILLING_CUSTOMER_READ, BILLING_PAYMENT_MANAGE, PAYMENT_TYPE } from '../constants.js';
import { Payment } from '../entities/payment.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { BillingAccountsService } from '../accounts/billing-accounts.service.js';
import { lockAccountsSql } from './allocation-sql.js';
import { Ledger } from './ledger.js';

const receivingNode = (payment: Payment) => payment.groupId ?? SYSTEM_NODE_ID;

/** Bank payments: the unmatched queue, assigning a payment to a customer by hand, undoing a match. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly accounts: BillingAccountsService,
    private readonly ledger: Ledger,
  ) {}

  /**
   * Payments whoever works the receiving group's payments may see (`billing.payment.manage` on
   * that group, or on the system node for accounts of no group), and a customer's matched
   * payments to whoever may read the customer's billing.
   */
  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Payment).createQueryBuilder('p');
    const [managed, managedParams] = this.access.condition(
      `COALESCE(p.group_id, '${SYSTEM_NODE_ID}'::uuid)`,
      BILLING_PAYMENT_MANAGE,
      ctx,
    );
    const [owned, ownedParams] = this.access.condition('p.customer_id', BILLING_CUSTOMER_READ, ctx);
    qb.where(`((${managed}) OR (p.customer_id IS NOT NULL AND ${owned}))`, { ...managedParams, ...ownedParams });
    return paginate(qb, query, paymentListSpec);
  }

  async get(ctx: RequestContext, id: string) {
    const payment = await this.db.getRepository(Payment).findOne({ where: { id } });
    if (!payment) throw notFound('Payment');
    const visible =
      (await this.access.can(ctx, BILLING_PAYMENT_MANAGE, receivingNode(payment))) ||
      (payment.customerId !== null && (await this.access.can(ctx, BILLING_CUSTOMER_READ, payment.customerId)));
    if (!visible) throw notFound('Payment');
    return payment;
  }

  /** A person names the customer of an unmatched payment; it then pays the customer's open invoices oldest first. */
  async assign(ctx: RequestContext, id: string, version: number | undefined, customerId: string) {
    const payment = await this.managed(ctx, id);
    if (payment.customerId) throw refused('PAYMENT_MATCHED', 'The payment is matched already; undo the match first');
    const account = await this.accounts.account(ctx, customerId);
    return this.db.transaction(async (m) => {
      const saved = await this.records.update(
        Payment,
        id,
        version,
        (p) => {
          if (p.customerId) throw refused('PAYMENT_MATCHED', 'The payment is matched already; undo the match first');
          p.customerId = account.id;
          p.matchedBy = 'person';
        },
        ctx,
        m,
      );
      await this.ledger.settle(m, [account.id], ctx);
      return saved;
    });
  }

  /**
   * Takes a match back: the invoices it paid are open again (in their history), the payment
   * returns to the unmatched queue, and the customer's other free money is spent again.
   */
  async undo(ctx: RequestContext, id: string, version: number | undefined) {
    const payment = await this.managed(ctx, id);
    if (!payment.customerId) throw refused('PAYMENT_UNMATCHED', 'The payment is not matched');
    const customerId = payment.customerId;
    return this.db.transaction(async (m) => {
      await m.query(lockAccountsSql, [[customerId]]);
      const saved = await this.records.update(
        Payment,
        id,
        version,
        (p) => {
          p.customerId = null;
          p.matchedBy = null;
          p.allocatedMinor = 0;
        },
        ctx,
        m,
      );
      const [released]: [{ invoice_id: string; amount: string }[]] = await m.query(
        `DELETE FROM billing_allocations WHERE payment_id = $1 RETURNING invoice_id, amount_minor AS amount`,
        [id],
      );
      for (const allocation of released) {
        await this.records.update(
          Invoice,
          allocation.invoice_id,
          undefined,
          (invoice) => {
            invoice.paidMinor -= Number(allocation.amount);
            if (invoice.status === 'paid') invoice.status = 'open';
            invoice.paidOn = null;
          },
          ctx,
          m,
        );
      }
      await this.ledger.settle(m, [customerId], ctx);
      return saved;
    });
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, PAYMENT_TYPE, id, query);
  }

  /** A payment the caller may work on (assign, undo): `billing.payment.manage` where it was received. */
  private async managed(ctx: RequestContext, id: string) {
    const payment = await this.get(ctx, id);
    await this.access.require(ctx, BILLING_PAYMENT_MANAGE, receivingNode(payment));
    return payment;
  }
}

const paymentListSpec: ListSpec = {
  sorts: {
    receivedOn: { column: 'p.received_on', value: (p: Payment) => p.receivedOn, type: 'timestamptz' },
    amountMinor: { column: 'p.amount_minor', value: (p: Payment) => p.amountMinor, type: 'bigint' },
  },
  defaultSort: 'receivedOn',
  idColumn: 'p.id',
  filters: {
    matched: {
      apply: (qb, value) => {
        if (value !== 'true' && value !== 'false')
          throw invalid('filter[matched]', 'INVALID_FILTER', 'filter[matched] must be true or false');
        qb.andWhere(value === 'true' ? 'p.customer_id IS NOT NULL' : 'p.customer_id IS NULL');
      },
    },
    customerId: { column: 'p.customer_id', type: 'uuid' },
    statementId: { column: 'p.statement_id', type: 'uuid' },
    groupId: { column: 'p.group_id', type: 'uuid' },
    receivedOn: { column: 'p.received_on', type: 'date' },
    variableSymbol: { column: 'p.variable_symbol' },
  },
};
