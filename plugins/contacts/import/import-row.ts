import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError, validationDetails, type ErrorDetail } from '@clientele/core';
import { CreateCustomerDto } from '../dto/customer.dto.js';
import { CustomerChanges, normalizeCustomerFields } from '../customers/customer-input.js';
import { parseTaxIds } from './columns.js';
import { compileDtoCheck } from './dto-check.js';

/** A row that passed every check, in stored form; `state` is still a code, resolved set-based. */
export interface ImportRow {
  line: number;
  number: string | null;
  /** As written in the file: an address book's id or name. */
  addressBookId: string | null;
  state: string | null;
  fields: CustomerChanges;
  /** The row as read, for the reject file when the database refuses it (e.g. its number is taken). */
  raw: Record<string, string>;
}

export interface RejectedRow {
  line: number;
  reason: string;
  raw: Record<string, string>;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const properties = new Map<string, string>();
const property = (column: string) => properties.get(column) ?? properties.set(column, camel(column)).get(column)!;

const passesCreateCustomerDto = compileDtoCheck(CreateCustomerDto);

function describe(details: ErrorDetail[]) {
  return details.map((d) => `${d.field} ${d.code}: ${d.message}`).join('; ');
}

/**
 * Checks one CSV record by the same rules as `POST /api/customers`: the request DTO's
 * constraints, then the card's normalisation (E.164 phones, IBAN/BIC, IČO/INN/VAT check digits,
 * GPS). Blank cells mean "not given". The DTO's constraints run compiled (`compileDtoCheck`);
 * only a row that fails them goes through class-validator itself, which words the reasons.
 */
export function readRow(record: Record<string, string>, line: number): ImportRow | RejectedRow {
  const input: Record<string, unknown> = {};
  for (const column in record) {
    const value = record[column];
    if (value === undefined || column === 'address_book') continue;
    const trimmed = value.trim();
    if (trimmed === '') continue;
    input[property(column)] = column === 'tax_ids' ? parseTaxIds(trimmed) : trimmed;
  }
  // An address book's id or its name; resolved (and access-checked) once per distinct value.
  const addressBook = record.address_book?.trim() || null;
  let dto = input as unknown as CreateCustomerDto;
  if (!passesCreateCustomerDto(input)) {
    dto = plainToInstance(CreateCustomerDto, input);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) return { line, raw: record, reason: describe(validationDetails(errors)) };
  }
  try {
    const fields = normalizeCustomerFields(dto);
    fields.legalForm ??= 'company';
    return {
      line,
      raw: record,
      number: dto.number ?? null,
      addressBookId: addressBook,
      state: dto.state ?? null,
      fields,
    };
  } catch (error) {
    if (error instanceof AppError) return { line, raw: record, reason: describe(error.details ?? []) || error.message };
    throw error;
  }
}

export const isRejected = (row: ImportRow | RejectedRow): row is RejectedRow => 'reason' in row;
