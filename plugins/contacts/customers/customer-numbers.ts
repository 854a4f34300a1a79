import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SettingsService, conflict } from '@clientele/core';
import { ContactsSettings } from '../settings.js';

/**
 * Hands out customer numbers: `prefix` + the next value of a sequence padded to `width`
 * (settings `customerNumberPrefix`, `customerNumberWidth`). Every number
 * handed out or set explicitly is written to a ledger that purging a customer does not touch,
 * so a number is never given twice; the sequence skips numbers already taken explicitly.
 */
@Injectable()
export class CustomerNumbers {
  constructor(private readonly settings: SettingsService) {}

  /** Numbers for new customers, in the order of `customerIds`; one round trip for any count. */
  async allocate(manager: EntityManager, customerIds: string[]): Promise<string[]> {
    const { customerNumberPrefix, customerNumberWidth } = await this.settings.get(ContactsSettings);
    const numbers = new Map<string, string>();
    let pending = customerIds;
    while (pending.length) {
      const rows: { number: string; customer_id: string }[] = await manager.query(
        `INSERT INTO contacts_customer_numbers (number, customer_id)
         SELECT $1 || lpad(nextval('contacts_customer_number_seq')::text, $2, '0'), id FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n
         ON CONFLICT (number) DO NOTHING RETURNING number, customer_id`,
        [customerNumberPrefix, customerNumberWidth, pending],
      );
      rows.forEach((r) => numbers.set(r.customer_id, r.number));
      pending = pending.filter((id) => !numbers.has(id));
    }
    return customerIds.map((id) => numbers.get(id)!);
  }

  async next(manager: EntityManager, customerId: string): Promise<string> {
    const [number] = await this.allocate(manager, [customerId]);
    return number;
  }

  /** Claims an explicitly given number (import, migration from another system); 409 if it was ever used. */
  async claim(manager: EntityManager, number: string, customerId: string): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO contacts_customer_numbers (number, customer_id) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING RETURNING number`,
      [number, customerId],
    );
    if (!rows.length) throw conflict('NUMBER_TAKEN', `Customer number ${number} is or was in use`, 'number');
    return number;
  }
}
