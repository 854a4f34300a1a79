import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '@clientele/core';
import { TieRow, deleteRulesSql, firstTieSql, insertRulesSql } from './price-rules-sql.js';

export interface RuleScope {
  groupIds?: string[];
  priceListIds?: string[];
  individualPriceIds?: string[];
}

/**
 * Rewrites the ranked price rules touched by a change, in the change's transaction. A rule
 * that would tie with another is refused with 409 `PRICE_RULE_TIE` naming both, and the
 * whole change is rolled back.
 */
@Injectable()
export class PriceRules {
  async rebuild(manager: EntityManager, scope: RuleScope) {
    const params = [scope.groupIds ?? [], scope.priceListIds ?? [], scope.individualPriceIds ?? []];
    await manager.query(deleteRulesSql, params);
    const [tie]: TieRow[] = await manager.query(firstTieSql, params);
    if (tie) throw tieError(tie);
    try {
      await manager.query(insertRulesSql, params);
    } catch (error) {
      // A concurrent change stored the other rule after the check above: the constraint still refuses it.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23P01') {
        throw new AppError(409, 'PRICE_RULE_TIE', 'This change would make two prices tie; try again to see which');
      }
      throw error;
    }
  }
}

function tieError(tie: TieRow) {
  const where = (group: string | null, list: string | null) =>
    list ? `price list "${list}" of group ${group}` : 'an individual price';
  const rank =
    tie.kind === 'list'
      ? `group priority ${tie.group_priority}, list position ${tie.list_position}`
      : 'the same customer';
  const message =
    `Product ${tie.product_code} would cost ${tie.price} in ${where(tie.group_code, tie.price_list_name)} and ${tie.other_price} in ` +
    `${where(tie.other_group_code, tie.other_price_list_name)}: same rank (${rank}), same minimum quantity ${tie.min_quantity}, overlapping days`;
  return new AppError(409, 'PRICE_RULE_TIE', message, undefined, {
    clash: {
      productCode: tie.product_code,
      minQuantity: tie.min_quantity,
      rule: {
        id: tie.rule_id,
        kind: tie.kind,
        groupId: tie.group_id,
        priceListId: tie.price_list_id,
        price: tie.price,
      },
      with: {
        id: tie.other_rule_id,
        groupId: tie.other_group_id,
        priceListId: tie.other_price_list_id,
        price: tie.other_price,
      },
    },
  });
}
