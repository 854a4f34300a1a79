import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext } from '@clientele/core';
import { BILLING_CUSTOMER_READ } from '../constants.js';

/**
 * The helpdesk's port `helpdesk.payment-score`: customers' average score as SQL the helpdesk
 * sorts tickets by. Only the scores the caller may read (as the billing lists show them), so the
 * order tells nothing the caller could not read; a customer without one has none (NULL).
 */
@Injectable()
export class PaymentScoreSql {
  constructor(private readonly access: AccessService) {}

  /** A join the planner may hash once (a customer's standing by its primary key when the rows are few). */
  joinScore(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerColumn: string, alias: string) {
    qb.leftJoin(`(${this.readableScores(qb, ctx)})`, alias, `${alias}.customer_id = ${customerColumn}`);
  }

  scoreOf(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerId: string) {
    return `(SELECT rs.score FROM (${this.readableScores(qb, ctx)}) rs WHERE rs.customer_id = ${customerId})`;
  }

  private readableScores(qb: SelectQueryBuilder<any>, ctx: RequestContext) {
    const [onCustomer, customerParams] = this.access.condition('psa.id', BILLING_CUSTOMER_READ, ctx);
    const [onGroup, groupParams] = this.access.condition('psa.group_id', BILLING_CUSTOMER_READ, ctx);
    qb.setParameters({ ...customerParams, ...groupParams });
    return `SELECT pss.customer_id, pss.score_average AS score
              FROM billing_standings pss JOIN billing_accounts psa ON psa.id = pss.customer_id
             WHERE pss.score_average IS NOT NULL AND ((${onCustomer}) OR (${onGroup}))`;
  }
}
