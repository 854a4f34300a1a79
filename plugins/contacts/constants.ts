export const ADDRESS_BOOK_READ = 'contacts.address_book.read';
export const ADDRESS_BOOK_MANAGE = 'contacts.address_book.manage';
export const CUSTOMER_READ = 'contacts.customer.read';
export const CUSTOMER_WRITE = 'contacts.customer.write';
export const CUSTOMER_DELETE = 'contacts.customer.delete';
export const CONSUMER_READ = 'contacts.consumer.read';
export const CONSUMER_WRITE = 'contacts.consumer.write';
export const CONSUMER_DELETE = 'contacts.consumer.delete';
export const SERVICE_READ = 'contacts.service.read';
export const SERVICE_WRITE = 'contacts.service.write';
export const SERVICE_DELETE = 'contacts.service.delete';
export const SERVICE_RUN = 'contacts.service.run';
export const CUSTOMER_USERS_READ = 'contacts.customer_user.read';
export const CUSTOMER_USERS_MANAGE = 'contacts.customer_user.manage';
export const SUPPORT_VALUES_WRITE = 'contacts.support_value.write';
/** Operator-wide lists: service templates, states, support parameters, custom variables. */
export const CATALOG_MANAGE = 'contacts.catalog.manage';

export const KIND_ADDRESS_BOOK = 'address_book';
export const KIND_CUSTOMER = 'customer';
export const KIND_CONSUMER = 'consumer';
export const KIND_SERVICE = 'service';

/** The record type of customers in history, events and custom fields. */
export const CUSTOMER_TYPE = 'customer';

export const MAX_SUPPORT_PARAMETERS = 7;
