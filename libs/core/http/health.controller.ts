import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../errors/app-error.js';
import { Public } from '../auth/request-context.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: PluginRegistry,
    private readonly queue: JobQueue,
  ) {}

  @Public()
  @Get('health')
  async health() {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new AppError(503, 'DATABASE_DOWN', 'The database is not reachable');
    }
    // `jobs.keepingUp` is false while a queue has a job ready to run for over a minute (`behind` names the queues).
    return {
      status: 'ok',
      database: 'up',
      jobs: await this.queue.keepingUp(),
      plugins: this.registry.plugins.map((p) => p.metadata.id),
    };
  }
}
