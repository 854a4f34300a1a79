import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import { conflict, notFound } from '../errors/app-error.js';
import { RecordService } from '../records/record.service.js';
import { CustomFieldDefinition } from './custom-field.entity.js';
import { applyCustomValues, checkDefinition, type CustomValues } from './custom-field-values.js';

export type CustomFieldInput = Pick<CustomFieldDefinition, 'key' | 'label' | 'type'> &
  Partial<Pick<CustomFieldDefinition, 'defaultValue' | 'options' | 'required' | 'position'>>;

/**
 * Definitions of custom fields per kind of record. The owning plugin checks who may manage
 * them (its own permission) and stores values as jsonb on its records.
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
  ) {}

  definitions(entityType: string, manager: EntityManager = this.db.manager) {
    return manager.find(CustomFieldDefinition, { where: { entityType }, order: { position: 'ASC', key: 'ASC' } });
  }

  async definition(entityType: string, id: string) {
    const found = await this.db.getRepository(CustomFieldDefinition).findOne({ where: { entityType, id } });
    if (!found) throw notFound('Custom field');
    return found;
  }

  async create(entityType: string, input: CustomFieldInput, ctx: RequestContext) {
    const draft = Object.assign(new CustomFieldDefinition(), {
      options: [],
      required: false,
      position: 0,
      defaultValue: null,
      ...input,
      entityType,
    });
    checkDefinition(draft);
    const taken = await this.db.query(`SELECT 1 FROM custom_field_definitions WHERE entity_type = $1 AND key = $2`, [
      entityType,
      input.key,
    ]);
    if (taken.length) throw conflict('KEY_TAKEN', `A custom field "${input.key}" already exists`, 'key');
    return this.records.create(CustomFieldDefinition, draft, ctx);
  }

  async update(
    entityType: string,
    id: string,
    version: number | undefined,
    patch: Partial<Omit<CustomFieldInput, 'key' | 'type'>>,
    ctx: RequestContext,
  ) {
    await this.definition(entityType, id);
    return this.records.update(
      CustomFieldDefinition,
      id,
      version,
      (d) => {
        Object.assign(d, patch);
        checkDefinition(d);
      },
      ctx,
    );
  }

  /** Values already stored under the key stay in the records' jsonb, harmless, until overwritten. */
  async remove(entityType: string, id: string) {
    await this.definition(entityType, id);
    await this.db.query(`DELETE FROM custom_field_definitions WHERE id = $1`, [id]);
  }

  async validate(
    entityType: string,
    submitted: Record<string, unknown> | undefined,
    current: CustomValues | null,
    manager?: EntityManager,
  ) {
    if (!submitted && current !== null) return current;
    return applyCustomValues(await this.definitions(entityType, manager), submitted, current);
  }
}
