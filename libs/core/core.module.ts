import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModuleRef } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessController,
  GrantsController,
  RolesController,
  UserGroupsController,
} from './access/access.controller.js';
import { Grant, Role, ScopeNode, UserGroup } from './access/access.entities.js';
import { AccessService } from './access/access.service.js';
import { GrantsService } from './access/grants.service.js';
import { RolesService } from './access/roles.service.js';
import { ScopeTreeService } from './access/scope-tree.service.js';
import { UserGroupsService } from './access/user-groups.service.js';
import { AuthController, UsersController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { FailedAttempts } from './auth/failed-attempts.js';
import { StoredUploads } from './files/stored-uploads.js';
import { User } from './auth/user.entity.js';
import { UsersService } from './auth/users.service.js';
import { ClienteleConfig } from './config/config.js';
import { ErrorFilter } from './errors/error.filter.js';
import { EventBus } from './events/event-bus.js';
import { EventDelivery, eventHandlersQueue } from './events/event-handlers.js';
import { EventsController } from './events/events.controller.js';
import { LiveEvents } from './events/live-events.service.js';
import { OutboxFeed } from './events/outbox-feed.js';
import { OutboxRetention } from './events/outbox-retention.js';
import { HistoryController } from './history/history.controller.js';
import { HistoryEntry } from './history/history.entity.js';
import { HistoryQueryService } from './history/history-query.service.js';
import { HistoryReadRules } from './history/history-read-rules.js';
import { HistoryService } from './history/history.service.js';
import { HealthController } from './http/health.controller.js';
import { Metrics } from './http/metrics.js';
import { MetricsController } from './http/metrics.controller.js';
import { PermissionGuard } from './http/permission.guard.js';
import { JobQueue, QUEUE_DEFINITIONS } from './jobs/job-queue.service.js';
import { JobWorkers } from './jobs/job-workers.service.js';
import { JobsController } from './jobs/jobs.controller.js';
import { SchedulerService } from './jobs/scheduler.service.js';
import type { LoadedPlugin } from './plugin/plugin.decorator.js';
import { PluginRegistry } from './plugin/plugin-registry.js';
import { OptionalPorts } from './plugin/ports.js';
import type { QueueDefinition, ScheduledJobDefinition } from './plugin/plugin.types.js';
import { RecordService } from './records/record.service.js';
import { RetentionService } from './records/retention.service.js';
import { ScopedRecords } from './records/scoped-records.js';
import { SettingsController } from './settings/settings.controller.js';
import { SettingsService } from './settings/settings.service.js';
import { StoredSettings } from './settings/stored-settings.entity.js';
import { TemplateVariablesController } from './template-variables/template-variables.controller.js';
import { TemplateVariables } from './template-variables/template-variables.service.js';

/** Core's own scheduled work, declared like a plugin's. */
export const coreJobs: ScheduledJobDefinition[] = [
  {
    name: 'core.purge-deleted',
    cron: '0 17 3 * * *',
    description: 'Purge soft-deleted records past their retention',
    provider: RetentionService,
    method: 'purge',
  },
  {
    name: 'core.prune-login-attempts',
    cron: '0 0 * * * *',
    description: 'Forget failed sign-ins older than a day',
    provider: AuthService,
    method: 'pruneLoginAttempts',
  },
  {
    name: 'core.prune-events',
    cron: '0 41 * * * *',
    description: 'Forget events past their retention',
    provider: OutboxRetention,
    method: 'prune',
  },
];

/** Core's own durable queues, declared like a plugin's. */
export const coreQueues: QueueDefinition[] = [eventHandlersQueue];

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ClienteleConfig, plugins: LoadedPlugin[]): DynamicModule {
    const kinds = plugins.flatMap((p) => p.metadata.scopeKinds ?? []);
    const jobs = [...coreJobs, ...plugins.flatMap((p) => p.metadata.jobs ?? [])];
    const queues = [...coreQueues, ...plugins.flatMap((p) => p.metadata.queues ?? [])];
    const services = [
      AccessService,
      GrantsService,
      RolesService,
      UserGroupsService,
      AuthService,
      FailedAttempts,
      UsersService,
      EventBus,
      HistoryService,
      HistoryQueryService,
      HistoryReadRules,
      JobQueue,
      JobWorkers,
      OptionalPorts,
      OutboxFeed,
      LiveEvents,
      RecordService,
      RetentionService,
      ScopedRecords,
      SettingsService,
      StoredUploads,
      TemplateVariables,
    ];
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forFeature([User, ScopeNode, Role, UserGroup, Grant, HistoryEntry, StoredSettings]),
        ScheduleModule.forRoot(),
      ],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        UsersController,
        AccessController,
        RolesController,
        UserGroupsController,
        GrantsController,
        HistoryController,
        JobsController,
        EventsController,
        SettingsController,
        TemplateVariablesController,
      ],
      providers: [
        { provide: ClienteleConfig, useValue: config },
        { provide: PluginRegistry, useValue: new PluginRegistry(plugins) },
        {
          provide: ScopeTreeService,
          useFactory: (db: DataSource) => new ScopeTreeService(db, kinds),
          inject: [getDataSourceToken()],
        },
        {
          provide: SchedulerService,
          useFactory: (db: DataSource, registry: SchedulerRegistry, moduleRef: ModuleRef) =>
            new SchedulerService(db, registry, moduleRef, jobs),
          inject: [getDataSourceToken(), SchedulerRegistry, ModuleRef],
        },
        { provide: QUEUE_DEFINITIONS, useValue: queues },
        ...services,
        EventDelivery,
        OutboxRetention,
        Metrics,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard (guards run in the order provided): it needs the caller AuthGuard names.
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [ClienteleConfig, PluginRegistry, ScopeTreeService, SchedulerService, ...services],
    };
  }
}
