import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus, JobInfo, JobProgress, JobQueue, RecordService, RequestContext } from '@clientele/core';
import { CustomerSelections } from '@clientele/contacts';
import { GROUP_READ } from '../constants.js';
import { Membership } from '../entities/membership.entity.js';
import type { BulkMembersDto } from '../dto/group.dto.js';
import {
  CustomerGroupMemberAdded,
  CustomerGroupMemberRemoved,
  CustomerGroupMembersChangedInBulk,
  CustomerGroupMembershipChanged,
} from '../events.js';
import { OperatorCalendar } from '../calendar.js';
import { GroupsService } from './groups.service.js';
import { checkDates, membershipEvent } from './memberships.service.js';

export const BULK_MEMBERSHIP_QUEUE = 'customer-groups.bulk-membership';

/** Customers taken per step: one page of the contacts list, one transaction. */
const PAGE = 500;

interface BulkInput extends BulkMembersDto {
  groupId: string;
}

/**
 * Bulk add and remove by the contacts list filter, as a durable job with progress. It pages
 * through exactly what `GET /api/customers` shows the caller for the same `q` and `filter`, so
 * no customer the caller may not read is ever touched; each page is one transaction, each
 * membership goes through RecordService (history) and publishes its event.
 */
@Injectable()
export class BulkMemberships {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly events: EventBus,
    private readonly queue: JobQueue,
    private readonly customers: CustomerSelections,
    private readonly groups: GroupsService,
    private readonly calendar: OperatorCalendar,
  ) {}

  /** Checks what can be checked now and queues the work; the caller follows it at `GET /api/jobs/:id`. */
  async start(ctx: RequestContext, groupId: string, dto: BulkMembersDto) {
    await this.groups.manageable(ctx, groupId);
    if (dto.action === 'add') checkDates(dto.validFrom ?? null, dto.validTo ?? null);
    await this.customers.check(ctx, { q: dto.q, filter: dto.filter }, 'a bulk change');
    const jobId = await this.queue.enqueue(BULK_MEMBERSHIP_QUEUE, { ...dto, groupId } satisfies BulkInput, { ctx });
    return { jobId };
  }

  async run(input: BulkInput, progress: JobProgress, job: JobInfo) {
    const ctx = await job.ctx();
    await this.groups.manageable(ctx, input.groupId);
    const from = input.from ?? (await this.calendar.today());
    const counts = { added: 0, ended: 0, removed: 0, skipped: 0 };
    await this.customers.eachPage(ctx, { q: input.q, filter: input.filter }, PAGE, progress, (ids) =>
      this.records.transaction(async (m) => {
        if (input.action === 'add') await this.add(m, ctx, input, ids, counts);
        else await this.remove(m, ctx, input.groupId, from, ids, counts);
      }),
    );
    await this.records.transaction((m) =>
      this.events.publish(
        m,
        new CustomerGroupMembersChangedInBulk(
          { groupId: input.groupId, jobId: job.id, ...counts },
          { nodeId: input.groupId, permission: GROUP_READ },
        ),
        ctx,
      ),
    );
    return counts;
  }

  /** Customers already in the group on one of the days are left as they are (counted as skipped). */
  private async add(
    m: EntityManager,
    ctx: RequestContext,
    input: BulkInput,
    ids: string[],
    counts: Record<string, number>,
  ) {
    const taken: { customer_id: string }[] = await m.query(
      `SELECT DISTINCT customer_id FROM customer_group_memberships
        WHERE group_id = $1 AND customer_id = ANY($2::uuid[]) AND deleted_at IS NULL AND validity && daterange($3::date, $4::date, '[)')`,
      [input.groupId, ids, input.validFrom ?? null, input.validTo ?? null],
    );
    const skip = new Set(taken.map((t) => t.customer_id));
    for (const customerId of ids) {
      if (skip.has(customerId)) {
        counts.skipped++;
        continue;
      }
      const created = await this.records.create(
        Membership,
        {
          groupId: input.groupId,
          customerId,
          validFrom: input.validFrom ?? null,
          validTo: input.validTo ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
        m,
      );
      await this.events.publish(m, membershipEvent(CustomerGroupMemberAdded, created), ctx);
      counts.added++;
    }
  }

  /** From `from` on the customers are no longer members: a membership running then ends that day, one starting later is deleted. */
  private async remove(
    m: EntityManager,
    ctx: RequestContext,
    groupId: string,
    from: string,
    ids: string[],
    counts: Record<string, number>,
  ) {
    const affected: Membership[] = await m
      .getRepository(Membership)
      .createQueryBuilder('m')
      .where('m.group_id = :groupId AND m.customer_id = ANY(:ids::uuid[]) AND m.deleted_at IS NULL', { groupId, ids })
      .andWhere(`m.validity && daterange(:from::date, NULL, '[)')`, { from })
      .getMany();
    for (const membership of affected) {
      if (membership.validFrom !== null && membership.validFrom >= from) {
        const removed = await this.records.softDelete(Membership, membership.id, ctx, { manager: m });
        await this.events.publish(m, membershipEvent(CustomerGroupMemberRemoved, removed), ctx);
        counts.removed++;
      } else {
        const ended = await this.records.update(Membership, membership.id, undefined, { validTo: from }, ctx, m);
        await this.events.publish(m, membershipEvent(CustomerGroupMembershipChanged, ended), ctx);
        counts.ended++;
      }
    }
  }
}
