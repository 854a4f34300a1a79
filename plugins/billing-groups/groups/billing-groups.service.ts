import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  SYSTEM_NODE_ID,
  ScopedRecords,
  escapeLike,
  invalid,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { normalizeIban, normalizeIco, normalizeVatId } from '@clientele/contacts';
import { BILLING_GROUP_MANAGE, BILLING_GROUP_READ, BILLING_GROUP_TYPE } from '../constants.js';
import { BillingGroup } from '../entities/billing-group.entity.js';
import type {
  BillingGroupFieldsDto,
  CreateBillingGroupDto,
  GroupImageDto,
  UpdateBillingGroupDto,
} from '../dto/billing-group.dto.js';
import { checkPattern } from '../invoices/number-series.js';

const MAX_IMAGE_BYTES = 1_000_000;
const MAGIC: Record<GroupImageDto['contentType'], number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** The operator's companies: each a scope node under the system node, with its own series, logo and stamp. */
@Injectable()
export class BillingGroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
  ) {}

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.scoped.restrictList(
      this.db.getRepository(BillingGroup).createQueryBuilder('g'),
      'g',
      BILLING_GROUP_READ,
      ctx,
      query.deleted,
    );
    if (query.q?.trim())
      qb.andWhere(`g.name ILIKE '%' || :groupName || '%'`, { groupName: escapeLike(query.q.trim()) });
    return paginate(qb, query, {
      sorts: { name: { column: 'lower(g.name)', value: (g: BillingGroup) => g.name.toLowerCase(), type: 'text' } },
      defaultSort: 'name',
      idColumn: 'g.id',
      filters: { isDefault: { column: 'g.is_default', type: 'boolean' } },
    });
  }

  /** A live group the caller may read, else 404. */
  async get(ctx: RequestContext, id: string, manager: EntityManager = this.db.manager) {
    const group = await manager.findOne(BillingGroup, { where: { id } });
    if (!group || group.deletedAt || !(await this.access.can(ctx, BILLING_GROUP_READ, id, manager)))
      throw notFound('Billing group');
    return group;
  }

  /** The group new customers land in: the one marked default, else the oldest. */
  async defaultGroup(manager: EntityManager = this.db.manager) {
    const [row] = await manager.query(
      `SELECT id FROM billing_groups WHERE deleted_at IS NULL ORDER BY is_default DESC, id LIMIT 1`,
    );
    if (!row) throw refused('NO_BILLING_GROUP', 'Create a billing group first');
    return row.id as string;
  }

  async create(ctx: RequestContext, dto: CreateBillingGroupDto) {
    await this.access.require(ctx, BILLING_GROUP_MANAGE, SYSTEM_NODE_ID);
    const fields = normalizeFields(dto);
    return this.db
      .transaction(async (m) => {
        const [{ first }] = await m.query(
          `SELECT NOT EXISTS (SELECT 1 FROM billing_groups WHERE deleted_at IS NULL) AS first`,
        );
        const isDefault = dto.isDefault ?? first;
        if (isDefault) await this.unmarkDefault(m, ctx);
        return this.scoped.create(
          BillingGroup,
          SYSTEM_NODE_ID,
          {
            ibans: [],
            numberPattern: '{YYYY}{seq:6}',
            currency: 'CZK',
            logoDigest: null,
            stampDigest: null,
            deletedAt: null,
            deletedBy: null,
            ...fields,
            name: dto.name.trim(),
            isDefault,
          },
          ctx,
          m,
        );
      })
      .catch(duplicateName);
  }

  async update(ctx: RequestContext, id: string, dto: UpdateBillingGroupDto) {
    await this.get(ctx, id);
    await this.access.require(ctx, BILLING_GROUP_MANAGE, id, BILLING_GROUP_READ);
    const { version, name } = dto;
    const fields = normalizeFields(dto);
    return this.db
      .transaction(async (m) => {
        if (dto.isDefault) await this.unmarkDefault(m, ctx, id);
        return this.scoped.update(
          BillingGroup,
          id,
          version,
          (g) => {
            Object.assign(g, fields);
            if (dto.isDefault !== undefined) g.isDefault = dto.isDefault;
            if (name !== undefined) g.name = name.trim();
          },
          ctx,
          m,
        );
      })
      .catch(duplicateName);
  }

  /** Soft delete: refused while customers still belong to the group (move them first). */
  async remove(ctx: RequestContext, id: string) {
    await this.get(ctx, id);
    await this.access.require(ctx, BILLING_GROUP_MANAGE, id, BILLING_GROUP_READ);
    await this.db.transaction(async (m) => {
      const [busy] = await m.query(`SELECT 1 FROM billing_accounts WHERE group_id = $1 LIMIT 1`, [id]);
      if (busy) throw refused('GROUP_HAS_CUSTOMERS', "Move the group's customers to another group first");
      // A deleted group is no one's default: new customers go to the oldest live group until another is marked.
      await this.records.update(BillingGroup, id, undefined, { isDefault: false }, ctx, m);
      await this.scoped.softDelete(BillingGroup, id, ctx, { manager: m });
    });
  }

  async restore(ctx: RequestContext, id: string) {
    const group = await this.db.getRepository(BillingGroup).findOne({ where: { id } });
    if (!group || !group.deletedAt) throw notFound('Billing group');
    await this.access.require(ctx, BILLING_GROUP_MANAGE, SYSTEM_NODE_ID);
    return this.scoped.restore(BillingGroup, id, ctx).catch(duplicateName);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(ctx, id);
    return this.history.forRecord(ctx, BILLING_GROUP_TYPE, id, query);
  }

  /** The group's figures: its customers, non-payers, what it invoiced and was paid this year, and what is owed. */
  async statistics(ctx: RequestContext, id: string) {
    await this.get(ctx, id);
    const [row] = await this.db.query(groupStatisticsSql, [id]);
    return row as GroupStatistics;
  }

  /** Stores the logo or stamp printed on the group's invoices; its digest goes to the group's history. */
  async putImage(ctx: RequestContext, id: string, kind: 'logo' | 'stamp', dto: GroupImageDto) {
    const group = await this.get(ctx, id);
    await this.access.require(ctx, BILLING_GROUP_MANAGE, id, BILLING_GROUP_READ);
    const data = Buffer.from(dto.data, 'base64');
    if (data.length > MAX_IMAGE_BYTES) throw invalid('data', 'IMAGE_TOO_LARGE', 'An image may have at most 1 MB');
    if (!MAGIC[dto.contentType].every((byte, i) => data[i] === byte))
      throw invalid('data', 'NOT_AN_IMAGE', `The data is not a ${dto.contentType} image`);
    const digest = createHash('sha256').update(data).digest('hex');
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO billing_group_images (group_id, kind, content_type, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (group_id, kind) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data`,
        [id, kind, dto.contentType, data],
      );
      return this.records.update(
        BillingGroup,
        id,
        group.version,
        (g) => {
          if (kind === 'logo') g.logoDigest = digest;
          else g.stampDigest = digest;
        },
        ctx,
        m,
      );
    });
  }

  async image(ctx: RequestContext, id: string, kind: 'logo' | 'stamp') {
    await this.get(ctx, id);
    const image = (await this.images(id))[kind];
    if (!image) throw notFound('Image');
    return image;
  }

  /** The group's logo and stamp, for printing. */
  async images(id: string): Promise<Partial<Record<'logo' | 'stamp', { contentType: string; data: Buffer }>>> {
    const rows: { kind: 'logo' | 'stamp'; content_type: string; data: Buffer }[] = await this.db.query(
      `SELECT kind, content_type, data FROM billing_group_images WHERE group_id = $1`,
      [id],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, { contentType: r.content_type, data: r.data }]));
  }

  /** Only one group is the default: the previous one loses the mark, in history too. */
  private async unmarkDefault(m: EntityManager, ctx: RequestContext, except?: string) {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM billing_groups WHERE is_default AND deleted_at IS NULL AND id IS DISTINCT FROM $1`,
      [except ?? null],
    );
    for (const row of rows) await this.records.update(BillingGroup, row.id, undefined, { isDefault: false }, ctx, m);
  }
}

