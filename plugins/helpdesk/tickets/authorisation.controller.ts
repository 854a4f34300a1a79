import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, IdParam, NodeOf, OnSystem, Permission, RequestContext } from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_WRITE, Customer } from '@clientele/contacts';
import { AREA_MANAGE, REQUEST_AUTHORISE, REQUEST_READ, TICKET_READ, TICKET_WRITE } from '../constants.js';
import { ApprovalLinkDto, AuthorisationDecisionDto, AuthorisationModeDto } from '../dto/ticket.dto.js';
import { AuthorisationPolicies } from './authorisation-policies.js';
import { AuthorisationService } from './authorisation.service.js';
import { ON_TICKET } from './route-nodes.js';

const ON_CUSTOMER = NodeOf(Customer, { seenWith: CUSTOMER_READ });
const APPROVER = {
  node: ON_TICKET,
  or: REQUEST_AUTHORISE,
  where: `${TICKET_WRITE} on the ticket's area, or ${REQUEST_AUTHORISE} on the ticket (the customer's authorised people)`,
};

/** Request authorisation: the customer's policy, the approver's view, the decision and one-purpose links. */
@ApiTags('helpdesk')
@ApiBearerAuth()
@Controller('api')
export class AuthorisationController {
  constructor(
    private readonly policies: AuthorisationPolicies,
    private readonly authorisation: AuthorisationService,
  ) {}

  /** `off` (the default), `optional` or `mandatory`, and where it comes from: the customer, one of its groups, or the default. */
  @Get('customers/:id/request-authorisation')
  @Permission(CUSTOMER_READ, ON_CUSTOMER)
  async mode(@IdParam() id: string) {
    return { customerId: id, ...(await this.policies.explain(id)) };
  }

  /** With customer groups enabled: the mode of a group's customers that have none of their own. */
  @Get('customer-groups/:id/request-authorisation')
  @Permission(AREA_MANAGE, OnSystem())
  groupMode(@IdParam() id: string) {
    return this.policies.groupMode(id);
  }

  @Put('customer-groups/:id/request-authorisation')
  @Permission(AREA_MANAGE, OnSystem())
  setGroupMode(@IdParam() id: string, @Body() body: AuthorisationModeDto, @Ctx() ctx: RequestContext) {
    return this.policies.setGroupMode(ctx, id, body.mode);
  }

  @Put('customers/:id/request-authorisation')
  @Permission(CUSTOMER_WRITE, ON_CUSTOMER)
  setMode(@IdParam() id: string, @Body() body: AuthorisationModeDto, @Ctx() ctx: RequestContext) {
    return this.policies.setMode(ctx, id, body.mode);
  }

  /** The request and its likely duplicates (same customer, similar subject, still open, last 14 days). */
  @Get('tickets/:id/authorisation')
  @Permission(TICKET_READ, { node: ON_TICKET, or: REQUEST_READ })
  pending(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.authorisation.pending(ctx, id);
  }

  /** Approve (the request becomes `new`) or reject with a reason (`closed`). */
  @Post('tickets/:id/authorisation')
  @HttpCode(200)
  @Permission(TICKET_WRITE, APPROVER)
  decide(@IdParam() id: string, @Body() body: AuthorisationDecisionDto, @Ctx() ctx: RequestContext) {
    return this.authorisation.decide(ctx, id, body);
  }

  /** A link for an approver without an account: `path` opens a page to approve or reject, once, within 7 days; the secret is shown only now. */
  @Post('tickets/:id/approval-links')
  @Permission(TICKET_WRITE, APPROVER)
  link(@IdParam() id: string, @Body() body: ApprovalLinkDto, @Ctx() ctx: RequestContext) {
    return this.authorisation.createLink(ctx, id, body.approverEmail);
  }
}
