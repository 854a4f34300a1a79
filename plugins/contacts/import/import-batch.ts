import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { newId } from '@clientele/core';
import { KIND_CONSUMER, KIND_CUSTOMER } from '../constants.js';
import type { CustomerNumbers } from '../customers/customer-numbers.js';
import type { ImportRow, RejectedRow } from './import-row.js';

/** Card fields the import writes: property, column, and the array type they travel in. */
const FIELDS = [
  ['name', 'name', 'text'],
  ['legalForm', 'legal_form', 'text'],
  ['representative', 'representative', 'text'],
  ['street', 'street', 'text'],
  ['city', 'city', 'text'],
  ['postcode', 'postcode', 'text'],
  ['country', 'country', 'text'],
  ['region', 'region', 'text'],
  ['latitude', 'latitude', 'float8'],
  ['longitude', 'longitude', 'float8'],
  ['email', 'email', 'text'],
  ['billingEmail', 'billing_email', 'text'],
  ['technicalEmail', 'technical_email', 'text'],
  ['businessEmail', 'business_email', 'text'],
  ['phone', 'phone', 'text'],
  ['mobile', 'mobile', 'text'],
  ['web', 'web', 'text'],
  ['taxIds', 'tax_ids', 'jsonb'],
  ['bankAccount', 'bank_account', 'text'],
  ['iban', 'iban', 'text'],
  ['bic', 'bic', 'text'],
  ['contractReturnedOn', 'contract_returned_on', 'date'],
] as const;

const KEYS = [
  ['line', 'int'],
  ['id', 'uuid'],
  ['consumer_id', 'uuid'],
  ['number', 'text'],
  ['address_book_id', 'uuid'],
  ['state_id', 'uuid'],
  ['row_key', 'bytea'],
] as const;
const STAGE_COLUMNS = [...KEYS.map(([c]) => c), ...FIELDS.map(([, c]) => c)];
const FIELD_LIST = FIELDS.map(([, c]) => c).join(', ');

/** Per connection: the batch lands here first, so every later step is one set-based statement. */
export const STAGE_TABLE_SQL = `CREATE TEMP TABLE IF NOT EXISTS contacts_import_stage (
  ${[...KEYS, ...FIELDS.map(([, c, t]) => [c, t] as const)].map(([c, t]) => `${c} ${t}`).join(', ')}, reject text
) ON COMMIT DELETE ROWS`;

// One JSON document per batch: JSON.stringify is native and json_to_recordset parses in one pass,
// where an array parameter per column costs node-pg an escaping pass over every value.
const STAGE_SQL = `INSERT INTO contacts_import_stage (${STAGE_COLUMNS.join(', ')})
  SELECT ${STAGE_COLUMNS.join(', ')} FROM json_to_recordset($1::json) AS u(${[
    ...KEYS,
    ...FIELDS.map(([, c, t]) => [c, t] as const),
  ]
    .map(([c, t]) => `${c} ${t}`)
    .join(', ')})`;

const REJECT_REPEATED_NUMBERS = `UPDATE contacts_import_stage s SET reject = 'number DUPLICATE_NUMBER: the same number is on line ' || f.first
  FROM (SELECT number, min(line) AS first FROM contacts_import_stage WHERE number IS NOT NULL GROUP BY number HAVING count(*) > 1) f
 WHERE s.number = f.number AND s.line <> f.first`;

const SKIP_KNOWN_ROWS = `DELETE FROM contacts_import_stage s USING contacts_customer_import_keys k WHERE k.row_key = s.row_key RETURNING s.line`;

// NOT IN over the CTE is planned as one hashed subplan; a correlated NOT EXISTS rescans the CTE per row.
const CLAIM_NUMBERS = `WITH claimed AS (
  INSERT INTO contacts_customer_numbers (number, customer_id)
  SELECT number, id FROM contacts_import_stage WHERE number IS NOT NULL AND reject IS NULL
  ON CONFLICT (number) DO NOTHING RETURNING customer_id)
UPDATE contacts_import_stage s SET reject = 'number NUMBER_TAKEN: customer number ' || s.number || ' is or was in use'
 WHERE s.number IS NOT NULL AND s.reject IS NULL AND s.id NOT IN (SELECT customer_id FROM claimed)`;

/**
 * Customers (and their nodes) are written grouped by address book and name: the candidates of a
 * name search in a book then sit on a few pages of the table instead of one page each.
 */
const WRITE_ORDER = `ORDER BY s.address_book_id, s.name COLLATE "C"`;

const PLACE_NODES = `INSERT INTO scope_nodes (id, kind, parent_id, path, label)
  (SELECT s.id, '${KIND_CUSTOMER}', s.address_book_id, b.path || s.id, s.name
    FROM contacts_import_stage s JOIN scope_nodes b ON b.id = s.address_book_id WHERE s.reject IS NULL ${WRITE_ORDER})
  UNION ALL
  SELECT s.consumer_id, '${KIND_CONSUMER}', s.id, b.path || s.id || s.consumer_id, s.name
    FROM contacts_import_stage s JOIN scope_nodes b ON b.id = s.address_book_id WHERE s.reject IS NULL`;

