import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  type CsvDelimiterName,
  type CsvEncoding,
  Ctx,
  Permission,
  RequestContext,
  csvBodyStream,
  makeReadable,
  newId,
  receiveUpload,
} from '@clientele/core';
import { BILLING_INVOICE_ISSUE } from '../constants.js';
import { InvoiceImportService } from './invoice-import.service.js';

const MAX_MEGABYTES = 100;

class InvoiceImportQueryDto {
  /** The file's encoding; without it, detected (UTF-8 with or without BOM, windows-1250, windows-1251, ISO-8859-2). */
  @IsOptional() @IsIn([...CSV_ENCODINGS]) encoding?: CsvEncoding;
  /** The file's delimiter; without it, detected from the header row. */
  @IsOptional() @IsIn(Object.keys(CSV_DELIMITERS)) delimiter?: CsvDelimiterName;
  /** A name to know the import by (default: the time of the upload). */
  @IsOptional() @IsString() @MaxLength(300) fileName?: string;
}

/** Invoices issued by another system, imported with their own numbers. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/invoice-imports')
export class InvoiceImportsController {
  constructor(private readonly imports: InvoiceImportService) {}

  /**
   * The CSV in the body (`Content-Type: text/csv`, at most 100 MB): 400 when it lacks a required
   * column or is no CSV (naming the line), else 202 with the import's and the job's id;
   * `GET /api/jobs/:id` shows the progress and, at the end, the counts and the refused rows with
   * their lines. Rows naming a customer the caller may not issue invoices to are refused as unknown.
   */
  @Post()
  @HttpCode(202)
  @Permission(BILLING_INVOICE_ISSUE, 'on the customers the file names or their billing groups')
  @ApiConsumes('text/csv')
  async start(@Query() query: InvoiceImportQueryDto, @Req() request: { body?: unknown }, @Ctx() ctx: RequestContext) {
    const body = csvBodyStream(request.body);
    const file = join(tmpdir(), `clientele-invoices-${newId()}.csv`);
    await receiveUpload(body, file, MAX_MEGABYTES * 1024 * 1024);
    try {
      await makeReadable(file, { encoding: query.encoding, delimiter: query.delimiter });
      return await this.imports.start(ctx, file, query.fileName ?? `upload ${new Date().toISOString()}`);
    } finally {
      await rm(file, { force: true });
    }
  }
}
