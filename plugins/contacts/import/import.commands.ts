import { Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import {
  CSV_FORMAT_USAGE,
  CliCommandDefinition,
  CommandIO,
  RequestContext,
  csvFormatOptions,
  readableCsv,
} from '@clientele/core';
import { CustomerImportService, ImportSummary } from './customer-import.service.js';
import { CustomerExportService } from './customer-export.service.js';

const peakMemoryMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** `import customers` and `export customers` for the operator's shell; they act as the system (no user in history). */
@Injectable()
export class CustomerImportCommands {
  constructor(
    private readonly importer: CustomerImportService,
    private readonly exporter: CustomerExportService,
  ) {}

  async importCustomers(io: CommandIO) {
    const [file] = io.args;
    if (!file) {
      io.log(
        `usage: import customers FILE.csv [--reject-file F] [--address-book ID] [--batch-size N] ${CSV_FORMAT_USAGE}`,
      );
      return 2;
    }
    const given = csvFormatOptions(io);
    if (typeof given === 'string') {
      io.log(given);
      return 2;
    }
    const started = Date.now();
    let bar: ReturnType<CommandIO['progress']> | undefined;
    // The operator's file stays as it is; a converted copy (other encoding or delimiter) is read instead.
    const readable = await readableCsv(file, given);
    if (readable.path !== file) io.log(`read as ${readable.format.encoding}, ${readable.format.delimiter}-separated`);
    const summary = await this.importer.importFile(readable.path, RequestContext.system(), {
      fileName: basename(file),
      addressBookId: typeof io.options['address-book'] === 'string' ? io.options['address-book'] : undefined,
      batchSize: io.options['batch-size'] ? Number(io.options['batch-size']) : undefined,
      onProgress: (done, total) => {
        bar ??= io.progress('Importing customers', total);
        bar.update(done);
      },
    });
    bar?.stop();
    if (readable.path !== file) await rm(readable.path, { force: true });
    const rejectFile =
      typeof io.options['reject-file'] === 'string' ? io.options['reject-file'] : `${file}.rejected.csv`;
    if (summary.rejected) await this.writeRejects(summary, rejectFile);
    io.log(describe(summary));
    if (summary.rejected) io.log(`rejected rows with their reasons: ${rejectFile}`);
    io.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s, peak memory ${peakMemoryMb()} MB`);
    return 0;
  }

  async exportCustomers(io: CommandIO) {
    const [file] = io.args;
    const given = csvFormatOptions(io);
    if (typeof given === 'string') {
      io.log(given);
      return 2;
    }
    const out = file ? createWriteStream(file) : process.stdout;
    let count: number;
    try {
      count = await this.exporter.exportTo(out, RequestContext.system(), given);
    } catch (error) {
      if (file) await rm(file, { force: true });
      throw error;
    }
    if (file) {
      out.end();
      await once(out, 'finish');
      io.log(`exported ${count} customers to ${file}`);
    }
    return 0;
  }

  /** All rejects of the run (a resumed run included), with the original columns, the line and the reason. */
  private async writeRejects(summary: ImportSummary, path: string) {
    const out = createWriteStream(path);
    let csv: ReturnType<typeof stringify> | undefined;
    let after = 0;
    for (;;) {
      const page = await this.importer.rejects(summary.importId, after);
      for (const row of page) {
        if (!csv) {
          csv = stringify({ header: true, columns: ['line', 'reason', ...Object.keys(row.raw)] });
          csv.pipe(out);
        }
        if (!csv.write([row.line, row.reason, ...Object.values(row.raw)])) await once(csv, 'drain');
      }
      if (page.length === 0) break;
      after = page[page.length - 1].line;
    }
    csv?.end();
    if (!csv) out.end();
    await once(out, 'finish');
  }
}

export function describe(s: ImportSummary) {
  if (s.alreadyImported)
    return `${s.fileName} was imported before (import ${s.importId}): nothing to do; ${s.imported} imported, ${s.rejected} rejected then`;
  return `${s.resumed ? 'resumed and ' : ''}${s.finished ? 'finished' : 'stopped'}: ${s.imported} imported, ${s.rejected} rejected, ${s.skipped} already present, of ${s.totalRows} rows (import ${s.importId})`;
}

export const customerImportCommands: CliCommandDefinition[] = [
  {
    name: 'import customers',
    usage: 'import customers FILE.csv [--reject-file F] [--address-book ID] [--batch-size N]',
    description: 'Import customers from CSV (resumable; re-running a file adds nothing)',
    provider: CustomerImportCommands,
    method: 'importCustomers',
  },
  {
    name: 'export customers',
    usage: 'export customers [FILE.csv]',
    description: 'Export customers as CSV (to stdout without FILE)',
    provider: CustomerImportCommands,
    method: 'exportCustomers',
  },
];
