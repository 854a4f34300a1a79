import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  AppError,
  auditableOptions,
  FailedAttempts,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  SettingsService,
  isUuid,
  notFound,
  paginate,
} from '@clientele/core';
import { CUSTOMER_USERS_READ, Customer } from '@clientele/contacts';
import type { RecordChange } from '@clientele/core';
import { QuickAccount } from '../entities/quick-account.entity.js';
import { Ticket } from '../entities/ticket.entity.js';
import { HelpdeskSettings } from '../settings.js';
import { messageHtml } from '../tickets/message-text.js';
import { TicketsService } from '../tickets/tickets.service.js';

/** How long an account stays locked after too many wrong secrets. */
const LOCK_MINUTES = 15;
const TOO_MANY = 'Too many wrong keys; try again later';

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/** The key a contact person opens the form with: the account's id and its secret, so the account is found without searching by secret. */
export const quickKey = (accountId: string, secret: string) => `${accountId}.${secret}`;

export interface QuickAccountView {
  id: string;
  customerId: string;
  name: string;
  email: string | null;
  hasSecret: boolean;
  secretExpiresAt: Date | null;
  lockedUntil: Date | null;
  lastUsedAt: Date | null;
  version: number;
  createdAt: Date;
}

export const viewOf = (a: QuickAccount): QuickAccountView => ({
  id: a.id,
  customerId: a.customerId,
  name: a.name,
  email: a.email,
  hasSecret: !!a.secretHash,
  secretExpiresAt: a.secretExpiresAt,
  lockedUntil: a.lockedUntil,
  lastUsedAt: a.lastUsedAt,
  version: a.version,
  createdAt: a.createdAt,
});

/**
 * Quick-request accounts: passwordless, bound to one customer by id. The secret is shown once
 * when issued (created or rotated), kept only as a hash, expires after the configured days, and
 * an account that is sent too many wrong secrets in a row is locked for a while.
 */
