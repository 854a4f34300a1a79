import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsService, invalid, notFound } from '@clientele/core';
import { ContactsSettings } from '../settings.js';

/** Look-ups of operator-wide lists used while writing customers. */
@Injectable()
export class ContactsCatalog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async stateId(code: string | null, manager: EntityManager = this.db.manager): Promise<string | null> {
    if (code === null) return null;
    const [row] = await manager.query(`SELECT id FROM contacts_customer_states WHERE code = $1`, [code]);
    if (!row) throw invalid('state', 'UNKNOWN_STATE', `There is no customer state "${code}"`);
    return row.id;
  }

  /** The address book new customers land in when none is named. */
  async defaultAddressBookId(manager: EntityManager = this.db.manager): Promise<string> {
    const { defaultAddressBook } = await this.settings.get(ContactsSettings);
    const [row] = await manager.query(
      `SELECT id FROM contacts_address_books WHERE deleted_at IS NULL AND ($1::text IS NULL OR id::text = $1 OR name = $1) ORDER BY id LIMIT 1`,
      [defaultAddressBook],
    );
    if (!row) throw invalid('addressBookId', 'NO_ADDRESS_BOOK', 'Create an address book first');
    return row.id;
  }

  /** The template a customer's first service is made from. */
  async serviceTemplate(
    id: string | undefined,
    manager: EntityManager = this.db.manager,
  ): Promise<{ id: string; name: string; default_settings: Record<string, unknown> } | null> {
    const [row] = await manager.query(
      `SELECT id, name, default_settings FROM contacts_service_templates WHERE is_active AND ($1::uuid IS NULL OR id = $1) ORDER BY code LIMIT 1`,
      [id ?? null],
    );
    if (id && !row) throw notFound('Service template');
    return row ?? null;
  }

  async assertUser(field: string, id: string | null | undefined, manager: EntityManager = this.db.manager) {
    if (!id) return;
    const [row] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND is_active`, [id]);
    if (!row) throw invalid(field, 'UNKNOWN_USER', `No active user ${id}`);
  }
}
