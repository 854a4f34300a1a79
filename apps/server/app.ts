import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger as PinoLogger } from 'nestjs-pino';
import qs from 'qs';
import {
  ClienteleConfig,
  CoreModule,
  LoadedPlugin,
  RolesService,
  SESSION_OPTIONS,
  SnakeNamingStrategy,
  coreRoles,
  coreMigrations,
  ListeningClient,
  migrate,
  validationPipe,
} from '@clientele/core';
import { loadPlugins } from './plugin-loader.js';
import { setupOpenApi } from './openapi.js';
import { useSecurityHeaders } from './security-headers.js';
import { loggerModule, ServerLogger } from './logging.js';
import { AdminModule } from './admin/admin.module.js';

export interface AppOptions {
  databaseUrl: string;
  config: ClienteleConfig;
  /** pino level: `info` by default (LOG_LEVEL), `error` or `silent` in tests. */
  logLevel?: string;
}

export interface Booted {
  plugins: LoadedPlugin[];
  module: DynamicModule;
}

/** Loads the enabled plugins, migrates the database for them and composes the NestJS module tree. */
export async function prepare(options: AppOptions, log: (line: string) => void = () => {}): Promise<Booted> {
  const plugins = await loadPlugins(options.config.plugins);
  await migrate(
    options.databaseUrl,
    [
      { plugin: 'core', migrations: coreMigrations },
      ...plugins.map((p) => ({ plugin: p.metadata.id, migrations: p.metadata.migrations ?? [] })),
    ],
    log,
  );
  const module: DynamicModule = {
    module: class ClienteleApp {},
    imports: [
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: options.databaseUrl,
        autoLoadEntities: true,
        synchronize: false,
        retryAttempts: 2,
        retryDelay: 500,
        namingStrategy: new SnakeNamingStrategy(),
        // Every pooled connection hears the database announce token changes (see AuthService).
        extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 20), options: SESSION_OPTIONS, Client: ListeningClient },
      }),
      loggerModule(options.logLevel ?? process.env.LOG_LEVEL ?? 'info'),
      CoreModule.forRoot(options.config, plugins),
      ...plugins.map((p) => p.module as any),
      AdminModule,
    ],
  };
  return { plugins, module };
}

/** Built-in roles carry the permissions the enabled plugins give them. */
export async function syncRoles(app: { get: NestFastifyApplication['get'] }, plugins: LoadedPlugin[]) {
  await app.get(RolesService).syncBuiltins([...coreRoles, ...plugins.flatMap((p) => p.metadata.roles ?? [])]);
}

export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const { plugins, module } = await prepare(options);
  const adapter = new FastifyAdapter({
    bodyLimit: options.config.bodyLimit,
    // `filter[state]=a&filter[createdAt][gte]=…` needs nested query parsing.
    routerOptions: {
      querystringParser: (query: string) =>
        qs.parse(query, { depth: 3, arrayLimit: 100, parameterLimit: 200 }) as Record<string, unknown>,
    },
    trustProxy: process.env.TRUST_PROXY === '1',
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  await useSecurityHeaders(app);
  app.useLogger(new ServerLogger(app.get(PinoLogger)));
  app.useGlobalPipes(validationPipe());
  // JSON is the API's language; a route that takes another type (CSV imports) registers its own parser.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  setupOpenApi(app, plugins);
  await app.init();
  await syncRoles(app, plugins);
  Logger.log(
    `plugins: ${plugins.map((p) => `${p.metadata.id}@${p.metadata.version}`).join(', ') || 'none'}`,
    'Clientele',
  );
  return app;
}
