/**
 * The yardstick for P1: `GET /api/customers/:id` answered by plain node:http and pg — no
 * framework, no authentication, no access check — running the same SELECT on the same database.
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
});
const ROUTE = /^\/api\/customers\/([0-9a-f-]{36})$/;
const SELECT = process.env.BARE_SELECT ?? 'SELECT * FROM contacts_customers WHERE id = $1 AND deleted_at IS NULL';

const server = createServer(async (req, res) => {
  const match = ROUTE.exec(req.url ?? '');
  if (req.method !== 'GET' || !match) {
    res.writeHead(404).end();
    return;
  }
  try {
    const { rows } = await pool.query(SELECT, [match[1]]);
    if (!rows[0]) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows[0]));
  } catch (error) {
    res.writeHead(500).end(String((error as Error).message));
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on('SIGTERM', () => server.close(() => void pool.end().finally(() => process.exit(0))));