const INSERT_CUSTOMERS = `INSERT INTO contacts_customers (id, number, address_book_id, state_id, ${FIELD_LIST})
  SELECT id, number, address_book_id, state_id, ${FIELDS.map(([, c]) => (c === 'tax_ids' ? `COALESCE(tax_ids, '[]')` : c)).join(', ')}
    FROM contacts_import_stage s WHERE reject IS NULL ${WRITE_ORDER}`;

const INSERT_CONSUMERS = `INSERT INTO contacts_consumers (id, customer_id, name, is_default)
  SELECT consumer_id, id, name, true FROM contacts_import_stage WHERE reject IS NULL`;

/** One entry per customer: who imported it, from which import and line, and the number and name it got. */
const RECORD_HISTORY = `INSERT INTO history (id, entity_type, entity_id, node_id, actor_id, action, changes)
  SELECT clientele_uuid_v7(), 'customer', id, id, $1::uuid, 'create', jsonb_build_object(
    'number', jsonb_build_object('before', null, 'after', number),
    'name', jsonb_build_object('before', null, 'after', name),
    'addressBookId', jsonb_build_object('before', null, 'after', address_book_id),
    'importedFrom', jsonb_build_object('before', null, 'after', $2::text || ' line ' || line))
  FROM contacts_import_stage WHERE reject IS NULL`;

const REMEMBER_KEYS = `INSERT INTO contacts_customer_import_keys (row_key, customer_id)
  SELECT row_key, id FROM contacts_import_stage WHERE row_key IS NOT NULL AND reject IS NULL`;

const KEEP_REJECTS = `INSERT INTO contacts_customer_import_rejects (import_id, line, reason, raw)
  SELECT $1, line, reason, raw::jsonb FROM unnest($2::bigint[], $3::text[], $4::text[]) AS r(line, reason, raw) ON CONFLICT DO NOTHING`;

/** Content key of a row without a customer number: the same row imported again is recognised. */
export const rowKey = (raw: Record<string, string>) =>
  createHash('sha1')
    .update(
      Object.keys(raw)
        .sort()
        .map((k) => `${k}\u001f${raw[k]}`)
        .join('\u001e'),
    )
    .digest();

/** An accepted row whose address book and state are known. */
export type ResolvedRow = ImportRow & { addressBookId: string; stateId: string | null };

export interface BatchOutcome {
  imported: number;
  skipped: number;
  rejected: RejectedRow[];
}

/**
 * Writes one batch in the caller's transaction: stages it, drops rows imported before, claims
 * given numbers and allocates the missing ones, then creates scope nodes, customers, default
 * consumers and history set-based. Rows the database refuses come back as rejected.
 */
export async function writeBatch(
  manager: EntityManager,
  numbers: CustomerNumbers,
  batch: { importId: string; source: string; actorId: string | null; rows: ResolvedRow[]; rejected: RejectedRow[] },
): Promise<BatchOutcome> {
  const { rows } = batch;
  const staged = rows.map((r) => {
    const row: Record<string, unknown> = {
      line: r.line,
      id: newId(),
      consumer_id: newId(),
      number: r.number,
      address_book_id: r.addressBookId,
      state_id: r.stateId,
      row_key: r.number ? null : `\\x${rowKey(r.raw).toString('hex')}`,
    };
    const fields = r.fields as Record<string, unknown>;
    for (const [property, column] of FIELDS) if (fields[property] != null) row[column] = fields[property];
    return row;
  });
  let skipped = 0;
  const refused: RejectedRow[] = [];
  if (rows.length) {
    await manager.query(STAGE_SQL, [JSON.stringify(staged)]);
    await manager.query(REJECT_REPEATED_NUMBERS);
    skipped = (await manager.query(SKIP_KNOWN_ROWS))[0]?.length ?? 0;
    await manager.query(CLAIM_NUMBERS);
    const unnumbered: { id: string }[] = await manager.query(
      `SELECT id FROM contacts_import_stage WHERE number IS NULL AND reject IS NULL ORDER BY line`,
    );
    if (unnumbered.length) {
      const ids = unnumbered.map((r) => r.id);
      await manager.query(
        `UPDATE contacts_import_stage s SET number = u.number FROM unnest($1::uuid[], $2::text[]) AS u(id, number) WHERE s.id = u.id`,
        [ids, await numbers.allocate(manager, ids)],
      );
    }
    const byLine = new Map(rows.map((r) => [r.line, r]));
    for (const { line, reject } of await manager.query(
      `SELECT line, reject FROM contacts_import_stage WHERE reject IS NOT NULL`,
    )) {
      refused.push({ line, reason: reject, raw: byLine.get(line)!.raw });
    }
    await manager.query(PLACE_NODES);
    await manager.query(INSERT_CUSTOMERS);
    await manager.query(INSERT_CONSUMERS);
    await manager.query(RECORD_HISTORY, [batch.actorId, batch.source]);
    await manager.query(REMEMBER_KEYS);
  }
  const rejected = [...batch.rejected, ...refused].sort((a, b) => a.line - b.line);
  if (rejected.length) {
    await manager.query(KEEP_REJECTS, [
      batch.importId,
      rejected.map((r) => r.line),
      rejected.map((r) => r.reason),
      rejected.map((r) => JSON.stringify(r.raw)),
    ]);
  }
  return { imported: rows.length - skipped - refused.length, skipped, rejected };
}
