import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext, UsersService, generatePassword, newId } from '@clientele/core';
import { AddressBooksService } from './hierarchy/address-books.service.js';
import { CustomersService } from './customers/customers.service.js';
import { CatalogService } from './catalog/catalog-records.service.js';
import { ServiceTemplate } from './entities/service-template.entity.js';
import { SupportParameter } from './entities/support-parameter.entity.js';
import type { CreateCustomerDto } from './dto/customer.dto.js';

const BOOKS = ['Praha', 'Bratislava', 'Москва'];
const CUSTOMERS: (Omit<CreateCustomerDto, 'addressBookId'> & { book: number })[] = [
  {
    book: 0,
    name: 'Dvořák Jan',
    legalForm: 'person',
    city: 'Praha',
    email: 'jan.dvorak@example.cz',
    phone: '+420 601 123 456',
    state: 'connected',
  },
  {
    book: 0,
    name: 'Pekárna Šťastný s.r.o.',
    legalForm: 'company',
    representative: 'Šťastná Marie',
    city: 'Brno',
    email: 'info@pekarna-stastny.cz',
    billingEmail: 'faktury@pekarna-stastny.cz',
    taxIds: [
      { type: 'ico', value: '25596641' },
      { type: 'dic', value: 'CZ25596641' },
    ],
    iban: 'CZ65 0800 0000 1920 0014 5399',
    gps: `49° 11' 42.5'' N, 16° 36' 29.3'' E`,
    state: 'connected',
  },
  {
    book: 1,
    name: 'Kováčová Zuzana',
    legalForm: 'person',
    city: 'Bratislava',
    mobile: '+421 905 123 456',
    state: 'limited',
  },
  {
    book: 1,
    name: 'Horská chata Ľubochňa',
    legalForm: 'company',
    city: 'Ľubochňa',
    email: 'chata@example.sk',
    state: 'non_payer',
  },
  {
    book: 2,
    name: 'ООО Ромашка',
    legalForm: 'company',
    city: 'Москва',
    taxIds: [{ type: 'inn', value: '7707083893' }],
    phone: '+7 495 123-45-67',
    state: 'connected',
  },
  {
    book: 2,
    name: 'Иванов Пётр',
    legalForm: 'person',
    city: 'Казань',
    email: 'petr.ivanov@example.ru',
    state: 'disconnected',
  },
];
/** Demo customer users: one per built-in role, on the first customer; their passwords are made on the spot and printed once. */
const USERS = [
  { email: 'customer.admin@clientele.local', name: 'Customer Administrator', role: 'administrator' },
  { email: 'customer.caller@clientele.local', name: 'Customer Caller', role: 'caller' },
];

/** The demo data `npm start` shows on a fresh database. */
@Injectable()
export class ContactsDemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly books: AddressBooksService,
    private readonly customers: CustomersService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
  ) {}

  /** Returns the demo sign-ins, which the server prints after its first start. */
  async seed(): Promise<string[]> {
    const ctx = RequestContext.system();
    // Lists an operator may already have filled in are kept as they are.
    const ensure = (created: Promise<unknown>) =>
      created.catch((error) => {
        if (!['CODE_TAKEN', 'POSITION_TAKEN', 'TOO_MANY_SUPPORT_PARAMETERS'].includes(error.code)) throw error;
      });
    await ensure(
      this.catalog.create(
        ServiceTemplate,
        { code: 'internet', name: 'Internet 100 Mbit/s', defaultSettings: { speedMbit: 100 }, isActive: true },
        ctx,
      ),
    );
    await ensure(
      this.catalog.create(
        ServiceTemplate,
        { code: 'support', name: 'Support line', defaultSettings: { hoursPerMonth: 5 }, isActive: true },
        ctx,
      ),
    );
    await ensure(
      this.catalog.create(
        SupportParameter,
        { code: 'segment', name: 'Segment', position: 1, visibleToCustomer: false, visibleToStaff: true },
        ctx,
      ),
    );
    await ensure(
      this.catalog.create(
        SupportParameter,
        {
          code: 'consultations_left',
          name: 'Consultations left',
          position: 2,
          visibleToCustomer: true,
          visibleToStaff: true,
        },
        ctx,
      ),
    );
    const books = [];
    for (const name of BOOKS) books.push(await this.books.create({ name, description: `Customers of ${name}` }, ctx));
    const created = [];
    for (const { book, ...data } of CUSTOMERS)
      created.push(await this.customers.create({ ...data, addressBookId: books[book].id }, ctx));
    const first = created[0];
    const signIns: string[] = [];
    for (const u of USERS) {
      const password = generatePassword();
      const { user } = await this.users.create(
        { email: u.email, displayName: u.name, password, homeNodeId: first.id },
        ctx,
      );
      await this.db.query(
        `INSERT INTO grants (id, user_id, role_id, node_id) SELECT $1, $2, r.id, $4 FROM roles r WHERE r.code = $3 AND r.owner_node_id IS NULL`,
        [newId(), user.id, u.role, first.id],
      );
      signIns.push(`${u.email} / ${password}   (${u.role} of customer ${first.number} ${first.name}; shown once)`);
    }
    return signIns;
  }
}
