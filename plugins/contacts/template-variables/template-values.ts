import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, AppError, RequestContext, notFound } from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_USERS_READ, SERVICE_READ } from '../constants.js';
import { Customer } from '../entities/customer.entity.js';
import { CustomersService } from '../customers/customers.service.js';

type Card = Awaited<ReturnType<CustomersService['get']>>;

/** What the `customer` variables take from the card (the card itself, or a row read for many customers at once). */
type CardFields = Pick<Card, (typeof CARD_FIELDS)[number] | 'invoiceEmail'> & {
  state: { code: string; name: string } | null;
  addressBook: { name: string } | null;
};

/** The customer's own columns the variables show. */
const CARD_FIELDS = [
  'id',
  'number',
  'name',
  'legalForm',
  'representative',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'email',
  'technicalEmail',
  'businessEmail',
  'phone',
  'mobile',
  'web',
  'iban',
  'bic',
  'bankAccount',
  'taxIds',
  'customFields',
] as const;

interface ServiceRow {
  id: string;
  name: string;
  status: string;
  settings: Record<string, unknown>;
  template: string;
  customer_id: string;
  consumer: string;
}

/** The values of contacts' template variables for one record, each part only when the caller may read it. */
@Injectable()
export class ContactsTemplateValues {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly customers: CustomersService,
  ) {}

  /** Context `customer`: 404 unless the caller may read the customer. */
  async customer(id: string, ctx: RequestContext) {
    const [card, [service], contactPersons] = await Promise.all([
      this.customers.get(id, ctx),
      this.services("s.customer_id = $1 AND s.status = 'active'", id, ctx),
      this.contactPersons(id, ctx),
    ]);
    return { customer: customerValues(card), service: service ? serviceValues(service) : null, contactPersons };
  }

  /**
   * Context `customer` for many customers at once (bulk sends): the same values as `customer`,
   * keyed by id, for those the caller may read; one statement each for the cards, their active
   * services and their contact persons.
   */
  async manyCustomers(ids: string[], ctx: RequestContext) {
    const [cards, services, people] = await Promise.all([
      this.cards(ids, ctx),
      this.activeServices(ids, ctx),
      this.contactPersonsOf(ids, ctx),
    ]);
    const byCustomer = new Map<string, ServiceRow>(services.map((s) => [s.customer_id, s]));
    return new Map(
      cards.map((card) => {
        const service = byCustomer.get(card.id);
        const values = {
          customer: customerValues(card),
          service: service ? serviceValues(service) : null,
          contactPersons: people.get(card.id) ?? [],
        };
        return [card.id, values];
      }),
    );
  }

  /** Context `service`: 404 unless the caller may read the service; its customer's values only for those who may read the customer. */
  async service(id: string, ctx: RequestContext) {
    const [service] = await this.services('s.id = $1', id, ctx);
    if (!service) throw notFound('Service');
    const card = await this.customers.get(service.customer_id, ctx).catch((error: unknown) => {
      if (error instanceof AppError && error.statusCode === 404) return null;
      throw error;
    });
    return {
      service: serviceValues(service),
      consumer: { name: service.consumer },
      customer: card ? customerValues(card) : null,
      contactPersons: card ? await this.contactPersons(card.id, ctx) : [],
    };
  }

  /** Live services matching `where` (on `$1`) the caller may read, oldest first. */
  private services(where: string, value: string, ctx: RequestContext): Promise<ServiceRow[]> {
    const params: unknown[] = [value];
    const visible = this.access.filterSql('s.id', SERVICE_READ, ctx, params);
    return this.db.query(
      `SELECT s.id, s.name, s.status, s.settings, s.customer_id, t.name AS template, cn.name AS consumer
         FROM contacts_services s
         JOIN contacts_service_templates t ON t.id = s.template_id
         JOIN contacts_consumers cn ON cn.id = s.consumer_id
        WHERE ${where} AND s.deleted_at IS NULL AND ${visible}
        ORDER BY s.id LIMIT 1`,
      params,
    );
  }

  /** The live cards among `ids` the caller may read, shaped as the card shows them. */
  private async cards(ids: string[], ctx: RequestContext): Promise<CardFields[]> {
    const params: unknown[] = [ids];
    const visible = this.access.filterSql('c.id', CUSTOMER_READ, ctx, params);
    const metadata = this.db.getMetadata(Customer);
    const columns = CARD_FIELDS.map((p) => `c.${metadata.findColumnWithPropertyName(p)!.databaseName} AS "${p}"`);
    const rows: (Omit<CardFields, 'state' | 'addressBook'> & Record<string, any>)[] = await this.db.query(
      `SELECT ${columns.join(', ')}, COALESCE(c.billing_email, c.email) AS "invoiceEmail",
              st.code AS "stateCode", st.name AS "stateName", b.name AS "bookName"
         FROM contacts_customers c
         LEFT JOIN contacts_customer_states st ON st.id = c.state_id
         LEFT JOIN contacts_address_books b ON b.id = c.address_book_id
        WHERE c.id = ANY ($1::uuid[]) AND c.deleted_at IS NULL AND ${visible}`,
      params,
    );
    return rows.map(({ stateCode, stateName, bookName, ...card }) => ({
      ...card,
      state: stateCode !== null ? { code: stateCode, name: stateName } : null,
      addressBook: bookName !== null ? { name: bookName } : null,
    })) as CardFields[];
  }

  /** Each customer's active service the caller may read, the oldest (as `services` picks one). */
  private activeServices(customerIds: string[], ctx: RequestContext): Promise<ServiceRow[]> {
    const params: unknown[] = [customerIds];
    const visible = this.access.filterSql('s.id', SERVICE_READ, ctx, params);
    return this.db.query(
      `SELECT DISTINCT ON (s.customer_id) s.id, s.name, s.status, s.settings, s.customer_id, t.name AS template, cn.name AS consumer
         FROM contacts_services s
         JOIN contacts_service_templates t ON t.id = s.template_id
         JOIN contacts_consumers cn ON cn.id = s.consumer_id
        WHERE s.customer_id = ANY ($1::uuid[]) AND s.status = 'active' AND s.deleted_at IS NULL AND ${visible}
        ORDER BY s.customer_id, s.id`,
      params,
    );
  }

  /** The contact persons of the customers whose people the caller may see, per customer. */
  private async contactPersonsOf(customerIds: string[], ctx: RequestContext) {
    const params: unknown[] = [customerIds];
    const visible = this.access.filterSql('p.customer_id', CUSTOMER_USERS_READ, ctx, params);
    const rows: { customerId: string }[] = await this.db.query(
      `SELECT p.customer_id AS "customerId", p.id, p.name, p.position, p.email, p.phone, p.mobile, p.is_employee AS "isEmployee"
         FROM contacts_contact_persons p
        WHERE p.customer_id = ANY ($1::uuid[]) AND p.deleted_at IS NULL AND ${visible}
        ORDER BY p.name, p.id`,
      params,
    );
    const byCustomer = new Map<string, unknown[]>();
    for (const { customerId, ...person } of rows) {
      const list = byCustomer.get(customerId) ?? [];
      list.push(person);
      byCustomer.set(customerId, list);
    }
    return byCustomer;
  }

  private async contactPersons(customerId: string, ctx: RequestContext) {
    if (!(await this.access.can(ctx, CUSTOMER_USERS_READ, customerId))) return [];
    return this.db.query(
      `SELECT id, name, position, email, phone, mobile, is_employee AS "isEmployee"
         FROM contacts_contact_persons WHERE customer_id = $1 AND deleted_at IS NULL ORDER BY name, id`,
      [customerId],
    );
  }
}

function customerValues(card: CardFields) {
  return {
    number: card.number,
    name: card.name,
    legalForm: card.legalForm,
    representative: card.representative,
    street: card.street,
    city: card.city,
    postcode: card.postcode,
    region: card.region,
    country: card.country,
    email: card.email,
    invoiceEmail: card.invoiceEmail,
    technicalEmail: card.technicalEmail,
    businessEmail: card.businessEmail,
    phone: card.phone,
    mobile: card.mobile,
    web: card.web,
    iban: card.iban,
    bic: card.bic,
    bankAccount: card.bankAccount,
    taxIds: card.taxIds,
    state: card.state ? { code: card.state.code, name: card.state.name } : null,
    addressBook: card.addressBook ? { name: card.addressBook.name } : null,
    custom: card.customFields,
  };
}

const serviceValues = (s: ServiceRow) => ({
  name: s.name,
  status: s.status,
  template: s.template,
  settings: s.settings,
});
