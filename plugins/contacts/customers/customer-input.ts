import { AppError, type ErrorDetail } from '@clientele/core';
import type { Customer, TaxId } from '../entities/customer.entity.js';
import type { CustomerFieldsDto } from '../dto/customer.dto.js';
import { normalizeBic, normalizeIban } from '../validation/bank.js';
import { normalizeEmail } from '../validation/email.js';
import { parseGps } from '../validation/gps.js';
import { normalizePhone } from '../validation/phone.js';
import { normalizeTaxId } from '../validation/tax-id.js';
import type { CountryCode } from 'libphonenumber-js';

/** Card fields after normalisation; `state` and `customFields` are resolved by the service. */
export type CustomerChanges = Partial<Omit<Customer, 'state' | 'customFields'>>;

const TEXT_FIELDS = [
  'name',
  'legalForm',
  'representative',
  'street',
  'city',
  'postcode',
  'region',
  'web',
  'bankAccount',
  'contractReturnedOn',
  'accountManagerId',
  'supportSpecialistId',
] as const;
const EMAIL_FIELDS = ['email', 'billingEmail', 'technicalEmail', 'businessEmail'] as const;
const PHONE_FIELDS = ['phone', 'mobile'] as const;

const blankToNull = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim();

/**
 * Turns submitted card fields into stored values: e-mails lower-cased, phones in E.164, IBAN and
 * BIC checked, tax IDs checked by type, GPS parsed. All problems are reported at once, each
 * naming its field. Used by the API and by the import alike.
 */
export function normalizeCustomerFields(
  input: CustomerFieldsDto & { name?: string },
  defaultCountry: CountryCode = 'CZ',
): CustomerChanges {
  const out: CustomerChanges = {};
  const problems: ErrorDetail[] = [];
  const fail = (field: string, code: string, message: string) => problems.push({ field, code, message });

  for (const key of TEXT_FIELDS) {
    const value = blankToNull(input[key] as string | null | undefined);
    if (value !== undefined) (out as any)[key] = value;
  }
  if (input.country !== undefined) out.country = blankToNull(input.country)?.toUpperCase() ?? null;
  for (const key of EMAIL_FIELDS) {
    const value = blankToNull(input[key]);
    if (value === undefined) continue;
    const email = value === null ? null : normalizeEmail(value);
    if (value !== null && !email) fail(key, 'INVALID_EMAIL', `${key} is not an e-mail address`);
    out[key] = email;
  }
  for (const key of PHONE_FIELDS) {
    const value = blankToNull(input[key]);
    if (value === undefined) continue;
    const phone =
      value === null ? null : normalizePhone(value, (input.country?.toUpperCase() as CountryCode) || defaultCountry);
    if (value !== null && !phone) fail(key, 'INVALID_PHONE', `${key} is not a phone number`);
    out[key] = phone;
  }
  const iban = blankToNull(input.iban);
  if (iban !== undefined) {
    out.iban = iban === null ? null : normalizeIban(iban);
    if (iban !== null && !out.iban) fail('iban', 'INVALID_IBAN', 'The IBAN is not valid (check digits or format)');
  }
  const bic = blankToNull(input.bic);
  if (bic !== undefined) {
    out.bic = bic === null ? null : normalizeBic(bic);
    if (bic !== null && !out.bic) fail('bic', 'INVALID_BIC', 'The BIC is not valid');
  }
  if (input.taxIds !== undefined) {
    out.taxIds = input.taxIds.map((taxId, i) => {
      const normalized = normalizeTaxId(taxId as TaxId);
      if (!normalized)
        fail(
          `taxIds.${i}.value`,
          `INVALID_${taxId.type.toUpperCase()}`,
          `${taxId.value} is not a valid ${taxId.type.toUpperCase()}`,
        );
      return normalized ?? (taxId as TaxId);
    });
  }
  const gps = blankToNull(input.gps);
  if (gps) {
    const coordinates = parseGps(gps);
    if (!coordinates) fail('gps', 'INVALID_GPS', 'GPS must be decimal degrees or degrees, minutes and seconds');
    else Object.assign(out, coordinates);
  } else if (gps === null) Object.assign(out, { latitude: null, longitude: null });
  if (input.latitude !== undefined) out.latitude = input.latitude;
  if (input.longitude !== undefined) out.longitude = input.longitude;
  if (
    (out.latitude == null) !== (out.longitude == null) &&
    (input.latitude !== undefined || input.longitude !== undefined || gps)
  ) {
    fail('latitude', 'INCOMPLETE_GPS', 'Give both latitude and longitude');
  }

  if (problems.length)
    throw new AppError(400, 'VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return out;
}
