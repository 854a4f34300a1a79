import { Injectable } from '@nestjs/common';
import { CSV_FORMAT_USAGE, CliCommandDefinition, CommandIO, RequestContext, csvFormatOptions } from '@clientele/core';
import { InvoiceImportService } from './invoice-import.service.js';

const USAGE = `FILE ${CSV_FORMAT_USAGE}`;

/** `billing import-invoices` for the operator's shell (moving from another billing system); it acts as the system. */
@Injectable()
export class InvoiceImportCommands {
  constructor(private readonly imports: InvoiceImportService) {}

  async importInvoices(io: CommandIO) {
    const [path] = io.args;
    if (!path) {
      io.log(`usage: billing import-invoices ${USAGE}`);
      return 2;
    }
    const format = csvFormatOptions(io);
    if (typeof format === 'string') {
      io.log(format);
      return 2;
    }
    const started = Date.now();
    const result = await this.imports.importNow(RequestContext.system(), path, format);
    io.log(
      `${result.invoices} invoices in ${result.rows} rows: ${result.imported} imported, ` +
        `${result.unchanged} imported before (left as they were), ${result.rejected} refused`,
    );
    for (const error of result.errors) io.log(`line ${error.line}: ${error.field}: ${error.message}`);
    io.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result.rejected ? 1 : 0;
  }
}

export const invoiceImportCommands: CliCommandDefinition[] = [
  {
    name: 'billing import-invoices',
    usage: USAGE,
    description: 'Import invoices issued by another system from a CSV file, with their own numbers',
    provider: InvoiceImportCommands,
    method: 'importInvoices',
  },
];
