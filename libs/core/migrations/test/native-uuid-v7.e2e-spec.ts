import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../../../test/setup/harness.js';

/** The version nibble, the variant bits and the 48-bit millisecond time of a UUIDv7. */
const partsOf = (uuid: string) => {
  const hex = uuid.replace(/-/g, '');
  return { version: hex[12], variant: parseInt(hex[16], 16) >> 2, millis: parseInt(hex.slice(0, 12), 16) };
};

describe('clientele_uuid_v7()', () => {
  let t: TestApp;
  let db: DataSource;
  let native: boolean;
  beforeAll(async () => {
    t = await startTestApp({ plugins: [] });
    db = t.get(DataSource);
    native = Number((await db.query('SHOW server_version_num'))[0].server_version_num) >= 180000;
  });
  afterAll(() => t?.close());

  it('hands over to PostgreSQL’s own uuidv7() on a server that has it, and keeps its SQL body on older ones', async () => {
    const [{ body }] = await db.query(`SELECT prosrc AS body FROM pg_proc WHERE proname = 'clientele_uuid_v7'`);
    if (native) expect(body.trim()).toBe('SELECT uuidv7()');
    else expect(body).toContain('clock_timestamp()');
    const [{ applied }] = await db.query(
      `SELECT count(*)::int AS applied FROM clientele_migrations WHERE plugin = 'core' AND name = '0006-native-uuid-v7'`,
    );
    expect(applied).toBe(1);
  });

  it('makes version-7 UUIDs stamped with the current millisecond', async () => {
    const before = Date.now();
    const [{ id }] = await db.query(`SELECT clientele_uuid_v7()::text AS id`);
    const after = Date.now();
    const { version, variant, millis } = partsOf(id);
    expect(version).toBe('7');
    expect(variant).toBe(0b10);
    expect(millis).toBeGreaterThanOrEqual(before - 1000);
    expect(millis).toBeLessThanOrEqual(after + 1000);
  });

  it('makes a distinct id for every row of a set-based insert, ordered as they were made', async () => {
    const rows: { id: string }[] = await db.query(
      `SELECT clientele_uuid_v7()::text AS id FROM generate_series(1, 20000) ORDER BY generate_series`,
    );
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Within one statement the native function counts up inside each millisecond.
    if (native) expect([...ids].sort()).toEqual(ids);
    else expect(ids.every((id) => partsOf(id).version === '7')).toBe(true);
  });
});
