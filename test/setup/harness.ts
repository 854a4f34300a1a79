import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  ClienteleConfig,
  ClienteleConfigFile,
  RequestContext,
  UsersService,
  createDatabase,
  dropDatabase,
} from '@clientele/core';
import { createApp } from '../../apps/server/app.js';
import { projectRoot } from '../../apps/server/paths.js';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export interface TestApp {
  app: NestFastifyApplication;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  /** A bearer token of the master admin. */
  adminToken: string;
  login(email: string, password: string): Promise<string>;
  /** Creates an activated user and returns its id and a token. */
  user(email: string, options?: { password?: string; homeNodeId?: string }): Promise<{ id: string; token: string }>;
  get<T>(type: new (...args: any[]) => T): T;
  close(): Promise<void>;
}

/**
 * Boots the whole server in-process on a fresh database of its own — or, with
 * `harness.databaseUrl`, on an existing one (kept on close), e.g. to boot again with other plugins.
 */
export async function startTestApp(
  options: Partial<ClienteleConfigFile> = {},
  harness: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const server = process.env.TEST_PG_SERVER_URL;
  if (!server)
    throw new Error('TEST_PG_SERVER_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = harness.databaseUrl ?? (await createDatabase(server, name));
  const config = new ClienteleConfig({ plugins: [], ...options }, projectRoot, {
    ...process.env,
    CLIENTELE_PLUGINS: undefined,
  });
  process.env.CLIENTELE_SCHEDULER ??= 'off';
  const app = await createApp({ databaseUrl, config, logLevel: process.env.LOG_LEVEL ?? 'silent' });
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  const login = async (email: string, password: string) => {
    const res = await http().post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const users = app.get(UsersService);
  if (!harness.databaseUrl)
    await users.create({ ...ADMIN, displayName: 'Admin', isMasterAdmin: true }, RequestContext.system());
  const adminToken = await login(ADMIN.email, ADMIN.password);
  return {
    app,
    databaseUrl,
    http,
    adminToken,
    login,
    async user(email, opts = {}) {
      const password = opts.password ?? 'user-password-1';
      const { user } = await users.create(
        { email, displayName: email.split('@')[0], password, homeNodeId: opts.homeNodeId },
        RequestContext.system(),
      );
      return { id: user.id, token: await login(email, password) };
    },
    get: (type) => app.get(type),
    async close() {
      await app.close();
      if (!harness.databaseUrl) await dropDatabase(server, name);
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
