import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  EventBus,
  RequestContext,
  ScopedRecords,
  forbidden,
  invalid,
  newId,
  notFound,
  refused,
} from '@clientele/core';
import { APPROVAL_LINK_DAYS, REQUEST_AUTHORISE, TICKET_TYPE, TICKET_WRITE } from '../constants.js';
import { Ticket } from '../entities/ticket.entity.js';
import { TicketStateChanged } from '../events.js';
import { AuthorisationPolicies } from './authorisation-policies.js';
import { TicketClocks } from '../sla/ticket-clocks.js';
import { isCustomerPerson } from './ticket-access.js';
import { TicketsService, ticketRef, ticketScope } from './tickets.service.js';
import { Timeline } from './timeline.js';

export interface AuthorisationDecision {
  decision: 'approve' | 'reject';
  reason?: string;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Request authorisation (off by default): per customer optional or mandatory. A held request
 * waits in `awaiting_authorisation` until an authorised person of the customer or the operator
 * approves it (it becomes `new`) or rejects it with a reason (`closed`); likely duplicates are
 * named to the approver. Approvers without an account use a one-purpose link.
 */
@Injectable()
export class AuthorisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly tickets: TicketsService,
    private readonly events: EventBus,
    private readonly clocks: TicketClocks,
    private readonly timeline: Timeline,
    private readonly policies: AuthorisationPolicies,
  ) {}

  /** What the approver sees: the request and its likely duplicates. */
  async pending(ctx: RequestContext, id: string) {
    const ticket = await this.tickets.find(ctx, id);
    return {
      ticket,
      likelyDuplicates:
        ticket.state === 'awaiting_authorisation' ? await this.policies.duplicates(this.db.manager, ticket) : [],
    };
  }

  async decide(ctx: RequestContext, id: string, decision: AuthorisationDecision) {
    return this.db.transaction(async (m) => {
      const ticket = await this.tickets.find(ctx, id, m);
      await this.requireApprover(ctx, ticket, m);
      return this.apply(m, ctx, ticket, decision);
    });
  }

  /** A one-purpose link for an approver without an account; the secret is shown once. */
  async createLink(ctx: RequestContext, id: string, approverEmail: string | undefined) {
    const ticket = await this.tickets.find(ctx, id);
    await this.requireApprover(ctx, ticket);
    if (ticket.state !== 'awaiting_authorisation')
      throw refused('NOT_AWAITING_AUTHORISATION', 'The request is not waiting for authorisation');
    const secret = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + APPROVAL_LINK_DAYS * 86_400_000);
    await this.db.query(
      `INSERT INTO helpdesk_approval_links (id, ticket_id, secret_hash, approver_email, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [newId(), id, hash(secret), approverEmail ?? null, expiresAt],
    );
    return { path: `/helpdesk/approve/${secret}`, secret, expiresAt };
  }

  /** The ticket a live, unused link stands for; null for anything else (expired, used, unknown). */
  async byLink(secret: string, manager: EntityManager = this.db.manager) {
    const [link] = await manager.query(
      `SELECT l.id, l.ticket_id FROM helpdesk_approval_links l
        WHERE l.secret_hash = $1 AND l.used_at IS NULL AND l.expires_at > now()`,
      [hash(secret)],
    );
    if (!link) return null;
    const ticket = await manager.getRepository(Ticket).findOne({ where: { id: link.ticket_id } });
    return ticket && ticket.state === 'awaiting_authorisation' ? { linkId: link.id as string, ticket } : null;
  }

  /** Decides through a link, which is spent by it; the decision is recorded without a user. */
  async decideByLink(secret: string, decision: AuthorisationDecision) {
    return this.db.transaction(async (m) => {
      const found = await this.byLink(secret, m);
      if (!found) throw notFound('Approval link');
      const spent = await m.query(
        `UPDATE helpdesk_approval_links SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`,
        [found.linkId],
      );
      if (!spent.length) throw notFound('Approval link');
      return this.apply(m, RequestContext.system(), found.ticket, decision);
    });
  }

  private async apply(
    m: EntityManager,
    ctx: RequestContext,
    ticket: Ticket,
    { decision, reason }: AuthorisationDecision,
  ) {
    if (ticket.state !== 'awaiting_authorisation')
      throw refused('NOT_AWAITING_AUTHORISATION', 'The request is not waiting for authorisation');
    if (decision === 'reject' && !reason?.trim())
      throw invalid('reason', 'REQUIRED', 'Say why the request is rejected');
    const to = decision === 'approve' ? 'new' : 'closed';
    const saved = await this.scoped.update(
      Ticket,
      ticket.id,
      undefined,
      (t) => {
        t.state = to;
        t.authorisation = decision === 'approve' ? 'approved' : 'rejected';
        t.authorisationReason = reason?.trim() || null;
        t.authorisedBy = ctx.userId || null;
      },
      ctx,
      m,
    );
    await this.timeline.add(m, ticket.id, saved.updatedAt, 'state', {
      state: to,
      ...(to === 'closed' ? { resolved: true } : {}),
    });
    await this.clocks.track(m, [ticket.id]);
    await this.events.publish(
      m,
      new TicketStateChanged(
        { ...ticketRef(saved), from: ticket.state, to, reason: reason?.trim() || null },
        ticketScope(saved),
        { type: TICKET_TYPE, id: ticket.id },
      ),
      ctx,
    );
    return m.getRepository(Ticket).findOneOrFail({ where: { id: ticket.id } });
  }

  /** Operators with `helpdesk.ticket.write` on the area; the customer's people with `helpdesk.request.authorise` where the ticket hangs. */
  private async requireApprover(ctx: RequestContext, ticket: Ticket, m?: EntityManager) {
    if (!isCustomerPerson(ctx)) return this.access.require(ctx, TICKET_WRITE, ticket.areaId, 'helpdesk.ticket.read', m);
    if (!(await this.access.can(ctx, REQUEST_AUTHORISE, ticket.id, m)))
      throw forbidden("Only the customer's authorised people approve requests");
  }
}
