import type { DataSource, EntityManager } from 'typeorm';

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_generated: 'ALWAYS' | 'NEVER';
  is_identity: 'YES' | 'NO';
}

/** Types PostgreSQL stores alike for the entity: `text` in SQL for a `varchar` column is no drift. */
const family = (type: string) => {
  const t = type.toLowerCase();
  if (['character varying', 'varchar', 'text', 'character', 'char', 'string', 'simple-enum', 'enum'].includes(t))
    return 'text';
  if (['int', 'int4', 'integer'].includes(t)) return 'integer';
  if (['int8', 'bigint'].includes(t)) return 'bigint';
  if (['int2', 'smallint'].includes(t)) return 'smallint';
  if (['decimal', 'numeric'].includes(t)) return 'numeric';
  if (['timestamptz', 'timestamp with time zone'].includes(t)) return 'timestamptz';
  if (['timestamp', 'timestamp without time zone'].includes(t)) return 'timestamp';
  if (['bool', 'boolean'].includes(t)) return 'boolean';
  if (['float8', 'double precision'].includes(t)) return 'double';
  return t;
};

/** The element type an information_schema row describes (`_uuid` → uuid; citext is a user-defined type). */
const dbFamily = (c: DbColumn) =>
  family(
    c.data_type === 'ARRAY' ? c.udt_name.replace(/^_/, '') : c.data_type === 'USER-DEFINED' ? c.udt_name : c.data_type,
  );

/**
 * Where the migrated schema and the entities disagree, as one line each: a table or view an
 * entity maps that is missing, a mapped column that is missing or has another type, array-ness
 * or nullability, an entity primary key that is no key of the table (its primary key, or a unique
 * index on NOT NULL columns), and a NOT NULL column without a default that the
 * entity does not map (TypeORM could not insert a row). Columns only the SQL uses (search terms,
 * bookkeeping) and indexes are the migrations' own business. Empty when they match. Reads the
 * schema through `manager` when given (inside its transaction).
 */
export async function schemaDrift(db: DataSource, manager: EntityManager = db.manager): Promise<string[]> {
  const columns: DbColumn[] = await manager.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, is_generated, is_identity
       FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  // Every unique, unconditional index (the primary key's among them): TypeORM needs a key of the table, not the primary one.
  const keys: { table_name: string; columns: string[]; is_primary: boolean }[] = await manager.query(
    `SELECT t.relname AS table_name, i.indisprimary AS is_primary,
            array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ANY (i.indkey) ORDER BY a.attname) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL`,
  );
  const problems: string[] = [];
  for (const entity of db.entityMetadatas) {
    const table = entity.tableName;
    const inDb = new Map(columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]));
    if (!inDb.size) {
      problems.push(`${entity.name}: ${entity.tableType === 'view' ? 'view' : 'table'} ${table} does not exist`);
      continue;
    }
    for (const column of entity.columns) {
      const found = inDb.get(column.databaseName);
      const name = `${table}.${column.databaseName}`;
      if (!found) {
        problems.push(`${entity.name}.${column.propertyName}: column ${name} does not exist`);
        continue;
      }
      // A view's columns carry no types in the entity (`@ViewColumn()`): that they exist is all it says.
      if (entity.tableType === 'view') continue;
      const expected = family(db.driver.normalizeType(column));
      if (expected !== dbFamily(found))
        problems.push(`${name}: the entity says ${expected}, the table has ${dbFamily(found)}`);
      if (column.isArray !== (found.data_type === 'ARRAY'))
        problems.push(`${name}: the entity says ${column.isArray ? '' : 'not '}an array`);
      // A generated column is nullable to PostgreSQL whatever its expression gives.
      if (found.is_generated !== 'ALWAYS' && column.isNullable !== (found.is_nullable === 'YES')) {
        problems.push(
          `${name}: the entity says ${column.isNullable ? 'nullable' : 'NOT NULL'}, the table ${found.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}`,
        );
      }
    }
    if (entity.tableType === 'view') continue;
    const declared = entity.primaryColumns.map((c) => c.databaseName).sort();
    const tableKeys = keys.filter((k) => k.table_name === table);
    const isKey =
      tableKeys.some((k) => k.columns.join() === declared.join()) &&
      declared.every((c) => inDb.get(c)?.is_nullable === 'NO');
    if (!isKey) {
      const primary = tableKeys.find((k) => k.is_primary)?.columns ?? [];
      problems.push(
        `${table}: the entity's primary key (${declared.join(', ')}) is no key of the table, whose primary key is (${primary.join(', ')})`,
      );
    }
    const mapped = new Set(entity.columns.map((c) => c.databaseName));
    for (const c of inDb.values()) {
      const filled =
        c.column_default !== null || c.is_generated === 'ALWAYS' || c.is_identity === 'YES' || c.is_nullable === 'YES';
      if (!mapped.has(c.column_name) && !filled)
        problems.push(`${table}.${c.column_name}: NOT NULL without a default, and ${entity.name} does not map it`);
    }
  }
  return problems;
}