@Injectable()
export class QuickAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly settings: SettingsService,
    private readonly tickets: TicketsService,
    private readonly attempts: FailedAttempts,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
  ) {}

  /** Accounts of the customers whose users the caller may see (`filter[customerId]`), newest first, each naming its customer. */
  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(QuickAccount).createQueryBuilder('q').where('q.deleted_at IS NULL');
    this.access.restrict(qb, 'q.customer_id', CUSTOMER_USERS_READ, ctx);
    return paginate(qb, query, {
      sorts: { createdAt: { column: 'q.id', value: (q: QuickAccount) => q.id, type: 'uuid' } },
      defaultSort: '-createdAt',
      idColumn: 'q.id',
      filters: { customerId: { column: 'q.customer_id', type: 'uuid' } },
    }).then(async (page) => ({ ...page, items: await this.present(page.items) }));
  }

  /** One live account (the route has checked the caller may see its customer's users). */
  async get(id: string) {
    const [view] = await this.present([await this.live(id)]);
    return view;
  }

  historyOf(ctx: RequestContext, id: string, query: ListQueryDto) {
    return this.history.forRecord(ctx, auditableOptions(QuickAccount).type, id, query);
  }

  private async present(accounts: QuickAccount[]) {
    const ids = [...new Set(accounts.map((a) => a.customerId))];
    const customers: { id: string; name: string }[] = ids.length
      ? await this.db.query(`SELECT id, name FROM contacts_customers WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    const names = new Map(customers.map((c) => [c.id, c.name]));
    return accounts.map((a) => ({
      ...viewOf(a),
      customer: { id: a.customerId, name: names.get(a.customerId) ?? null },
    }));
  }

  /** A new account with its secret, shown only in this answer. */
  async create(
    ctx: RequestContext,
    customerId: string,
    input: { name: string; email?: string | null },
    manager?: EntityManager,
  ) {
    const secret = this.newSecret();
    const expires = await this.expiry();
    const account = await this.records.create(
      QuickAccount,
      {
        customerId,
        name: input.name.trim(),
        email: input.email ?? null,
        secretHash: digest(secret).toString('hex'),
        secretExpiresAt: expires,
        failedAttempts: 0,
        lockedUntil: null,
        lastUsedAt: null,
        deletedAt: null,
        deletedBy: null,
      },
      ctx,
      manager,
    );
    return { account: viewOf(account), key: quickKey(account.id, secret) };
  }

  async rotate(ctx: RequestContext, id: string) {
    const account = await this.live(id);
    const secret = this.newSecret();
    const expires = await this.expiry();
    const saved = await this.records.update(
      QuickAccount,
      account.id,
      undefined,
      {
        secretHash: digest(secret).toString('hex'),
        secretExpiresAt: expires,
        failedAttempts: 0,
        lockedUntil: null,
      },
      ctx,
    );
    return { account: viewOf(saved), key: quickKey(saved.id, secret) };
  }

  async remove(ctx: RequestContext, id: string) {
    await this.live(id);
    await this.records.softDelete(QuickAccount, id, ctx);
  }

  async live(id: string) {
    const account = await this.db.getRepository(QuickAccount).findOne({ where: { id } });
    if (!account || account.deletedAt) throw notFound('Quick-request account');
    return account;
  }

  /** The customer whose account it is (for the route check), or null. */
  async customerOf(id: string) {
    const [row] = await this.db.query(
      `SELECT customer_id FROM helpdesk_quick_accounts WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row ? (row.customer_id as string) : null;
  }

  /**
   * The account a key opens: null for a malformed key, an unknown or deleted account, a wrong or
   * expired secret. Each wrong key counts towards the account's lock and, as a failed sign-in
   * does, towards the limits of the address it came from (core's `FailedAttempts`); 429 while
   * the account is locked or the address has failed too often.
   */
  async open(key: string, ip: string): Promise<QuickAccount | null> {
    const dot = key.indexOf('.');
    const id = key.slice(0, dot);
    const secret = key.slice(dot + 1);
    const wellFormed = dot > 0 && isUuid(id) && !!secret;
    const attempt = `quick-request:${wellFormed ? id : 'malformed'}`;
    const before = await this.attempts.admit(attempt, ip, TOO_MANY);
    const wrong = async () => {
      await this.attempts.record(attempt, ip, false, before);
      return null;
    };
    if (!wellFormed) return wrong();
    const account = await this.db.getRepository(QuickAccount).findOne({ where: { id } });
    if (!account || account.deletedAt || !account.secretHash) return wrong();
    if (account.lockedUntil && account.lockedUntil > new Date()) throw new AppError(429, 'RATE_LIMITED', TOO_MANY);
    const matches = timingSafeEqual(Buffer.from(account.secretHash, 'hex'), digest(secret));
    if (!matches) {
      const { quickMaxFailures } = await this.settings.get(HelpdeskSettings);
      await this.db.query(
        `UPDATE helpdesk_quick_accounts SET failed_attempts = failed_attempts + 1,
                locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
          WHERE id = $1`,
        [id, quickMaxFailures, LOCK_MINUTES],
      );
      return wrong();
    }
    if (!account.secretExpiresAt || account.secretExpiresAt <= new Date()) return null;
    await this.db.query(
      `UPDATE helpdesk_quick_accounts SET failed_attempts = 0, locked_until = NULL, last_used_at = now() WHERE id = $1`,
      [id],
    );
    return account;
  }

  /** The account's own requests, newest first: those filed through it, never those filed by a signed-in user. */
  ownTickets(account: QuickAccount) {
    return this.db
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.quick_account_id = :account AND t.customer_id = :customer', {
        account: account.id,
        customer: account.customerId,
      })
      .andWhere(`EXISTS (SELECT 1 FROM scope_nodes qn WHERE qn.id = t.id AND qn.disabled_at IS NULL)`)
      .orderBy('t.id', 'DESC')
      .limit(50)
      .getMany();
  }

  /** Files a request for the account's customer, routed and measured as any other. */
  async file(account: QuickAccount, input: { subject: string; body: string }) {
    const body = messageHtml(input.body, 'text');
    return this.db.transaction(async (m) => {
      const customer = await m.getRepository(Customer).findOne({ where: { id: account.customerId } });
      if (!customer || customer.deletedAt) throw notFound('Customer');
      return this.tickets.file(
        m,
        RequestContext.system(),
        { customerId: customer.id, consumerId: null, serviceId: null, parentNodeId: customer.id },
        { subject: input.subject },
        body,
        { fromCustomer: true, staff: false, quickAccountId: account.id },
      );
    });
  }

  /** When a customer is registered: an account for its contact person (the card's name and e-mail), if the settings say so; its secret is issued by rotating. */
  async onCustomerCreated(payload: RecordChange) {
    const { quickAccountsForNewCustomers } = await this.settings.get(HelpdeskSettings);
    if (!quickAccountsForNewCustomers) return;
    await this.db.transaction(async (m) => {
      const customer = await m.getRepository(Customer).findOne({ where: { id: payload.id } });
      const [existing] = await m.query(`SELECT 1 FROM helpdesk_quick_accounts WHERE customer_id = $1`, [payload.id]);
      if (!customer || customer.deletedAt || existing) return;
      await this.records.create(
        QuickAccount,
        {
          customerId: customer.id,
          name: customer.name,
          email: customer.email,
          secretHash: null,
          secretExpiresAt: null,
          failedAttempts: 0,
          lockedUntil: null,
          lastUsedAt: null,
          deletedAt: null,
          deletedBy: null,
        },
        RequestContext.system(),
        m,
      );
    });
  }

  private newSecret() {
    return randomBytes(24).toString('base64url');
  }

  private async expiry() {
    const { quickSecretDays } = await this.settings.get(HelpdeskSettings);
    return new Date(Date.now() + quickSecretDays * 86_400_000);
  }
}
