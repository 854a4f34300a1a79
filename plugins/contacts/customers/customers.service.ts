import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  CustomFieldsService,
  HistoryQueryService,
  ListQueryDto,
  RecordService,
  RequestContext,
  ScopeTreeService,
  ScopedRecords,
  invalid,
  newId,
  notFound,
} from '@clientele/core';
import {
  ADDRESS_BOOK_READ,
  SUPPORT_VALUES_WRITE,
  CUSTOMER_DELETE,
  CUSTOMER_READ,
  CUSTOMER_TYPE,
  CUSTOMER_WRITE,
} from '../constants.js';
import { Customer } from '../entities/customer.entity.js';
import type { CreateCustomerDto, UpdateCustomerDto } from '../dto/customer.dto.js';
import { normalizeCustomerFields } from './customer-input.js';
import { CustomerNumbers } from './customer-numbers.js';
import { ContactsCatalog } from '../catalog/catalog-lookups.js';
import { ContactsHierarchy } from '../hierarchy/contacts-hierarchy.js';
import { ConsumersService } from '../hierarchy/consumers.service.js';
import { ServicesService } from '../hierarchy/customer-services.service.js';
import { CustomerSearch } from '../search/customer-search.js';
import { CustomerView } from './customer-view.js';

/** The customer card: create (with its default consumer and first service), read, change, move, delete, restore. */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly tree: ScopeTreeService,
    private readonly numbers: CustomerNumbers,
    private readonly catalog: ContactsCatalog,
    private readonly hierarchy: ContactsHierarchy,
    private readonly consumers: ConsumersService,
    private readonly services: ServicesService,
    private readonly customFields: CustomFieldsService,
    private readonly search: CustomerSearch,
    private readonly view: CustomerView,
    private readonly history: HistoryQueryService,
  ) {}

  /**
   * Any activated user may create a customer and becomes its Administrator at once. The
   * customer gets its default consumer (same name) and its first service from a template, all
   * in one transaction. Pass `manager` to run inside a larger transaction (import).
   */
  async create(dto: CreateCustomerDto, ctx: RequestContext, manager?: EntityManager): Promise<Customer> {
    if (!ctx.user?.activated && !ctx.isMasterAdmin)
      throw invalid('user', 'NOT_ACTIVATED', 'Activate your account first');
    const { addressBookId, number, serviceTemplateId, state, customFields, ...fields } = dto;
    const changes = normalizeCustomerFields(fields);
    return this.records.transaction(async (m) => {
      const bookId = addressBookId ?? (await this.catalog.defaultAddressBookId(m));
      await this.checkAddressBook(m, bookId, ctx, {
        chosen: addressBookId !== undefined,
        explicitNumber: number !== undefined,
      });
      const template = await this.catalog.serviceTemplate(serviceTemplateId, m);
      await this.catalog.assertUser('accountManagerId', changes.accountManagerId, m);
      await this.catalog.assertUser('supportSpecialistId', changes.supportSpecialistId, m);
      const id = newId();
      const draft: Partial<Customer> = {
        legalForm: 'company',
        taxIds: [],
        supportValues: {},
        ...changes,
        id,
        addressBookId: bookId,
        number: number !== undefined ? await this.numbers.claim(m, number, id) : await this.numbers.next(m, id),
        stateId: state !== undefined ? await this.catalog.stateId(state, m) : null,
        customFields: await this.customFields.validate(CUSTOMER_TYPE, customFields, null, m),
      };
      checkRepresentative(draft);
      const customer = await this.scoped.create(Customer, bookId, draft, ctx, m);
      await this.hierarchy.makeAdministrator(m, id, ctx);
      const consumer = await this.consumers.createInTransaction(m, id, customer.name, true, ctx);
      if (template) await this.services.createInTransaction(m, { id: consumer.id, customerId: id }, template, {}, ctx);
      return customer;
    }, manager);
  }

  /**
   * Self-registration lands in the default address book. Choosing a book needs the right to see
   * it (an unseen book is answered as unknown, never revealed); setting the number explicitly
   * needs write rights there.
   */
  private async checkAddressBook(
    m: EntityManager,
    bookId: string,
    ctx: RequestContext,
    options: { chosen: boolean; explicitNumber: boolean },
  ) {
    const [book] = await m.query(`SELECT id FROM contacts_address_books WHERE id = $1 AND deleted_at IS NULL`, [
      bookId,
    ]);
    const unknown = () => invalid('addressBookId', 'UNKNOWN_ADDRESS_BOOK', 'No such address book');
    if (!book) throw unknown();
    if (options.chosen && !(await this.access.can(ctx, ADDRESS_BOOK_READ, bookId, m))) throw unknown();
    if (options.explicitNumber) await this.access.require(ctx, CUSTOMER_WRITE, bookId, ADDRESS_BOOK_READ, m);
  }

  /** The card of a live customer the caller may read (one statement), else 404. */
  async get(id: string, ctx: RequestContext) {
    const card = await this.view.read(id, ctx);
    if (!card) throw notFound('Customer');
    return card;
  }

  /** The customer if the caller may read it (deleted ones to those who may delete them); else 404. */
  async load(id: string, ctx: RequestContext, options: { includeDeleted?: boolean } = {}) {
    const customer = await this.db.getRepository(Customer).findOne({ where: { id } });
    if (!customer) throw notFound('Customer');
    if (customer.deletedAt) {
      if (!options.includeDeleted || !(await this.access.can(ctx, CUSTOMER_DELETE, customer.addressBookId)))
        throw notFound('Customer');
    } else if (!(await this.access.can(ctx, CUSTOMER_READ, id))) throw notFound('Customer');
    return customer;
  }

  list(ctx: RequestContext, query: ListQueryDto) {
    return this.search.list(ctx, query);
  }

  async update(id: string, dto: UpdateCustomerDto, ctx: RequestContext) {
    const { version, state, customFields, ...fields } = dto;
    const changes = normalizeCustomerFields(fields);
    await this.load(id, ctx);
    await this.access.require(ctx, CUSTOMER_WRITE, id, CUSTOMER_READ);
    const saved = await this.db.transaction(async (m) => {
      await this.catalog.assertUser('accountManagerId', changes.accountManagerId, m);
      await this.catalog.assertUser('supportSpecialistId', changes.supportSpecialistId, m);
      const stateId = state !== undefined ? await this.catalog.stateId(state, m) : undefined;
      return this.scoped.update(
        Customer,
        id,
        version,
        async (c, mm) => {
          Object.assign(c, changes);
          if (stateId !== undefined) c.stateId = stateId;
          if (customFields !== undefined)
            c.customFields = await this.customFields.validate(CUSTOMER_TYPE, customFields, c.customFields, mm);
          checkRepresentative(c);
        },
        ctx,
        m,
      );
    });
    return this.view.card(saved, ctx);
  }

  /** Moves the customer (and its whole subtree) to another address book. */
  async move(id: string, addressBookId: string, version: number | undefined, ctx: RequestContext) {
    await this.load(id, ctx);
    await this.access.require(ctx, CUSTOMER_WRITE, id, CUSTOMER_READ);
    await this.access.require(ctx, CUSTOMER_WRITE, addressBookId, ADDRESS_BOOK_READ);
    const saved = await this.db.transaction(async (m) => {
      const customer = await this.records.update(
        Customer,
        id,
        version,
        (c) => {
          c.addressBookId = addressBookId;
        },
        ctx,
        m,
      );
      await this.tree.move(m, id, addressBookId);
      return customer;
    });
    return this.view.card(saved, ctx);
  }

  /**
   * Soft delete: the customer's subtree is disabled in the same transaction, so its users'
   * tokens fail (their home node is disabled) and every grant inside it stops applying at once.
   */
  async remove(id: string, version: number | undefined, ctx: RequestContext) {
    await this.load(id, ctx);
    await this.access.require(ctx, CUSTOMER_DELETE, id, CUSTOMER_READ);
    await this.scoped.softDelete(Customer, id, ctx, { expectedVersion: version });
  }

  async restore(id: string, ctx: RequestContext) {
    const customer = await this.load(id, ctx, { includeDeleted: true });
    if (!customer.deletedAt) await this.access.require(ctx, CUSTOMER_DELETE, id, CUSTOMER_READ);
    const restored = await this.scoped.restore(Customer, id, ctx);
    return this.view.card(restored, ctx);
  }

  /** Sets one support parameter's value and colour (operator staff and integrations, through the API). */
  async setSupportValue(
    id: string,
    code: string,
    value: { value: string; color?: string | null },
    ctx: RequestContext,
  ) {
    await this.load(id, ctx);
    await this.access.require(ctx, SUPPORT_VALUES_WRITE, id, CUSTOMER_READ);
    const [parameter] = await this.db.query(`SELECT code FROM contacts_support_parameters WHERE code = $1`, [code]);
    if (!parameter) throw notFound('Support parameter');
    const saved = await this.records.update(
      Customer,
      id,
      undefined,
      (c) => {
        c.supportValues = { ...c.supportValues, [code]: { value: value.value, color: value.color ?? null } };
      },
      ctx,
    );
    return this.view.card(saved, ctx);
  }

  async historyOf(id: string, ctx: RequestContext, query: ListQueryDto) {
    await this.load(id, ctx, { includeDeleted: true });
    return this.history.forRecord(ctx, CUSTOMER_TYPE, id, query);
  }

  /** When retention purges customers, their scope subtrees go too; their portal users lose their home and stay locked. */
  async onPurged(event: { ids: string[] }) {
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE users SET is_active = false, home_node_id = NULL
          WHERE home_node_id IN (SELECT id FROM scope_nodes WHERE path && $1::uuid[])`,
        [event.ids],
      );
      for (const id of event.ids) await this.tree.remove(m, id);
    });
  }
}

function checkRepresentative(customer: Partial<Customer>) {
  if (customer.legalForm === 'person' && customer.representative) {
    throw invalid('representative', 'REPRESENTATIVE_FOR_PERSON', 'Only companies have a representative');
  }
}