export interface GroupStatistics {
  customers: number;
  nonPayers: number;
  /** Minor units, in the group's currency. */
  invoicedThisYearMinor: number;
  paidThisYearMinor: number;
  owedMinor: number;
  overdueInvoices: number;
}

/** One pass over the group's accounts and open invoices, and this year's invoices and payments of its customers. */
const groupStatisticsSql = `
SELECT (SELECT count(*) FROM billing_accounts a WHERE a.group_id = $1)::int AS "customers",
       (SELECT count(*) FROM billing_accounts a WHERE a.group_id = $1 AND a.non_payer)::int AS "nonPayers",
       (SELECT COALESCE(sum(i.total_minor), 0) FROM billing_invoices i
         WHERE i.group_id = $1 AND i.status <> 'cancelled' AND i.issued_on >= date_trunc('year', current_date))::float8 AS "invoicedThisYearMinor",
       (SELECT COALESCE(sum(p.amount_minor), 0) FROM billing_payments p JOIN billing_accounts a ON a.id = p.customer_id
         WHERE a.group_id = $1 AND p.received_on >= date_trunc('year', current_date))::float8 AS "paidThisYearMinor",
       (SELECT COALESCE(sum(i.total_minor - i.paid_minor), 0) FROM billing_invoices i WHERE i.group_id = $1 AND i.status = 'open')::float8 AS "owedMinor",
       (SELECT count(*) FROM billing_invoices i WHERE i.group_id = $1 AND i.status = 'open' AND i.due_on < current_date)::int AS "overdueInvoices"`;

function normalizeFields(dto: BillingGroupFieldsDto): Partial<BillingGroup> {
  const { companyId, vatId, ibans, numberPattern, currency, street, city, postcode, country } = dto;
  const fields: Partial<BillingGroup> = {};
  if (numberPattern !== undefined) {
    checkPattern(numberPattern);
    fields.numberPattern = numberPattern;
  }
  if (companyId !== undefined)
    fields.companyId =
      companyId === null
        ? null
        : (normalizeIco(companyId) ?? refuse('companyId', 'INVALID_COMPANY_ID', 'Not a valid company ID (IČO)'));
  if (vatId !== undefined)
    fields.vatId =
      vatId === null ? null : (normalizeVatId(vatId) ?? refuse('vatId', 'INVALID_VAT_ID', 'Not a valid VAT ID'));
  if (ibans !== undefined) {
    fields.ibans = ibans.map(
      (iban, i) => normalizeIban(iban) ?? refuse(`ibans[${i}]`, 'INVALID_IBAN', 'Not a valid IBAN'),
    );
  }
  if (currency !== undefined) fields.currency = currency;
  for (const [key, value] of Object.entries({ street, city, postcode, country })) {
    if (value !== undefined)
      (fields as Record<string, unknown>)[key] =
        value === null ? null : key === 'country' ? value.toUpperCase() : value.trim() || null;
  }
  return fields;
}

function refuse(field: string, code: string, message: string): never {
  throw invalid(field, code, message);
}

function duplicateName(error: unknown): never {
  if (
    (error as { code?: string }).code === '23505' &&
    String((error as { constraint?: string }).constraint).startsWith('billing_groups_name')
  ) {
    throw invalid('name', 'DUPLICATE_NAME', 'Another billing group has this name');
  }
  throw error;
}
