import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, IdParam, Permission, RequestContext } from '@clientele/core';
import { SERVICE_READ } from '@clientele/contacts';
import { ServiceSheetQueryDto } from '../dto/service-sheet.dto.js';
import { ServiceSheets } from './service-sheets.service.js';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/services')
export class ServiceSheetsController {
  constructor(private readonly sheets: ServiceSheets) {}

  /** The service settings sheet as a PDF to print (404 unless the caller may read the service). */
  @Get(':id/settings-sheet')
  @Permission(SERVICE_READ, 'on the service or above')
  @ApiProduces('application/pdf')
  async download(
    @IdParam() id: string,
    @Query() query: ServiceSheetQueryDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const sheet = await this.sheets.render(ctx, id, query.templateId, query.language);
    void reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="service.pdf"; filename*=UTF-8''${encodeURIComponent(sheet.filename)}`,
      );
    return sheet.data;
  }
}
