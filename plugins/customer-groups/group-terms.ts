import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { OperatorCalendar } from './calendar.js';
import { ResponsibilityService } from './responsibility/responsibility.service.js';

/** The SLA a customer's groups give its new tickets. */
export interface GroupSlaTerms {
  groupId: string;
  name: string;
  contractId: string;
  defaultLevel: string | null;
}

/**
 * The helpdesk's port `helpdesk.customer-group-terms` (its `CustomerGroupTermsPort`): what the
 * helpdesk (and the sla plugin, through it) asks of customer groups for a customer,
 * acting as the system: the SLA contract of its first group by priority that names one, and
 * who is responsible in a process area (the same answer as `GET /api/customers/:id/responsibility`).
 */
@Injectable()
export class CustomerGroupTerms {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly responsibility: ResponsibilityService,
    private readonly calendar: OperatorCalendar,
  ) {}

  async slaTerms(customerId: string, day?: string): Promise<GroupSlaTerms | null> {
    const [row] = await this.db.query(
      `SELECT g.id, g.name, g.sla_contract_id, g.default_sla_level
         FROM customer_group_memberships m JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
        WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date AND g.sla_contract_id IS NOT NULL
        ORDER BY g.priority, g.code LIMIT 1`,
      [customerId, day ?? (await this.calendar.today())],
    );
    return row
      ? { groupId: row.id, name: row.name, contractId: row.sla_contract_id, defaultLevel: row.default_sla_level }
      : null;
  }

  /** The customer's groups on the day, by priority (the helpdesk's request authorisation per group). */
  async groups(
    customerId: string,
    day?: string,
  ): Promise<{ id: string; code: string; name: string; priority: number }[]> {
    return this.db.query(
      `SELECT g.id, g.code, g.name, g.priority
         FROM customer_group_memberships m JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
        WHERE m.customer_id = $1 AND m.deleted_at IS NULL AND m.validity @> $2::date
        ORDER BY g.priority, g.code`,
      [customerId, day ?? (await this.calendar.today())],
    );
  }

  /** A live group by id, or null. */
  async group(id: string): Promise<{ id: string; code: string; name: string; priority: number } | null> {
    const [row] = await this.db.query(
      `SELECT id, code, name, priority FROM customer_groups WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row ?? null;
  }

  responsible(customerId: string, area: string, day?: string) {
    return this.responsibility.explain(RequestContext.system(), customerId, { area, date: day });
  }
}
