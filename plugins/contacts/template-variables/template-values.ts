import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, AppError, RequestContext, notFound } from '@clientele/core';
import { CUSTOMER_USERS_READ, SERVICE_READ } from '../constants.js';
import { CustomersService } from '../customers/customers.service.js';

type Card = Awaited<ReturnType<CustomersService['get']>>;

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

  private async contactPersons(customerId: string, ctx: RequestContext) {
    if (!(await this.access.can(ctx, CUSTOMER_USERS_READ, customerId))) return [];
    return this.db.query(
      `SELECT id, name, position, email, phone, mobile, is_employee AS "isEmployee"
         FROM contacts_contact_persons WHERE customer_id = $1 AND deleted_at IS NULL ORDER BY name, id`,
      [customerId],
    );
  }
}

function customerValues(card: Card) {
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
