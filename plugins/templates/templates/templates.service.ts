import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  TemplateVariables,
  conflict,
  deletedFilter,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { TEMPLATE_TYPE } from '../constants.js';
import { MessageTemplate } from '../entities/message-template.entity.js';
import type { CreateTemplateDto, UpdateTemplateDto } from '../dto/template.dto.js';
import { CompiledTemplates } from '../rendering/compiled-templates.js';
import { requireKnownVariables } from './template-rules.js';

const listSpec = {
  sorts: {
    name: { column: 'LOWER(t.name)', value: (t: MessageTemplate) => t.name.toLowerCase(), type: 'text' as const },
    updatedAt: { column: 't.updated_at', value: (t: MessageTemplate) => t.updatedAt, type: 'timestamptz' as const },
  },
  defaultSort: 'name',
  idColumn: 't.id',
  filters: {
    channel: { column: 't.channel', type: 'text' as const },
    language: { column: 't.language', type: 'text' as const },
    context: { column: 't.context', type: 'text' as const },
    code: { column: 't.code', type: 'text' as const },
  },
};

/** E-mail and SMS templates: checked against their context's variables when saved, kept in history. */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly history: HistoryQueryService,
    private readonly variables: TemplateVariables,
    private readonly compiled: CompiledTemplates,
  ) {}

  list(query: ListQueryDto) {
    const qb = deletedFilter(this.db.getRepository(MessageTemplate).createQueryBuilder('t'), 't', query.deleted);
    if (query.q) qb.andWhere(`(t.name ILIKE :q OR t.code ILIKE :q)`, { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    return paginate(qb, query, listSpec);
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}) {
    const template = await this.db.getRepository(MessageTemplate).findOne({ where: { id } });
    if (!template || (template.deletedAt && !options.includeDeleted)) throw notFound('Template');
    return template;
  }

  /** A live e-mail template written for customers, as a send to customers needs; 400 on the field otherwise. */
  async customerEmail(id: string) {
    const template = await this.get(id).catch(() => {
      throw invalid('templateId', 'NOT_FOUND', 'No such template');
    });
    if (template.channel !== 'email' || template.context !== 'customer') {
      throw invalid('templateId', 'WRONG_TEMPLATE', 'Choose an e-mail template written for customers');
    }
    return template;
  }

  /** The live template of a channel by code, in the language asked for, else in any language. */
  async byCode(channel: MessageTemplate['channel'], code: string, language?: string) {
    const [template] = await this.db
      .getRepository(MessageTemplate)
      .createQueryBuilder('t')
      .where('t.channel = :channel AND t.code = :code AND t.deleted_at IS NULL', { channel, code })
      .orderBy(`(t.language = :language)`, 'DESC')
      .addOrderBy('t.id')
      .setParameter('language', language ?? '')
      .limit(1)
      .getMany();
    if (!template) throw notFound('Template');
    return template;
  }

  async create(ctx: RequestContext, dto: CreateTemplateDto) {
    requireKnownVariables(dto, this.variables.list(dto.context));
    await this.requireFreeCode(dto.channel, dto.code, dto.language);
    return this.records.create(
      MessageTemplate,
      {
        channel: dto.channel,
        code: dto.code,
        name: dto.name,
        language: dto.language,
        context: dto.context,
        subject: dto.subject ?? null,
        html: dto.html ?? null,
        text: dto.text ?? null,
        deletedAt: null,
        deletedBy: null,
      },
      ctx,
    );
  }

  async update(ctx: RequestContext, id: string, dto: UpdateTemplateDto) {
    const current = await this.get(id);
    const { version, ...change } = dto;
    requireKnownVariables({ ...current, ...change }, this.variables.list(current.context));
    return this.records.update(MessageTemplate, id, version, change, ctx);
  }

  async remove(ctx: RequestContext, id: string) {
    await this.get(id);
    await this.records.softDelete(MessageTemplate, id, ctx);
  }

  async restore(ctx: RequestContext, id: string) {
    const template = await this.get(id, { includeDeleted: true });
    await this.requireFreeCode(template.channel, template.code, template.language, id);
    return this.records.restore(MessageTemplate, id, ctx);
  }

  async historyOf(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.get(id, { includeDeleted: true });
    return this.history.forRecord(ctx, TEMPLATE_TYPE, id, query);
  }

  /** The template rendered on a real record, with the caller's rights (404 when they may not read it). */
  async preview(ctx: RequestContext, id: string, recordId: string) {
    const template = await this.get(id);
    const values = await this.variables.values(template.context, recordId, ctx);
    return this.compiled.render(template, values);
  }

  private async requireFreeCode(channel: string, code: string, language: string, except?: string) {
    const [taken] = await this.db.query(
      `SELECT 1 FROM message_templates
        WHERE channel = $1 AND code = $2 AND language = $3 AND deleted_at IS NULL AND id IS DISTINCT FROM $4::uuid`,
      [channel, code, language, except ?? null],
    );
    if (taken)
      throw conflict('TEMPLATE_CODE_TAKEN', `A ${channel} template "${code}" in "${language}" exists already`, 'code');
  }
}
