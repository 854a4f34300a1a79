import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModuleRef } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessController, GrantsController, RolesController, UserGroupsController } from './access/access.controller.js';
import { Grant, Role, ScopeNode, UserGroup } from './access/access.entities.js';
import { AccessService } from './access/access.service.js';
import { GrantsService } from './access/grants.service.js';
import { RolesService } from './access/roles.service.js';
import { ScopeTreeService } from './access/scope-tree.service.js';
import { UserGroupsService } from './access/user-groups.service.js';
import { AuthController, UsersController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { User } from './auth/user.entity.js';
import { UsersService } from './auth/users.service.js';
import { ClienteleConfig } from './config/config.js';
import { ErrorFilter } from './errors/error.filter.js';
import { EventBus } from './events/event-bus.js';
import { HistoryController } from './history/history.controller.js';
import { HistoryEntry } from './history/history.entity.js';
import { HistoryQueryService } from './history/history-query.service.js';
import { HistoryService } from './history/history.service.js';
import { HealthController } from './http/health.controller.js';
import { Metrics } from './http/metrics.js';
import { MetricsController } from './http/metrics.controller.js';
import { PermissionGuard } from './http/permission.guard.js';
import { BackgroundJobs } from './jobs/background-jobs.service.js';
import { JobsController } from './jobs/jobs.controller.js';
import { SchedulerService } from './jobs/scheduler.service.js';
import type { LoadedPlugin } from './plugin/plugin.decorator.js';
import { PluginRegistry } from './plugin/plugin-registry.js';
import type { ScheduledJobDefinition } from './plugin/plugin.types.js';
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
  { name: 'core.purge-deleted', cron: '0 17 3 * * *', description: 'Purge soft-deleted records past their retention', provider: RetentionService, method: 'purge' },
  { name: 'core.prune-login-attempts', cron: '0 0 * * * *', description: 'Forget failed sign-ins older than a day', provider: AuthService, method: 'pruneLoginAttempts' },
];

/** Connects the event handlers the plugins' manifests list to the event bus. */
@Injectable()
class EventWiring implements OnModuleInit {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly bus: EventBus,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit() {
    for (const plugin of this.registry.plugins) {
      for (const handler of plugin.metadata.events?.handlers ?? []) {
        const provider = this.moduleRef.get(handler.provider, { strict: false });
        this.bus.on(handler.event, (payload) => provider[handler.method](payload));
      }
    }
  }
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ClienteleConfig, plugins: LoadedPlugin[]): DynamicModule {
    const kinds = plugins.flatMap((p) => p.metadata.scopeKinds ?? []);
    const jobs = [...coreJobs, ...plugins.flatMap((p) => p.metadata.jobs ?? [])];
    const services = [
      AccessService, GrantsService, RolesService, UserGroupsService, AuthService, UsersService, EventBus, HistoryService,
      HistoryQueryService, BackgroundJobs, RecordService, RetentionService, ScopedRecords, SettingsService, TemplateVariables,
    ];
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forFeature([User, ScopeNode, Role, UserGroup, Grant, HistoryEntry, StoredSettings]),
        EventEmitterModule.forRoot({ wildcard: false }),
        ScheduleModule.forRoot(),
      ],
      controllers: [
        HealthController, MetricsController, AuthController, UsersController, AccessController, RolesController, UserGroupsController,
        GrantsController, HistoryController, JobsController, SettingsController, TemplateVariablesController,
      ],
      providers: [
        { provide: ClienteleConfig, useValue: config },
        { provide: PluginRegistry, useValue: new PluginRegistry(plugins) },
        { provide: ScopeTreeService, useFactory: (db: DataSource) => new ScopeTreeService(db, kinds), inject: [getDataSourceToken()] },
        {
          provide: SchedulerService,
          useFactory: (db: DataSource, registry: SchedulerRegistry, moduleRef: ModuleRef) => new SchedulerService(db, registry, moduleRef, jobs),
          inject: [getDataSourceToken(), SchedulerRegistry, ModuleRef],
        },
        ...services,
        EventWiring,
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
