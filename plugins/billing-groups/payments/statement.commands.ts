import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { CliCommandDefinition, CommandIO, RequestContext } from '@clientele/core';
import { StatementImportService } from './statement-import.service.js';

/** A CAMT.053 statement is XML; anything else is read as ABO/GPC. */
const formatOf = (file: Buffer, asked: unknown): 'gpc' | 'camt053' | null => {
  if (asked === 'gpc' || asked === 'camt053') return asked;
  if (asked !== undefined) return null;
  return file.subarray(0, 200).toString('latin1').trimStart().startsWith('<') ? 'camt053' : 'gpc';
};

/** `billing import-statement` for the operator's shell (e.g. a statement fetched from the bank every night); it acts as the system. */
@Injectable()
export class StatementCommands {
  constructor(private readonly statements: StatementImportService) {}

  async importStatement(io: CommandIO) {
    const [path] = io.args;
    if (!path) {
      io.log('usage: billing import-statement FILE [--format gpc|camt053]');
      return 2;
    }
    const file = await readFile(path);
    const format = formatOf(file, io.options.format);
    if (!format) {
      io.log('--format is gpc or camt053');
      return 2;
    }
    const started = Date.now();
    const result = await this.statements.importNow(RequestContext.system(), format, file);
    if (!result) {
      io.log(`${path} was imported before: nothing changed`);
      return 0;
    }
    io.log(
      `${result.payments} payments: ${result.matched} matched, ${result.unmatched} waiting for a person; ` +
        `${result.skipped} debits or reversals skipped, ${result.duplicates} already imported from another statement`,
    );
    io.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }
}

export const statementCommands: CliCommandDefinition[] = [
  {
    name: 'billing import-statement',
    usage: 'FILE [--format gpc|camt053]',
    description: 'Import a bank statement (ABO/GPC or CAMT.053) and match its payments to customers',
    provider: StatementCommands,
    method: 'importStatement',
  },
];
