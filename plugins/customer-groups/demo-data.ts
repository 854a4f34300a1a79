import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { KIND_CUSTOMER } from '@clientele/contacts';
import { GroupsService } from './groups/groups.service.js';
import { MembershipsService } from './groups/memberships.service.js';
import { CatalogueService } from './pricing/catalogue.service.js';
import { CustomerPricesService } from './pricing/customer-prices.service.js';
import { ResponsibilityService } from './responsibility/responsibility.service.js';
import { OperatorCalendar } from './calendar.js';

const PRODUCTS = [
  { code: 'NET-100', name: 'Internet 100 Mbit/s', unit: 'month', basePrice: '499', vatRate: '21' },
  { code: 'NET-1000', name: 'Internet 1 Gbit/s', unit: 'month', basePrice: '899', vatRate: '21' },
  { code: 'SUPPORT-H', name: 'Technician hour', unit: 'h', basePrice: '950', vatRate: '21' },
  { code: 'SETUP', name: 'Connection set-up', unit: 'pcs', basePrice: '1500', vatRate: '21' },
];

/**
 * Three groups a service company has — VIP, corporate staff, resellers — with their price lists
 * (the resellers' with volume prices), responsibilities for helpdesk and sales, and the first
 * demo customers as members; one membership starts next month.
 */
@Injectable()
export class CustomerGroupsDemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly catalogue: CatalogueService,
    private readonly prices: CustomerPricesService,
    private readonly responsibility: ResponsibilityService,
    private readonly calendar: OperatorCalendar,
  ) {}

  async seed() {
    const ctx = RequestContext.system();
    const today = await this.calendar.today();
    const year = today.slice(0, 4);
    const product: Record<string, string> = {};
    for (const p of PRODUCTS) product[p.code] = (await this.catalogue.createProduct(ctx, { ...p, currency: 'CZK' })).id;

    const list = async (name: string, items: [string, string, string?][], validFrom: string | null = null) => {
      const created = await this.catalogue.createPriceList(ctx, { name, currency: 'CZK', validFrom });
      for (const [code, price, minQuantity] of items)
        await this.catalogue.addItem(ctx, { priceListId: created.id, productId: product[code], price, minQuantity });
      return created.id;
    };
    const vip = await this.groups.create(ctx, {
      code: 'VIP',
      name: 'VIP',
      colour: '#c2185b',
      priority: 1,
      description: 'Key customers: best prices, a named technician',
    });
    const staff = await this.groups.create(ctx, {
      code: 'STAFF',
      name: 'Corporate staff',
      colour: '#1565c0',
      priority: 2,
      description: "Our own employees' connections",
    });
    const resellers = await this.groups.create(ctx, {
      code: 'RESELLERS',
      name: 'Resellers',
      colour: '#2e7d32',
      priority: 3,
      description: 'Partners reselling our services',
    });
    await this.prices.attach(ctx, {
      groupId: vip.id,
      priceListId: await list(
        `VIP ${year}`,
        [
          ['NET-1000', '749'],
          ['SUPPORT-H', '0'],
          ['SETUP', '0'],
        ],
        `${year}-01-01`,
      ),
      position: 1,
    });
    await this.prices.attach(ctx, {
      groupId: staff.id,
      priceListId: await list('Staff prices', [
        ['NET-100', '199'],
        ['NET-1000', '399'],
      ]),
      position: 1,
    });
    await this.prices.attach(ctx, {
      groupId: resellers.id,
      priceListId: await list('Reseller volume', [
        ['NET-100', '420'],
        ['NET-100', '380', '10'],
        ['NET-100', '340', '100'],
        ['SETUP', '900'],
      ]),
      position: 1,
    });

    const [worker] = await this.db.query(
      `SELECT id FROM users WHERE is_master_admin AND is_active ORDER BY created_at LIMIT 1`,
    );
    const helpdesk = await this.responsibility.createArea(ctx, {
      code: 'helpdesk',
      name: 'Helpdesk',
      ownPerson: 'supportSpecialist',
      defaultWorkerId: worker?.id ?? null,
    });
    const sales = await this.responsibility.createArea(ctx, {
      code: 'sales',
      name: 'Sales',
      ownPerson: 'accountManager',
      defaultWorkerId: worker?.id ?? null,
    });
    await this.responsibility.createArea(ctx, { code: 'billing', name: 'Billing', ownPerson: 'accountManager' });
    if (worker) {
      await this.responsibility.set(ctx, { groupId: vip.id, processAreaId: helpdesk.id, workerId: worker.id });
      await this.responsibility.set(ctx, { groupId: resellers.id, processAreaId: sales.id, workerId: worker.id });
    }

    const customers: { id: string }[] = await this.db.query(
      `SELECT id FROM scope_nodes WHERE kind = $1 AND disabled_at IS NULL ORDER BY created_at, id LIMIT 4`,
      [KIND_CUSTOMER],
    );
    const nextMonth = new Date(`${today}T00:00:00Z`);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1, 1);
    const plan: [string, number, string | null][] = [
      [vip.id, 0, null],
      [staff.id, 0, null],
      [resellers.id, 1, null],
      [vip.id, 2, nextMonth.toISOString().slice(0, 10)],
    ];
    for (const [groupId, index, validFrom] of plan) {
      if (customers[index]) await this.memberships.add(ctx, { groupId, customerId: customers[index].id, validFrom });
    }
  }
}
