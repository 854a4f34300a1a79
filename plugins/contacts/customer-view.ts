import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClienteleConfig, HistoryQueryService, RequestContext } from '@clientele/core';
import type { Customer, SupportValue } from './entities/customer.entity.js';

export interface SupportParameterView { code: string; name: string; position: number; value: string | null; color: string | null }

/** Customer users are people whose account belongs to a customer (a home node); everyone else is the operator's staff. */
export const isCustomerUser = (ctx: RequestContext) => !ctx.isMasterAdmin && !!ctx.user?.homeNodeId;

/** What a client gets for a customer: the stored card plus resolved and derived values, filtered by audience. */
@Injectable()
export class CustomerView {
  private readonly linkTemplate: string | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly history: HistoryQueryService,
    config: ClienteleConfig,
  ) {
    this.linkTemplate = config.setting<string | null>('contacts', 'externalLinkTemplate', null);
  }

  /** The support parameters this caller's audience may see. */
  async visibleParameters(ctx: RequestContext): Promise<{ code: string; name: string; position: number }[]> {
    const audience = ctx.isMasterAdmin ? 'true' : isCustomerUser(ctx) ? 'visible_to_customer' : 'visible_to_staff';
    return this.db.query(`SELECT code, name, position FROM contacts_support_parameters WHERE ${audience} ORDER BY position`);
  }

  supportValues(customer: Customer, parameters: { code: string; name: string; position: number }[]): SupportParameterView[] {
    return parameters.map((p) => {
      const stored: SupportValue | undefined = customer.supportValues?.[p.code];
      return { ...p, value: stored?.value ?? null, color: stored?.color ?? null };
    });
  }

  externalLink(customer: Customer) {
    if (!this.linkTemplate) return null;
    return this.linkTemplate.replace(/\{(number|id)\}/g, (_m, key: 'number' | 'id') => encodeURIComponent(customer[key]));
  }

  /** The list row: no per-row look-ups beyond what the list query loaded. */
  row(customer: Customer, parameters: { code: string; name: string; position: number }[]) {
    const { nameNormalized: _sortKey, supportValues: _raw, ...card } = customer;
    return { ...card, invoiceEmail: customer.billingEmail ?? customer.email, supportValues: this.supportValues(customer, parameters) };
  }

  async card(customer: Customer, ctx: RequestContext) {
    const [parameters, [state], [book], lastChange] = await Promise.all([
      this.visibleParameters(ctx),
      customer.stateId ? this.db.query(`SELECT code, name, color FROM contacts_customer_states WHERE id = $1`, [customer.stateId]) : Promise.resolve([null]),
      this.db.query(`SELECT id, name FROM contacts_address_books WHERE id = $1`, [customer.addressBookId]),
      this.history.lastChange('customer', customer.id),
    ]);
    return {
      ...this.row(customer, parameters),
      state: state ?? null,
      addressBook: book ?? null,
      externalLink: this.externalLink(customer),
      lastChange,
    };
  }
}
