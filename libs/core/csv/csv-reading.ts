import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import iconv from 'iconv-lite';
import { AppError } from '../errors/app-error.js';

/** The encodings spreadsheet programs here save CSV in: UTF-8 (with or without BOM), Central European and Cyrillic Windows, ISO Latin-2. */
export const CSV_ENCODINGS = ['utf-8', 'windows-1250', 'windows-1251', 'iso-8859-2'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Comma, or semicolon where the decimal separator is a comma (Czech, Slovak, Russian), or tab. */
export const CSV_DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type CsvDelimiterName = keyof typeof CSV_DELIMITERS;

export interface CsvFormat {
  encoding: CsvEncoding;
  delimiter: CsvDelimiterName;
}

const SAMPLE_BYTES = 256 * 1024;
const SINGLE_BYTE: CsvEncoding[] = ['windows-1250', 'iso-8859-2', 'windows-1251'];
/** Letters of Czech and Slovak weigh most; those of neighbouring Latin-2 languages less. */
const LATIN2_MAIN = new Set('áčďéěíňóôřšťúůýžÁČĎÉĚÍŇÓÔŘŠŤÚŮÝŽľĽäÄ');
const LATIN2_OTHER = new Set('ąćęłńśźżĄĆĘŁŃŚŹŻőűŐŰöüÖÜ');
const isCyrillic = (c: string) => (c >= '\u0410' && c <= '\u044F') || c === 'ё' || c === 'Ё';
const isAsciiLetter = (c: string | undefined) => !!c && /[A-Za-z]/.test(c);

/** How much a decoding looks like text of its languages: plausible letters add, control characters and mixed scripts take away. */
function plausibility(text: string, encoding: CsvEncoding): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c < '\u0080') continue;
    if (c <= '\u009F' || c === '\uFFFD') score -= 3;
    else if (encoding === 'windows-1251')
      score += isCyrillic(c) ? (isAsciiLetter(text[i - 1]) || isAsciiLetter(text[i + 1]) ? -2 : 2) : -1;
    else score += LATIN2_MAIN.has(c) ? 3 : LATIN2_OTHER.has(c) ? 1 : -1;
  }
  return score;
}

/** The single-byte encoding a sample most plausibly is, or null when two readings are equally plausible. */
function guessSingleByte(sample: Buffer): CsvEncoding | null {
  const readings = SINGLE_BYTE.map((encoding) => ({ encoding, text: iconv.decode(sample, encoding) }))
    .map((r) => ({ ...r, score: plausibility(r.text, r.encoding) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = readings;
  if (best.score <= 0) return null;
  // Windows-1250 and ISO-8859-2 agree on most letters: the same text either way is no doubt.
  if (second.score === best.score && second.text !== best.text) return null;
  return best.encoding;
}

/** UTF-8 when the bytes are UTF-8 (or start with its BOM), else the most plausible single-byte encoding; null when unsure. */
export function detectEncoding(sample: Buffer): CsvEncoding | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // A sample may end inside a character: `stream` leaves that incomplete tail undecoded.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return guessSingleByte(sample);
  }
}

/** The delimiter the header row uses most: comma, semicolon or tab (quoted text aside). */
export function detectDelimiter(headerLine: string): CsvDelimiterName {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = (Object.keys(CSV_DELIMITERS) as CsvDelimiterName[]).map((name) => ({
    name,
    n: unquoted.split(CSV_DELIMITERS[name]).length - 1,
  }));
  const best = counts.sort((a, b) => b.n - a.n)[0];
  return best.n > 0 ? best.name : 'comma';
}

const refusal = (code: string, line: number, message: string) =>
  new AppError(400, code, `Line ${line}: ${message}`, [{ field: 'body', code, message: `Line ${line}: ${message}` }], {
    line,
  });

/** Decoded text checked as it passes: a character that cannot be stored, or a byte the encoding lacks, is refused with its line. */
function checkedText(encoding: CsvEncoding) {
  let line = 1;
  let leadingBom = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: string, _enc, next) {
      let text = String(chunk);
      if (leadingBom) {
        text = text.replace(/^\uFEFF/, '');
        leadingBom = false;
      }
      // eslint-disable-next-line no-control-regex -- NUL is one of the characters refused here
      const bad = text.search(/[\u0000\uFFFD]/);
      if (bad !== -1) {
        const at = line + (text.slice(0, bad).match(/\n/g)?.length ?? 0);
        const what =
          text[bad] === '\u0000' ? 'the NUL character, which cannot be stored' : `bytes that are not ${encoding}`;
        return next(
          refusal(
            'INVALID_ENCODING',
            at,
            `${what}. Save the file as UTF-8, or name its encoding (${CSV_ENCODINGS.join(', ')}).`,
          ),
        );
      }
      line += text.match(/\n/g)?.length ?? 0;
      next(null, text);
    },
  });
}

