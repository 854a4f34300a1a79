import type { QueryRunner } from 'typeorm';

/** Held for as long as an import has (or may restore) indexes set aside; one such import at a time. */
const LOCK = `hashtext('contacts:import:deferred-indexes')`;

/**
 * Indexes a large import builds once at its end instead of row by row: every index of
 * `contacts_customers` that no constraint needs (the primary key and the unique number stay).
 * Their definitions are read from the catalog, so indexes added later by migrations are handled
 * as well, and kept in `contacts_customer_import_deferred_indexes` until they exist again.
 */
const SECONDARY_INDEXES = `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
 WHERE x.indrelid = 'contacts_customers'::regclass AND NOT x.indisunique AND NOT x.indisprimary
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`;

/** Building a GIN or btree index sorts in memory up to this much; plenty of memory beats spilling to disk. */
const BUILD_MEMORY = '256MB';

/**
 * Sets the secondary indexes of `contacts_customers` aside for an import that at least doubles
 * the table, and builds them again when it ends. Loading into a table without them and building
 * each index in one sorted pass is several times cheaper than maintaining two trigram/array GIN
 * indexes and their btrees row by row. The price: while such an import runs, searches and
 * sorted lists of customers read the table without those indexes (slowly), and the final build
 * blocks writes to customers for its duration (reads go on). An import that is killed leaves
 * the definitions behind; the next import, or the next start of a server, builds them.
 */
export class DeferredIndexes {
  private held = false;

  constructor(private readonly runner: QueryRunner) {}

  /**
   * Takes the deferral lock (without waiting: another import holding it keeps its indexes
   * aside and this one writes with indexes as usual), builds indexes left aside by an import
   * that died, and sets them aside for this one when `newRows` at least double the table.
   * Returns whether indexes are set aside.
   */
  async prepare(importId: string, newRows: number): Promise<boolean> {
    if (!(await this.lock())) return false;
    const left: { import_id: string }[] = await this.runner.query(
      `SELECT DISTINCT import_id FROM contacts_customer_import_deferred_indexes`,
    );
    if (left.some((r) => r.import_id !== importId)) await this.restore();
    if (left.some((r) => r.import_id === importId)) return true;
    const [{ present }] = await this.runner.query(`SELECT count(*)::float8 AS present FROM contacts_customers`);
    if (newRows < Math.max(present, 1)) return false;
    await this.runner.startTransaction();
    try {
      const indexes: { name: string; definition: string }[] = await this.runner.query(SECONDARY_INDEXES);
      for (const index of indexes) {
        await this.runner.query(
          `INSERT INTO contacts_customer_import_deferred_indexes (name, definition, import_id) VALUES ($1, $2, $3)`,
          [index.name, index.definition, importId],
        );
        await this.runner.query(`DROP INDEX ${quoteIdent(index.name)}`);
      }
      await this.runner.commitTransaction();
      return indexes.length > 0;
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /** Builds every index set aside (by any import) and forgets its definition, one index per transaction. */
  async restore(): Promise<string[]> {
    const indexes: { name: string; definition: string }[] = await this.runner.query(
      `SELECT name, definition FROM contacts_customer_import_deferred_indexes ORDER BY name`,
    );
    if (!indexes.length) return [];
    await this.runner.query(`SET maintenance_work_mem = '${BUILD_MEMORY}'`);
    try {
      for (const index of indexes) {
        await this.runner.startTransaction();
        try {
          await this.runner.query(
            index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '),
          );
          await this.runner.query(`DELETE FROM contacts_customer_import_deferred_indexes WHERE name = $1`, [
            index.name,
          ]);
          await this.runner.commitTransaction();
        } catch (error) {
          await this.runner.rollbackTransaction();
          throw error;
        }
      }
    } finally {
      await this.runner.query(`RESET maintenance_work_mem`);
    }
    return indexes.map((i) => i.name);
  }

  /** Builds what is set aside and gives the lock back. */
  async finish(): Promise<void> {
    if (!this.held) return;
    try {
      await this.restore();
    } finally {
      this.held = false;
      await this.runner.query(`SELECT pg_advisory_unlock(${LOCK})`);
    }
  }

  /** At a server's start: builds indexes an import left aside when it died, unless an import is running. */
  static async restoreLeftovers(runner: QueryRunner): Promise<boolean> {
    const [{ waiting }] = await runner.query(
      `SELECT EXISTS (SELECT 1 FROM contacts_customer_import_deferred_indexes) AS waiting`,
    );
    const deferred = new DeferredIndexes(runner);
    if (!waiting || !(await deferred.lock())) return false;
    await deferred.finish();
    return true;
  }

  private async lock(): Promise<boolean> {
    const [{ locked }] = await this.runner.query(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`);
    this.held = locked;
    return locked;
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
