/**
 * The CSV format of customer import and export: one column per card field, headed by its
 * snake_case name. Import accepts any subset in any order (only `name` is required); export
 * writes all of them, so an exported file imports again unchanged.
 */
export const CUSTOMER_COLUMNS = [
  'number',
  'address_book',
  'name',
  'legal_form',
  'representative',
  'street',
  'city',
  'postcode',
  'country',
  'region',
  'gps',
  'email',
  'billing_email',
  'technical_email',
  'business_email',
  'phone',
  'mobile',
  'web',
  'state',
  'tax_ids',
  'bank_account',
  'iban',
  'bic',
  'contract_returned_on',
] as const;

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** `ico:27082440;dic:CZ27082440` ⇄ `[{ type: 'ico', value: '27082440' }, …]` */
export const TAX_ID_SEPARATOR = ';';

export function parseTaxIds(text: string): { type: string; value: string }[] {
  return text
    .split(TAX_ID_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      return colon < 0
        ? { type: 'other', value: part }
        : { type: part.slice(0, colon).trim().toLowerCase(), value: part.slice(colon + 1).trim() };
    });
}

export const formatTaxIds = (taxIds: { type: string; value: string }[]) =>
  taxIds.map((t) => `${t.type}:${t.value}`).join(TAX_ID_SEPARATOR);

/** Header problems stop the import before anything is written: a typo in a header would otherwise drop a whole column silently. */
export function checkHeader(header: string[]): string | null {
  const unknown = header.filter((h) => !(CUSTOMER_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) return `Unknown column(s): ${unknown.join(', ')}. Known: ${CUSTOMER_COLUMNS.join(', ')}`;
  if (!header.includes('name')) return 'The file has no "name" column';
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) return `Repeated column(s): ${repeated.join(', ')}`;
  return null;
}