async function sampleOf(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SAMPLE_BYTES), 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Reads a CSV as people here have it — in any of `CSV_ENCODINGS`, separated by comma, semicolon
 * or tab, each given or detected — and writes it as the import reads it: UTF-8, comma-separated.
 * Nothing is guessed silently wrong: bytes the encoding lacks, a replacement character or NUL
 * are refused with their line, and an encoding that cannot be told is refused asking to name it.
 * Answers the path to read (`path` itself when it already is UTF-8 with commas) and the format.
 */
export async function readableCsv(
  path: string,
  given: Partial<CsvFormat> = {},
): Promise<{ path: string; format: CsvFormat }> {
  const sample = await sampleOf(path);
  const encoding = given.encoding ?? detectEncoding(sample);
  if (!encoding) {
    throw new AppError(
      400,
      'UNKNOWN_ENCODING',
      `The file is not UTF-8 and its encoding cannot be told for sure; name it (${CSV_ENCODINGS.join(', ')})`,
      [{ field: 'encoding', code: 'UNKNOWN_ENCODING', message: 'Name the encoding of the file' }],
    );
  }
  const headerLine = iconv.decode(sample, encoding).split(/\r?\n/, 1)[0];
  const format: CsvFormat = { encoding, delimiter: given.delimiter ?? detectDelimiter(headerLine) };
  const decoded = () => [createReadStream(path), iconv.decodeStream(encoding), checkedText(encoding)] as const;
  if (format.encoding === 'utf-8' && format.delimiter === 'comma') {
    // Already what the import reads: checked, not copied.
    await pipeline(...decoded(), new Writable({ write: (_chunk, _enc, next) => next() }));
    return { path, format };
  }
  const out = `${path}.utf8.csv`;
  try {
    if (format.delimiter === 'comma') {
      await pipeline(...decoded(), createWriteStream(out));
    } else {
      const reparse = parse({
        delimiter: CSV_DELIMITERS[format.delimiter],
        relax_column_count: true,
        skip_empty_lines: true,
      });
      await pipeline(...decoded(), reparse, stringify(), createWriteStream(out));
    }
  } catch (error) {
    await rm(out, { force: true });
    throw error;
  }
  return { path: out, format };
}

/** Replaces `path` with its readable form (for uploaded files, which are the server's own copy). */
export async function makeReadable(path: string, given: Partial<CsvFormat> = {}): Promise<CsvFormat> {
  const readable = await readableCsv(path, given);
  if (readable.path !== path) await rename(readable.path, path);
  return readable.format;
}

/** Whether `text` survives the encoding: a single-byte encoding lacks most scripts (Cyrillic in windows-1250 …). */
export const fitsEncoding = (text: string, encoding: CsvEncoding) =>
  // eslint-disable-next-line no-control-regex -- the ASCII range, which every supported encoding keeps
  encoding === 'utf-8' || !/[^\x00-\x7F]/.test(text) || iconv.decode(iconv.encode(text, encoding), encoding) === text;

/** A stream writing CSV text in the chosen encoding (export); UTF-8 passes through. */
export function encoded(encoding: CsvEncoding): NodeJS.ReadWriteStream | null {
  return encoding === 'utf-8' ? null : iconv.encodeStream(encoding);
}
