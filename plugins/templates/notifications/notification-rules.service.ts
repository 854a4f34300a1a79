import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  EventBus,
  HistoryQueryDto,
  HistoryQueryService,
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
import type { RecipientKind } from '../constants.js';
import { TemplatesService } from '../templates/templates.service.js';

const listSpec = {
  sorts: {
    name: { column: 'LOWER(r.name)', value: (r: NotificationRule) => r.name.toLowerCase(), type: 'text' as const },
  },
  defaultSort: 'name',
  idColumn: 'r.id',
  filters: { eventType: { column: 'r.event_type', type: 'text' as const } },
};

type RuleFields = Pick<
  NotificationRule,
  'eventType' | 'templateId' | 'recipientKind' | 'addressKind' | 'userId' | 'groupId'
>;

/** An event a rule may name, with what a rule on it may use. */
export interface NotifiableEventInfo {
  type: string;
  plugin: string;
  /** Template contexts a rule's template may be written for: the event's record's, and `customer` when it concerns one. */
  contexts: string[];
  recipients: RecipientKind[];
}

/** The operator's notification rules, checked when saved so that a saved rule can always be carried out. */
@Injectable()
export class NotificationRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly templates: TemplatesService,
    private readonly bus: EventBus,
  ) {}

  /** The events a rule may name: the notifiable events of the enabled plugins. */
  events(): NotifiableEventInfo[] {
    return this.bus.notifiableEvents().map(({ type, plugin, notifiable }) => ({
      type,
      plugin,
      contexts: [...new Set([notifiable.context, ...(notifiable.customer ? ['customer'] : [])])],
      recipients: [
        ...(notifiable.customer ? (['customer'] as const) : []),
        'user',
        'group',
        ...(notifiable.assignee ? (['assignee'] as const) : []),
      ],
    }));
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
      groupId: dto.groupId ?? null,
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
    const events = this.events();
    const event = events.find((e) => e.type === rule.eventType);
    if (!event) {
      const types = events.map((e) => e.type).join(', ');
      throw invalid('eventType', 'NOT_NOTIFIABLE', `Notifications are available for: ${types}`);
    }
    if (!event.recipients.includes(rule.recipientKind)) {
      throw invalid('recipientKind', 'NOT_OFFERED', `${event.type} can notify: ${event.recipients.join(', ')}`);
    }
    const template = await this.templates.get(rule.templateId).catch(() => {
      throw invalid('templateId', 'NOT_FOUND', 'No such template');
    });
    if (!event.contexts.includes(template.context) || template.channel === 'document') {
      throw invalid(
        'templateId',
        'WRONG_TEMPLATE',
        `Choose an e-mail or SMS template written for: ${event.contexts.join(' or ')}`,
      );
    }
    if (rule.recipientKind === 'customer' && template.channel === 'email' && !rule.addressKind) {
      throw invalid('addressKind', 'REQUIRED', "Choose which of the customer's addresses");
    }
    if (rule.recipientKind === 'user') {
      const [user] = rule.userId ? await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [rule.userId]) : [];
      if (!user) throw invalid('userId', 'NOT_FOUND', 'No such user');
    }
    if (rule.recipientKind === 'group') {
      const [group] = rule.groupId
        ? await this.db.query(`SELECT 1 FROM user_groups WHERE id = $1`, [rule.groupId])
        : [];
      if (!group) throw invalid('groupId', 'NOT_FOUND', 'No such user group');
    }
  }
}
