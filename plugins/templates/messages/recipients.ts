import { invalid } from '@clientele/core';
import type { AddressKind } from '../constants.js';
import type { SendEmailDto } from '../dto/message.dto.js';

interface CustomerAddresses {
  customer?: {
    email?: string | null;
    invoiceEmail?: string | null;
    technicalEmail?: string | null;
    businessEmail?: string | null;
  };
  contactPersons?: { id: string; email: string | null }[];
}

const BY_KIND: Record<AddressKind, (c: NonNullable<CustomerAddresses['customer']>) => string | null | undefined> = {
  main: (c) => c.email,
  // The card's billing e-mail, else the main one (what `customer.invoiceEmail` already is).
  billing: (c) => c.invoiceEmail,
  technical: (c) => c.technicalEmail,
  business: (c) => c.businessEmail,
};

/** The customer's addresses of the ticked kinds that it has, each once (a bulk send skips a customer with none). */
export function addressesOfKinds(kinds: readonly AddressKind[], values: CustomerAddresses): string[] {
  const customer = values.customer;
  if (!customer) return [];
  const found = kinds.map((kind) => BY_KIND[kind](customer)?.trim()).filter((a): a is string => !!a);
  return [...new Set(found)];
}

/**
 * The addresses an e-mail goes to, from the customer's card as the sender may read it: each
 * ticked kind must have an address, each contact person must be the customer's and have one.
 * Repeated addresses go out once.
 */
export function emailRecipients(dto: SendEmailDto, values: CustomerAddresses): string[] {
  const found: string[] = [];
  for (const kind of dto.addresses ?? []) {
    const address = values.customer && BY_KIND[kind](values.customer);
    if (!address) throw invalid('addresses', 'NO_ADDRESS', `The customer has no ${kind} e-mail`);
    found.push(address);
  }
  for (const id of dto.contactPersons ?? []) {
    const person = values.contactPersons?.find((p) => p.id === id);
    if (!person) throw invalid('contactPersons', 'NOT_FOUND', 'No such contact person of this customer');
    if (!person.email) throw invalid('contactPersons', 'NO_ADDRESS', 'The contact person has no e-mail');
    found.push(person.email);
  }
  found.push(...(dto.to ?? []));
  if (!found.length) throw invalid('addresses', 'NO_RECIPIENT', 'Choose at least one address');
  return [...new Set(found.map((a) => a.trim()))];
}
