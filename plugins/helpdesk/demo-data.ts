import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { Customer } from '@clientele/contacts';
import { AreasService } from './areas/areas.service.js';
import { QuickAccountsService } from './quick/quick-accounts.service.js';
import { AuthorisationPolicies } from './tickets/authorisation-policies.js';
import { MessagesService } from './tickets/messages.service.js';
import { TicketsService } from './tickets/tickets.service.js';
import type { TicketState } from './tickets/workflow.js';

/** The steps that bring a new ticket to each state. */
const PATHS: Record<Exclude<TicketState, 'awaiting_authorisation'>, TicketState[]> = {
  new: [],
  open: ['open'],
  waiting_for_customer: ['open', 'waiting_for_customer'],
  resolved: ['open', 'resolved'],
  closed: ['open', 'resolved', 'closed'],
};

const SUBJECTS = [
  'Internet drops every evening',
  'Router lights blinking red',
  'Invoice shows the wrong tariff',
  'Move the line to a new address',
  'Slow Wi-Fi on the first floor',
  'Static IP address needed',
  'E-mail not arriving since Monday',
  'New employee needs an account',
  'Upgrade to 1 Gbit/s',
  'Printer in the office offline',
  'Cancel the TV package',
  'VPN to the branch office',
];

/**
 * Two areas (technical support, the default, and a public partner line), a quick-request account
 * for the first demo customer, mandatory request authorisation for another, and a dozen tickets
 * over the demo customers, two in every state, with staff replies and customer answers.
 */
@Injectable()
export class HelpdeskDemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly areas: AreasService,
    private readonly tickets: TicketsService,
    private readonly messages: MessagesService,
    private readonly policies: AuthorisationPolicies,
    private readonly quick: QuickAccountsService,
  ) {}

  async seed() {
    const ctx = RequestContext.system();
    const [existing] = await this.db.query(`SELECT 1 FROM helpdesk_areas LIMIT 1`);
    if (existing) return;
    await this.areas.create(ctx, { code: 'support', name: 'Technical support', isDefault: true });
    await this.areas.create(ctx, { code: 'partners', name: 'Partner line', isPublic: true });
    const customers = await this.db
      .getRepository(Customer)
      .find({ where: { deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' }, take: 4 });
    if (!customers.length) return;
    const [first, second = first] = customers;
    const [account] = await this.db.query(`SELECT 1 FROM helpdesk_quick_accounts WHERE customer_id = $1`, [first.id]);
    if (!account) await this.quick.create(ctx, first.id, { name: first.name });

    let n = 0;
    const next = () => ({ customerId: customers[n % customers.length].id, subject: SUBJECTS[n++ % SUBJECTS.length] });
    for (const [state, steps] of Object.entries(PATHS)) {
      for (let i = 0; i < 2; i++) {
        const ticket = await this.tickets.create(ctx, {
          ...next(),
          body: 'Reported by phone; details in the first message.',
          severity: i ? 'high' : undefined,
        });
        if (state !== 'new') await this.messages.add(ctx, ticket.id, { body: 'Thank you, we are looking into it.' });
        let version = ticket.version;
        for (const step of steps)
          version = (await this.tickets.changeState(ctx, ticket.id, { version, state: step })).version;
      }
    }
    await this.policies.setMode(ctx, second.id, 'mandatory');
    for (let i = 0; i < 2; i++) {
      await this.tickets.create(ctx, {
        customerId: second.id,
        subject: SUBJECTS[n++ % SUBJECTS.length],
        body: 'Please approve: this changes the contract.',
      });
    }
  }
}
