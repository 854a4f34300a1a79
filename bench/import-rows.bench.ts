/**
 * CPU per row of the customer import's Node side, without a database: `node
 * dist/bench/import-rows.bench.js [ROWS]` (default 20,000) reads the bench CSV and times, per
 * row (CPU time of the process), parsing, checking by the API's rules the way the import does (`readRow`), and the parts
 * of the check alone. Figures in µs/row; see docs/performance.md.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { projectRoot } from '../apps/server/paths.js';
import { CreateCustomerDto } from '../plugins/contacts/dto/customer.dto.js';
import { normalizeCustomerFields } from '../plugins/contacts/customers/customer-input.js';
import { compileDtoCheck } from '../plugins/contacts/import/dto-check.js';
import { parseTaxIds } from '../plugins/contacts/import/columns.js';
import { readRow } from '../plugins/contacts/import/import-row.js';
import { writeCustomersCsv } from './fixtures/customers-csv.js';

const ROWS = Number(process.argv[2] ?? 20_000);
const books = Array.from({ length: 20 }, (_, i) => `Bench book ${String(i + 1).padStart(2, '0')}`);

async function main() {
  const file = join(projectRoot, 'data', 'bench', `customers-${ROWS / 1000}k.csv`);
  await writeCustomersCsv(file, {
    count: ROWS,
    addressBooks: books,
    numberOf: (i) => `B${String(i + 1).padStart(7, '0')}`,
  });
  // CPU time, not wall time: the figures should not depend on what else the machine is doing.
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  let started = cpu();
  const records: Record<string, string>[] = [];
  let header: string[] | null = null;
  for await (const record of createReadStream(file).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
  ) as AsyncIterable<string[]>) {
    if (!header) header = record;
    else records.push(Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])));
  }
  const perRow = (since: number) => ((cpu() - since) / records.length).toFixed(1);
  const figures: Record<string, string> = { 'csv-parse': perRow(started) };

  const time = (label: string, work: (record: Record<string, string>, i: number) => unknown) => {
    for (let i = 0; i < Math.min(2000, records.length); i++) work(records[i], i); // warm-up
    started = cpu();
    records.forEach((r, i) => work(r, i));
    figures[label] = perRow(started);
  };
  let rejected = 0;
  time('readRow (as the import checks)', (r, i) => void ('reason' in readRow(r, i + 2) && rejected++));
  const inputs = records.map((r) => {
    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r))
      if (v.trim() && k !== 'address_book')
        input[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = k === 'tax_ids' ? parseTaxIds(v) : v.trim();
    return input;
  });
  time('plainToInstance + validateSync (reference)', (_, i) =>
    validateSync(plainToInstance(CreateCustomerDto, inputs[i]), { whitelist: true, forbidNonWhitelisted: true }),
  );
  const check = compileDtoCheck(CreateCustomerDto);
  time('compiled DTO check', (_, i) => check(inputs[i]));
  time('normalizeCustomerFields', (_, i) => {
    try {
      normalizeCustomerFields(inputs[i] as never);
    } catch {
      /* counted by readRow */
    }
  });
  console.log(`${records.length} rows, ${rejected} rejected; µs per row:`);
  console.table(figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
