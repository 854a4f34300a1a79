import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { RecordService, RequestContext, invalid, notFound } from '@clientele/core';
import { GroupTerms, type CustomerGroupView } from '../sla/group-terms.js';
import { DUPLICATE_WINDOW_DAYS } from '../constants.js';
import { AuthorisationPolicy, type AuthorisationMode } from '../entities/authorisation-policy.entity.js';
import type { Ticket } from '../entities/ticket.entity.js';

/** Each customer's request authorisation (off unless set), and the likely duplicates an approver is shown. */
@Injectable()
export class AuthorisationPolicies {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly groups: GroupTerms,
  ) {}

  manager() {
    return this.db.manager;
  }

  /** The customer's own mode; else that of its first group by priority that has one (with customer groups enabled); else off. */
  async mode(customerId: string | null, manager: EntityManager = this.db.manager): Promise<AuthorisationMode> {
    return (await this.explain(customerId, manager)).mode;
  }

  async explain(
    customerId: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<{ mode: AuthorisationMode; from: 'customer' | 'group' | 'default'; group?: CustomerGroupView }> {
    if (!customerId) return { mode: 'off', from: 'default' };
    const own = await manager.getRepository(AuthorisationPolicy).findOne({ where: { customerId } });
    if (own) return { mode: own.mode, from: 'customer' };
    const groups = (await this.groups.port()?.groups(customerId)) ?? [];
    if (!groups.length) return { mode: 'off', from: 'default' };
    const policies = await manager
      .getRepository(AuthorisationPolicy)
      .find({ where: { groupId: In(groups.map((g) => g.id)) } });
    const group = groups.find((g) => policies.some((p) => p.groupId === g.id));
    return group
      ? { mode: policies.find((p) => p.groupId === group.id)!.mode, from: 'group', group }
      : { mode: 'off', from: 'default' };
  }

  /** A group's mode (customer groups enabled); 404 for a group that does not exist. */
  async groupMode(groupId: string) {
    await this.liveGroup(groupId);
    const policy = await this.db.getRepository(AuthorisationPolicy).findOne({ where: { groupId } });
    return { groupId, mode: policy?.mode ?? 'off' };
  }

  async setGroupMode(ctx: RequestContext, groupId: string, mode: AuthorisationMode) {
    await this.liveGroup(groupId);
    return this.db.transaction(async (m) => {
      const policy = await m.getRepository(AuthorisationPolicy).findOne({ where: { groupId } });
      const saved = policy
        ? await this.records.update(AuthorisationPolicy, policy.id, undefined, { mode }, ctx, m)
        : await this.records.create(AuthorisationPolicy, { groupId, customerId: null, mode }, ctx, m);
      return { groupId, mode: saved.mode, version: saved.version };
    });
  }

  private async liveGroup(groupId: string) {
    const group = await this.groups.port()?.group(groupId);
    if (!group) throw notFound('Customer group');
    return group;
  }

  /** Whether a new request waits for authorisation: always when mandatory, when asked for when optional; asking where it is off is a 400. */
  holds(mode: AuthorisationMode, asked: boolean | undefined) {
    if (asked && mode === 'off')
      throw invalid('requestAuthorisation', 'AUTHORISATION_OFF', "The customer's requests are not authorised");
    return mode === 'mandatory' || (mode === 'optional' && !!asked);
  }

  /** Sets the mode; each change is kept in the customer's history (`request_authorisation`). */
  async setMode(ctx: RequestContext, customerId: string, mode: AuthorisationMode) {
    return this.db.transaction(async (m) => {
      const policy = await m.getRepository(AuthorisationPolicy).findOne({ where: { customerId } });
      const saved = policy
        ? await this.records.update(AuthorisationPolicy, policy.id, undefined, { mode }, ctx, m)
        : await this.records.create(AuthorisationPolicy, { customerId, groupId: null, mode }, ctx, m);
      return { customerId, mode: saved.mode, version: saved.version };
    });
  }

  /** The customer's open tickets of the last 14 days with a similar subject (pg_trgm), most similar first. */
  duplicates(m: EntityManager, ticket: Pick<Ticket, 'id' | 'customerId' | 'subject'>) {
    return m.query(
      `SELECT id, number, subject, state, created_at AS "createdAt", round(similarity(lower(subject), lower($2))::numeric, 2)::float AS similarity
         FROM helpdesk_tickets
        WHERE customer_id = $1 AND id <> $3 AND lower(subject) % lower($2)
          AND state IN ('new', 'awaiting_authorisation', 'open', 'waiting_for_customer')
          AND created_at > now() - make_interval(days => $4)
        ORDER BY similarity DESC, id LIMIT 10`,
      [ticket.customerId, ticket.subject, ticket.id, DUPLICATE_WINDOW_DAYS],
    ) as Promise<{ id: string; number: string; subject: string; state: string; createdAt: Date; similarity: number }[]>;
  }
}
