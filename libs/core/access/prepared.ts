import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

const names = new Map<string, string>();

/** One name per statement text, so the same text always reuses the plan its connection cached. */
function statementName(text: string) {
  let name = names.get(text);
  if (!name) {
    name = `clientele_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement as a named prepared statement on the pool behind TypeORM: each pooled
 * connection parses and plans it once, not on every call. For the hottest reads (token,
 * access check, a record by id); the text must be a fixed string with `$n` parameters.
 */
export async function preparedQuery<T = any>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query({ name: statementName(text), text, values });
  return result.rows as T[];
}
