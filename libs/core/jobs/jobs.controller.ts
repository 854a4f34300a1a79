import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { IdParam } from '../http/id-param.js';
import { JobQueue } from './job-queue.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/jobs')
export class JobsController {
  constructor(private readonly jobs: JobQueue) {}

  /** Progress and result of a long operation started by the caller. */
  @Get(':id')
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.jobs.get(id, ctx);
  }
}
