import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, RequestContext } from '@clientele/core';
import { BILLING_CUSTOMER_READ } from '../constants.js';

/**
 * The helpdesk's port `helpdesk.payment-score`: a customer's average score as SQL the helpdesk
 * sorts tickets by. Read by the standing's primary key; NULL before the customer's first paid
 * invoice and where the caller may not read the customer's billing (as the billing lists hide it),
 * so the order tells nothing the caller could not read.
 */
@Injectable()
export class PaymentScoreSql {
  constructor(private readonly access: AccessService) {}

  scoreSql(qb: SelectQueryBuilder<any>, ctx: RequestContext, customerId: string) {
    const [onCustomer, customerParams] = this.access.condition('psa.id', BILLING_CUSTOMER_READ, ctx);
    const [onGroup, groupParams] = this.access.condition('psa.group_id', BILLING_CUSTOMER_READ, ctx);
    qb.setParameters({ ...customerParams, ...groupParams });
    return `(SELECT pss.score_average FROM billing_standings pss JOIN billing_accounts psa ON psa.id = pss.customer_id
       WHERE pss.customer_id = ${customerId} AND ((${onCustomer}) OR (${onGroup})))`;
  }
}
