import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  type CsvDelimiterName,
  type CsvEncoding,
  Ctx,
  NodeIn,
  Permission,
  RequestContext,
  SettingsService,
  csvBodyStream,
  makeReadable,
  newId,
  receiveUpload,
} from '@clientele/core';
import { ContactsCatalog } from '../catalog/catalog-lookups.js';
import { ADDRESS_BOOK_READ, CUSTOMER_WRITE } from '../constants.js';
import { ContactsSettings } from '../settings.js';
import { CustomerImportService } from './customer-import.service.js';
import { CustomerImportJob } from './import.job.js';

class ImportQueryDto {
  /** Address book of rows that name none; without it, the default address book. */
  @IsOptional() @IsUUID() addressBookId?: string;
  /** Rows written (and committed, with the progress) together; default 10,000. Smaller batches show progress more often. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(50_000) batchSize?: number;
  /** The file's encoding; without it, detected (UTF-8 with or without BOM, windows-1250, windows-1251, ISO-8859-2). */
  @IsOptional() @IsIn([...CSV_ENCODINGS]) encoding?: CsvEncoding;
  /** The file's delimiter; without it, detected from the header row. */
  @IsOptional() @IsIn(Object.keys(CSV_DELIMITERS)) delimiter?: CsvDelimiterName;
}

@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/customers/import')
export class CustomerImportController {
  constructor(
    private readonly importer: CustomerImportService,
    private readonly catalog: ContactsCatalog,
    private readonly jobs: CustomerImportJob,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Starts an import of the CSV in the body (`Content-Type: text/csv`, at most
   * the setting `importMaxMegabytes`, default 100 MB) and answers 202 with the job id; progress and
   * the outcome (counts and the first 1000 rejected rows with reasons) at `GET /api/jobs/:id`.
   * The file is stored before the answer; the import runs as a durable job in any server process,
   * continuing after the last committed batch if a process dies.
   * Needs `contacts.customer.write` on every address book the file fills.
   */
  @Post()
  @HttpCode(202)
  @Permission(
    CUSTOMER_WRITE,
    NodeIn(
      { query: 'addressBookId' },
      { seenWith: ADDRESS_BOOK_READ, where: 'on every address book the file fills, or above' },
    ),
  )
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Import customers from CSV as a background job' })
  async start(
    @Query() query: ImportQueryDto,
    @Req() request: { body?: unknown; headers: Record<string, string | undefined> },
    @Ctx() ctx: RequestContext,
  ) {
    const body = csvBodyStream(request.body);
    const addressBookId = query.addressBookId ?? (await this.catalog.defaultAddressBookId());
    await this.importer.checkAddressBook(addressBookId, ctx);
    const file = join(tmpdir(), `clientele-import-${newId()}.csv`);
    await receiveUpload(body, file, (await this.settings.get(ContactsSettings)).importMaxMegabytes * 1024 * 1024);
    try {
      await makeReadable(file, { encoding: query.encoding, delimiter: query.delimiter });
      return { jobId: await this.jobs.start(file, ctx, addressBookId, query.batchSize) };
    } finally {
      await rm(file, { force: true });
    }
  }
}
