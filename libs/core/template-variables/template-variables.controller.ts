import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { Ctx, RequestContext } from '../auth/request-context.js';
import { TemplateVariables } from './template-variables.service.js';

const CONTEXT = /^[a-z][a-z0-9_-]{0,49}$/;

class VariablesQueryDto {
  /** `customer`, `service`, `ticket` …; without it, every context. */
  @IsOptional()
  @Matches(CONTEXT, { message: 'context must be a context name such as customer' })
  context?: string;
}

class ValuesQueryDto {
  @Matches(CONTEXT, { message: 'context must be a context name such as customer' })
  context: string;

  @IsUUID()
  id: string;
}

@ApiTags('template-variables')
@ApiBearerAuth()
@Controller('api/template-variables')
export class TemplateVariablesController {
  constructor(private readonly variables: TemplateVariables) {}

  /** Names of variables, not data: any signed-in user may list them. */
  @Get()
  @ApiOperation({ summary: 'Variables templates may use: key, label, type, example, description, context and plugin' })
  list(@Query() query: VariablesQueryDto) {
    return { items: this.variables.list(query.context) };
  }

  /** Each contributing plugin checks that the caller may read the record; 404 when not. */
  @Get('values')
  @ApiOperation({ summary: 'The variables of one record as a nested object (customer.name, service.status …)' })
  values(@Query() query: ValuesQueryDto, @Ctx() ctx: RequestContext) {
    return this.variables.values(query.context, query.id, ctx);
  }
}
