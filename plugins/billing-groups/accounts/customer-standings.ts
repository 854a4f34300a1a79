import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { refreshStandingsSql, standingSql } from './standing-sql.js';

/** What other plugins read of a customer's standing (the helpdesk sorts requests by score). */
export interface CustomerStanding {
  customerId: string;
  /** Payments − invoiced, minor units: positive is an overpayment, negative a debt. */
  balanceMinor: number;
  invoicedMinor: number;
  paidMinor: number;
  /** Σ (due date − payment date) in days over paid invoices. */
  scoreTotal: number;
  /** scoreTotal / number of paid invoices; null before the first paid invoice. */
  scoreAverage: number | null;
  scoredInvoices: number;
  nonPayer: boolean;
}

/** Customers' balance and score: read by primary key, recomputed set-based. */
@Injectable()
export class CustomerStandings {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The standing of the customers named (no access check: for other plugins, which check the customer themselves). */
  read(customerIds: string[]): Promise<CustomerStanding[]> {
    return this.db.query(standingSql, [customerIds]);
  }

  /** Recomputes the standing of the customers named, or of all, from their invoices and payments. */
  async refresh(customerIds: string[] | null, manager: EntityManager = this.db.manager) {
    await manager.query(refreshStandingsSql, [customerIds]);
  }
}
