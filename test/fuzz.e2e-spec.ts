import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PluginRegistry } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';
import { seedOnce } from '../apps/server/seed.js';
import { startTestApp, type TestApp } from './setup/harness.js';
import { hostileRequests, inputCount, type Operation, type FuzzRequest } from './fuzz/requests.js';
import { errorBodyProblem } from './fuzz/error-shape.js';
import { send } from './fuzz/send.js';

/**
 * Every operation of the OpenAPI document, with every built-in plugin enabled and its demo data
 * seeded, receives malformed and hostile requests: wrong types, missing and unknown fields, huge
 * and odd strings, NUL and lone surrogates, bad ids and real ids of records the caller may not
 * see, wrong content types, broken JSON. Nothing may answer 5xx, and every refusal must carry the
 * uniform error body. The operations come from the document, so new routes are covered as they
 * appear. `FUZZ_SEED` and `FUZZ_REQUESTS` repeat or widen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 13);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const answerWithin = <T>(ms: number, answer: Promise<T>) =>
  Promise.race([answer, new Promise<null>((resolve) => setTimeout(resolve, ms, null).unref())]);

const builtInPlugins = () =>
  readdirSync(join(projectRoot, 'plugins')).filter((id) =>
    existsSync(join(projectRoot, 'plugins', id, `${id}.plugin.ts`)),
  );

/** Every id a list answer mentions, to aim requests at records that really exist. */
function collectIds(value: unknown, into: Set<string>) {
  if (typeof value === 'string' && UUID.test(value)) into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => collectIds(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectIds(item, into));
}

describe('hostile requests to every documented operation', () => {
  let t: TestApp;
  let operations: Operation[];
  let realIds: string[];
  const tokens: Record<'admin' | 'outsider', string> = { admin: '', outsider: '' };
  const OUTSIDER = { email: 'outsider@fuzz.local', password: 'outsider-password-1' };

  beforeAll(async () => {
    // Sign-in limits would turn the fuzzer's own bad sign-ins into 429s for its later requests.
    t = await startTestApp({
      plugins: builtInPlugins(),
      auth: { maxFailuresPerAccount: 1e9, maxFailuresPerAddress: 1e9, maxFailuresPerPair: 1e9 },
    });
    await seedOnce(t.app, t.get(PluginRegistry).plugins);
    const outsider = await t.user(OUTSIDER.email, { password: OUTSIDER.password });
    tokens.admin = t.adminToken;
    tokens.outsider = outsider.token;
    const doc = (await t.http().get('/docs-json')).body;
    operations = Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op, doc })),
    );
    const ids = new Set<string>();
    for (const { path, method } of operations) {
      if (method !== 'GET' || path.includes('{')) continue;
      const res = await send(t.app.getHttpAdapter().getInstance(), {
        method: 'GET',
        url: path,
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      if (res.statusCode === 200 && res.body.startsWith('{')) collectIds(JSON.parse(res.body), ids);
    }
    // The fuzzer's own accounts stay usable: no request deactivates or renames them.
    const me = (
      await t
        .http()
        .get('/api/me')
        .set({ Authorization: `Bearer ${tokens.admin}` })
    ).body.id;
    ids.delete(me);
    ids.delete(outsider.id);
    realIds = [...ids].sort();
  });
  afterAll(() => t?.close());

  it('answers no 5xx and only uniform error bodies to thousands of seeded requests', async () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(realIds.length).toBeGreaterThan(10);
    // An operation with more inputs has more ways to go wrong: it gets more of the requests.
    const weights = operations.map(inputCount);
    const total = weights.reduce((a, b) => a + b, 0);
    const requests: FuzzRequest[] = operations.flatMap((operation, i) =>
      fc.sample(hostileRequests(operation, realIds), {
        seed: SEED + i,
        numRuns: Math.ceil((REQUESTS * weights[i]) / total),
      }),
    );
    const fastify = t.app.getHttpAdapter().getInstance();
    const failures = new Map<string, string>();
    for (const request of requests) {
      const headers: Record<string, string> = { ...request.headers };
      if (request.who !== 'anonymous') headers.authorization = `Bearer ${tokens[request.who]}`;
      const res = await answerWithin(
        10_000,
        send(fastify, { method: request.method as never, url: request.url, headers, payload: request.payload }),
      );
      if (!res) {
        failures.set(`${request.method} ${request.route} gave no answer within 10 s`, `${request.who} ${request.url}`);
        continue;
      }
      const problem =
        res.statusCode >= 500
          ? `answered ${res.statusCode}: ${res.body.slice(0, 200)}`
          : res.statusCode >= 400
            ? errorBodyProblem(res.statusCode, res.headers['content-type'], res.body)
            : null;
      if (problem)
        failures.set(
          `${request.method} ${request.route} ${problem}`,
          `${request.who} ${request.url} ${JSON.stringify(request.headers)} ${String(request.payload).slice(0, 300)}`,
        );
      // A request may sign its caller out (logout) or revoke its key: sign in again and go on.
      if (res.statusCode === 401 && request.who !== 'anonymous') {
        tokens.admin = await t.login('admin@test.local', 'admin-password-1');
        tokens.outsider = await t.login(OUTSIDER.email, OUTSIDER.password);
      }
    }
    expect([...failures].slice(0, 15).map(([what, example]) => `${what}\n    e.g. ${example}`)).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(REQUESTS);
  }, 120_000);
});
