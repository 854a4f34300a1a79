import { ClienteleEvent, RecordChanged, RecordsPurged, type Notifiable, type RecordChange } from '@clientele/core';

/** A customer was created — published with its default consumer in the same transaction, so handlers find both. */
export class CustomerCreated extends RecordChanged {
  static readonly type = 'customer.created';
  static readonly notifiable: Notifiable<RecordChange> = {
    context: 'customer',
    record: (p) => p.id,
    customer: (p) => p.id,
  };
}

export class CustomerUpdated extends RecordChanged {
  static readonly type = 'customer.updated';
}

export class CustomerDeleted extends RecordChanged {
  static readonly type = 'customer.deleted';
}

export class CustomerRestored extends RecordChanged {
  static readonly type = 'customer.restored';
}

/** Deleted customers past their retention are gone for good (contacts drops their scope nodes). */
export class CustomersPurged extends RecordsPurged {
  static readonly type = 'customer.purged';
}

export class ConsumerCreated extends RecordChanged {
  static readonly type = 'consumer.created';
}

export class ConsumerUpdated extends RecordChanged {
  static readonly type = 'consumer.updated';
}

export class ConsumerDeleted extends RecordChanged {
  static readonly type = 'consumer.deleted';
}

export class ConsumerRestored extends RecordChanged {
  static readonly type = 'consumer.restored';
}

export class ServiceCreated extends RecordChanged {
  static readonly type = 'service.created';
}

export class ServiceUpdated extends RecordChanged {
  static readonly type = 'service.updated';
}

export class ServiceDeleted extends RecordChanged {
  static readonly type = 'service.deleted';
}

export class ServiceRestored extends RecordChanged {
  static readonly type = 'service.restored';
}

export class SupportParameterCreated extends RecordChanged {
  static readonly type = 'support_parameter.created';
}

export class SupportParameterUpdated extends RecordChanged {
  static readonly type = 'support_parameter.updated';
}

/**
 * One committed batch of a customer import (not one event per row): how many customers it
 * created, in which address books. `addressBookId` is set when the whole batch went into one.
 */
export class CustomersImported extends ClienteleEvent<{
  importId: string;
  batch: number;
  imported: number;
  addressBookIds: string[];
}> {
  static readonly type = 'customer.imported';
}

export const customerEvents = {
  created: CustomerCreated,
  updated: CustomerUpdated,
  deleted: CustomerDeleted,
  restored: CustomerRestored,
  purged: CustomersPurged,
};
export const consumerEvents = {
  created: ConsumerCreated,
  updated: ConsumerUpdated,
  deleted: ConsumerDeleted,
  restored: ConsumerRestored,
};
export const serviceEvents = {
  created: ServiceCreated,
  updated: ServiceUpdated,
  deleted: ServiceDeleted,
  restored: ServiceRestored,
};
export const supportParameterEvents = { created: SupportParameterCreated, updated: SupportParameterUpdated };

/** Every event contacts publishes: the records' changes (through RecordService and RetentionService) and the import's batches. */
export const contactsEvents = [
  ...Object.values(customerEvents),
  ...Object.values(consumerEvents),
  ...Object.values(serviceEvents),
  ...Object.values(supportParameterEvents),
  CustomersImported,
];
