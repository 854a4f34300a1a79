import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  PluginRegistry,
  RecordService,
  RequestContext,
  deletedFilter,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { NOTIFICATION_RULE_TYPE } from '../constants.js';
import { NotificationRule } from '../entities/notification-rule.entity.js';
import type {
  CreateNotificationRuleDto,
  NotificationRuleListQueryDto,
  UpdateNotificationRuleDto,
} from '../dto/notification-rule.dto.js';
import { TemplatesService } from '../templates/templates.service.js';
import { EventNotifications } from './event-notifications.js';

const listSpec = {
  sorts: {
    name: { column: 'LOWER(r.name)', value: (r: NotificationRule) => r.name.toLowerCase(), type: 'text' as const },
  },
  defaultSort: 'name',
  idColumn: 'r.id',
  filters: { eventType: { column: 'r.event_type', type: 'text' as const } },
};

type RuleFields = Pick<NotificationRule, 'eventType' | 'templateId' | 'recipientKind' | 'addressKind' | 'userId'>;

/** The operator's notification rules, checked when saved so that a saved rule can always be carried out. */
@Injectable()
export class NotificationRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly templates: TemplatesService,
    private readonly registry: PluginRegistry,
  ) {}

  /** The event types a rule may name: those a plugin hands to the notifications (`EventNotifications.notify`). */
  events(): string[] {
    const handled = this.registry.plugins
      .flatMap((p) => p.metadata.events?.handlers ?? [])
      .filter((h) => h.provider === EventNotifications);
    return [...new Set(handled.map((h) => h.event.type))].sort();
  }

  list(query: NotificationRuleListQueryDto) {
    const qb = deletedFilter(this.db.getRepository(NotificationRule).createQueryBuilder('r'), 'r', query.deleted);
    return paginate(qb, query, listSpec);
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}) {
    const rule = await this.db.getRepository(NotificationRule).findOne({ where: { id } });
    if (!rule || (rule.deletedAt && !options.includeDeleted)) throw notFound('Notification rule');
    return rule;
  }

  async create(ctx: RequestContext, dto: CreateNotificationRuleDto) {
    const fields: RuleFields = {
      eventType: dto.eventType,
      templateId: dto.templateId,
      recipientKind: dto.recipientKind,
      addressKind: dto.addressKind ?? null,
      userId: dto.userId ?? null,
    };
    await this.check(fields);
    return this.records.create(
      NotificationRule,
      {
        ...fields,
        name: dto.name,
        priority: dto.priority ?? 0,
        isActive: dto.isActive ?? true,
        deletedAt: null,
        deletedBy: null,
      },
      ctx,
    );
  }

  async update(ctx: RequestContext, id: string, dto: UpdateNotificationRuleDto) {
    const current = await this.get(id);
    const { version, ...change } = dto;
    await this.check({ ...current, ...change });
    return this.records.update(NotificationRule, id, version, change, ctx);
  }

  async remove(ctx: RequestContext, id: string) {
    await this.get(id);
    await this.records.softDelete(NotificationRule, id, ctx);
  }

  async restore(ctx: RequestContext, id: string) {
    const rule = await this.get(id, { includeDeleted: true });
    await this.check(rule);
    return this.records.restore(NotificationRule, id, ctx);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(id, { includeDeleted: true });
    return this.history.forRecord(ctx, NOTIFICATION_RULE_TYPE, id, query);
  }

  private async check(rule: RuleFields) {
    if (!this.events().includes(rule.eventType)) {
      throw invalid('eventType', 'NOT_NOTIFIABLE', `Notifications are available for: ${this.events().join(', ')}`);
    }
    const template = await this.templates.get(rule.templateId).catch(() => {
      throw invalid('templateId', 'NOT_FOUND', 'No such template');
    });
    if (template.context !== 'customer' || template.channel === 'document') {
      throw invalid('templateId', 'WRONG_TEMPLATE', 'Choose an e-mail or SMS template written for customers');
    }
    if (rule.recipientKind === 'customer' && template.channel === 'email' && !rule.addressKind) {
      throw invalid('addressKind', 'REQUIRED', "Choose which of the customer's addresses");
    }
    if (rule.recipientKind === 'user') {
      const [user] = rule.userId ? await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [rule.userId]) : [];
      if (!user) throw invalid('userId', 'NOT_FOUND', 'No such user');
    }
  }
}
