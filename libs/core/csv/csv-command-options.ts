import type { CommandIO } from '../plugin/plugin.types.js';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  type CsvDelimiterName,
  type CsvEncoding,
  type CsvFormat,
} from './csv-reading.js';

/** How a CLI command that reads or writes CSV names its format options in its usage line. */
export const CSV_FORMAT_USAGE = `[--encoding ${CSV_ENCODINGS.join('|')}] [--delimiter ${Object.keys(CSV_DELIMITERS).join('|')}]`;

/** `--encoding` and `--delimiter` as given (an import detects what is left out), or what is wrong with them. */
export function csvFormatOptions(io: CommandIO): Partial<CsvFormat> | string {
  const { encoding, delimiter } = io.options;
  if (encoding !== undefined && !CSV_ENCODINGS.includes(encoding as CsvEncoding))
    return `--encoding must be one of ${CSV_ENCODINGS.join(', ')}`;
  if (delimiter !== undefined && !(String(delimiter) in CSV_DELIMITERS))
    return `--delimiter must be one of ${Object.keys(CSV_DELIMITERS).join(', ')}`;
  return { encoding: encoding as CsvEncoding | undefined, delimiter: delimiter as CsvDelimiterName | undefined };
}
