import type { SelectQueryBuilder } from 'typeorm';
import { definePort, type RequestContext } from '@clientele/core';

/**
 * What the helpdesk asks of billing (an optional dependency) to sort tickets by their
 * customer's payment score: SQL for the score of the customer whose id `customerId` gives (a
 * column or a cast parameter), NULL when the customer has no score or the caller may not see
 * it. Parameters the SQL names are set on `qb`.
 */
export interface PaymentScoreSort {
  scoreSql(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerId: string): string;
}

export const PAYMENT_SCORE = definePort<PaymentScoreSort>('helpdesk.payment-score');
