import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding, readableCsv } from './csv-reading.js';

const CZECH = 'number;name;city\n1;Dvořák Řehoř;Žďár nad Sázavou\n2;Šťastná Růžena;Třeboň\n';
const RUSSIAN = 'number,name,city\n1,Иванов Пётр,Москва\n2,ООО Ромашка,Казань\n';
const SLOVAK = 'number\tname\n1\tĽubomír Šťastný\n2\tHorská chata Ľubochňa\n';

describe('CSV encodings and delimiters', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clientele-csv-'));
  });
  const saved = async (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };

  it('tells UTF-8 (with or without BOM), windows-1250, windows-1251 and ISO-8859-2 apart', () => {
    expect(detectEncoding(Buffer.from(CZECH))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CZECH)]))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(CZECH, 'windows-1250'))).toBe('windows-1250');
    expect(detectEncoding(iconv.encode(RUSSIAN, 'windows-1251'))).toBe('windows-1251');
    expect(detectEncoding(iconv.encode(CZECH, 'iso-8859-2'))).toBe('iso-8859-2');
    expect(detectEncoding(iconv.encode(SLOVAK, 'windows-1250'))).toBe('windows-1250');
  });

  it('finds the delimiter in the header row: comma, semicolon or tab', () => {
    expect(detectDelimiter('number,name,city')).toBe('comma');
    expect(detectDelimiter('number;name;"city, region"')).toBe('semicolon');
    expect(detectDelimiter('number\tname')).toBe('tab');
    expect(detectDelimiter('name')).toBe('comma');
  });

  it('reads a windows-1250 semicolon file as UTF-8 with commas, letters intact', async () => {
    const { path, format } = await readableCsv(await saved('czech.csv', iconv.encode(CZECH, 'windows-1250')));
    expect(format).toEqual({ encoding: 'windows-1250', delimiter: 'semicolon' });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('1,Dvořák Řehoř,Žďár nad Sázavou');
    expect(text).not.toContain('\uFFFD');
  });

  it('leaves a UTF-8 comma file where it is, and takes a named encoding and delimiter over detection', async () => {
    const plain = await saved('plain.csv', Buffer.from(RUSSIAN));
    expect(await readableCsv(plain)).toEqual({ path: plain, format: { encoding: 'utf-8', delimiter: 'comma' } });
    const named = await readableCsv(await saved('named.csv', iconv.encode(SLOVAK, 'windows-1250')), {
      encoding: 'windows-1250',
      delimiter: 'tab',
    });
    expect(await readFile(named.path, 'utf8')).toContain('1,Ľubomír Šťastný');
  });

  it('refuses bytes that are not the named encoding, and NUL, with the line', async () => {
    const latin = await saved('latin.csv', iconv.encode(CZECH, 'windows-1250'));
    await expect(readableCsv(latin, { encoding: 'utf-8' })).rejects.toMatchObject({
      code: 'INVALID_ENCODING',
      extra: { line: 2 },
    });
    const nul = await saved('nul.csv', Buffer.from('number,name\n1,Ok\n2,Bad\u0000Name\n'));
    await expect(readableCsv(nul)).rejects.toMatchObject({ code: 'INVALID_ENCODING', extra: { line: 3 } });
    const replacement = await saved('replaced.csv', Buffer.from('number,name\n1,Dvo\uFFFD\uFFFDk\n'));
    await expect(readableCsv(replacement)).rejects.toMatchObject({ code: 'INVALID_ENCODING', extra: { line: 2 } });
  });

  it('asks for the encoding rather than guess when the bytes fit none plausibly', async () => {
    const odd = await saved('odd.csv', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x80, 0x85, 0x95, 0x0a]));
    await expect(readableCsv(odd)).rejects.toMatchObject({ code: 'UNKNOWN_ENCODING' });
  });
});
