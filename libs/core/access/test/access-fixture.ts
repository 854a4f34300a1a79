import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createDatabase, dropDatabase } from '../../database/embedded-postgres.js';
import { migrate } from '../../database/migrator.js';
import { SnakeNamingStrategy } from '../../database/naming.js';
import { coreMigrations } from '../../migrations/index.js';
import { RequestContext } from '../../auth/request-context.js';
import { AccessService } from '../access.service.js';
import { ScopeTreeService } from '../scope-tree.service.js';
import type { ScopeKindDefinition } from '../../plugin/plugin.types.js';

/** Records of some module, several per scope node, as any plugin's list would show them. */
@Entity('ref_records')
export class RefRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') nodeId: string;
  @Column('text') title: string;
}

export const KINDS: ScopeKindDefinition[] = [
  { kind: 'region', label: 'Region', parents: ['system'] },
  { kind: 'address_book', label: 'Address book', parents: ['region'] },
  { kind: 'customer', label: 'Customer', parents: ['address_book'] },
  { kind: 'consumer', label: 'Consumer', parents: ['customer'] },
  { kind: 'service', label: 'Service', parents: ['consumer', 'customer'] },
  { kind: 'device', label: 'Device', parents: ['service'] },
];

export interface AccessFixture {
  db: DataSource;
  access: AccessService;
  tree: ScopeTreeService;
  close(): Promise<void>;
}

/** A fresh database with core's schema and the access services built on it, without the HTTP host. */
export async function openAccessFixture(): Promise<AccessFixture> {
  const server = process.env.TEST_PG_SERVER_URL;
  if (!server)
    throw new Error('TEST_PG_SERVER_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  const name = `test_access_${randomBytes(5).toString('hex')}`;
  const url = await createDatabase(server, name);
  await migrate(url, [
    { plugin: 'core', migrations: coreMigrations },
    {
      plugin: 'access-test',
      migrations: [
        {
          name: '0001-ref-records',
          up: `CREATE TABLE ref_records (id uuid PRIMARY KEY, node_id uuid NOT NULL REFERENCES scope_nodes(id), title text NOT NULL); CREATE INDEX ref_records_title ON ref_records (title, id)`,
        },
      ],
    },
  ]);
  const db = new DataSource({
    type: 'postgres',
    url,
    entities: [RefRecord],
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 4 },
  });
  await db.initialize();
  return {
    db,
    access: new AccessService(db),
    tree: new ScopeTreeService(db, KINDS),
    async close() {
      await db.destroy();
      await dropDatabase(server, name);
    },
  };
}

export const asUser = (id: string, isMasterAdmin = false) =>
  new RequestContext({
    id,
    email: `${id}@test.local`,
    displayName: id,
    isMasterAdmin,
    homeNodeId: null,
    activated: true,
    preferences: {},
    tokenId: '',
    tokenKind: 'session',
  });
