import { NodeOf } from '@clientele/core';
import { ADDRESS_BOOK_READ, CONSUMER_READ, CUSTOMER_READ, SERVICE_READ } from './constants.js';
import { AddressBook } from './entities/address-book.entity.js';
import { Consumer } from './entities/consumer.entity.js';
import { ContactPerson } from './entities/contact-person.entity.js';
import { Customer } from './entities/customer.entity.js';
import { Service } from './entities/service.entity.js';

/**
 * The records whose node a contacts route checks its permission on (`@Permission(p, ON_CUSTOMER)`),
 * each with the permission that lets a caller see it: lacking the route's permission, they get 403
 * where they may see the record and 404 where they may not.
 */
export const ON_ADDRESS_BOOK = NodeOf(AddressBook, { seenWith: ADDRESS_BOOK_READ });
export const ON_CUSTOMER = NodeOf(Customer, { seenWith: CUSTOMER_READ });
export const ON_CONSUMER = NodeOf(Consumer, { seenWith: CONSUMER_READ });
export const ON_SERVICE = NodeOf(Service, { seenWith: SERVICE_READ });
export const ON_PERSONS_CUSTOMER = NodeOf(ContactPerson, {
  seenWith: CUSTOMER_READ,
  where: "on the contact person's customer or above",
});
/** Where a new consumer or service is created: seen with the permission to read what is created. */
export const ON_CUSTOMER_FOR_CONSUMERS = NodeOf(Customer, { seenWith: CONSUMER_READ });
export const ON_CONSUMER_FOR_SERVICES = NodeOf(Consumer, { seenWith: SERVICE_READ });
