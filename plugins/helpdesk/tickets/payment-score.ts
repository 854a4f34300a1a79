import type { SelectQueryBuilder } from 'typeorm';
import { definePort, type RequestContext } from '@clientele/core';

/**
 * What the helpdesk asks of billing (an optional dependency) to sort tickets by their
 * customer's payment score, in SQL: NULL where the customer has no score or the caller may not
 * see it. Parameters the SQL names are set on `qb`.
 */
export interface PaymentScoreSort {
  /**
   * Left-joins onto `qb`, under `alias`, the score (column `score`) of the customer whose id is
   * in `customerColumn`: at most one row per customer, so the list keeps its rows.
   */
  joinScore(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerColumn: string, alias: string): void;
  /** The same score of one customer, as a scalar subquery; `customerId` is a cast parameter. */
  scoreOf(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerId: string): string;
}

export const PAYMENT_SCORE = definePort<PaymentScoreSort>('helpdesk.payment-score');
