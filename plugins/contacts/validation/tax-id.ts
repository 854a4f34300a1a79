import type { TaxId, TaxIdType } from '../entities/customer.entity.js';
import { normalizeIco } from './ico.js';
import { normalizeInn } from './inn.js';
import { normalizeVatId } from './vat-id.js';

export const TAX_ID_TYPES: TaxIdType[] = ['ico', 'dic', 'vat', 'inn', 'other'];

const byType: Record<TaxIdType, (value: string) => string | null> = {
  ico: normalizeIco,
  // The Czech DIČ is a VAT ID with the CZ prefix.
  dic: normalizeVatId,
  vat: normalizeVatId,
  inn: normalizeInn,
  other: (value) => value.trim().replace(/\s+/g, ' ').slice(0, 50) || null,
};

/** The tax ID in its stored form, or null when it fails its type's check. */
export function normalizeTaxId(taxId: TaxId): TaxId | null {
  const value = byType[taxId.type]?.(taxId.value);
  return value ? { type: taxId.type, value } : null;
}
