import { ClientelePlugin } from '@clientele/core';
import { ContactsPlugin, CustomerCreated } from '@clientele/contacts';
import { SlaPlugin } from '@clientele/sla';
import {
  AREA_MANAGE,
  KIND_AREA,
  KIND_TICKET,
  LINE_USE,
  LINE_USER_ROLE,
  REQUEST_AUTHORISE,
  REQUEST_FILE,
  REQUEST_READ,
  TICKET_READ,
  TICKET_WRITE,
} from './constants.js';
import { Area } from './entities/area.entity.js';
import { Ticket } from './entities/ticket.entity.js';
import { TicketMessage } from './entities/message.entity.js';
import { helpdeskSchema } from './migrations/0001-helpdesk.js';
import { helpdeskEvents } from './events.js';
import { HelpdeskSettings } from './settings.js';
import { AreasController } from './areas/areas.controller.js';
import { AreasService } from './areas/areas.service.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { TicketsService } from './tickets/tickets.service.js';
import { MessagesService } from './tickets/messages.service.js';
import { TicketRouting } from './tickets/routing.js';
import { Timeline } from './tickets/timeline.js';
import { TicketClocks } from './sla/ticket-clocks.js';
import { AuthorisationPolicy } from './entities/authorisation-policy.entity.js';
import { authorisationSchema } from './migrations/0002-authorisation.js';
import { groupAuthorisationSchema } from './migrations/0006-group-authorisation.js';
import { AuthorisationController } from './tickets/authorisation.controller.js';
import { AuthorisationService } from './tickets/authorisation.service.js';
import { AuthorisationPolicies } from './tickets/authorisation-policies.js';
import { ApprovalPageController } from './pages/approval-page.controller.js';
import { QuickAccount } from './entities/quick-account.entity.js';
import { quickRequestsSchema } from './migrations/0003-quick-requests.js';
import { QuickAccountsController } from './quick/quick-accounts.controller.js';
import { QuickAccountsService } from './quick/quick-accounts.service.js';
import { QuickRequestPageController } from './pages/quick-request-page.controller.js';
import { LineConnection } from './entities/line-connection.entity.js';
import { publicLinesSchema } from './migrations/0004-public-lines.js';
import { LinesController } from './lines/lines.controller.js';
import { LinesService } from './lines/lines.service.js';
import { TicketTemplateValues, ticketTemplateVariables } from './tickets/template-values.js';
import { helpdeskResources, helpdeskTabs, helpdeskWidgets } from './admin/helpdesk.admin.js';
import { HelpdeskDemoData } from './demo-data.js';
import { Attachment } from './entities/attachment.entity.js';
import { attachmentsSchema } from './migrations/0005-attachments.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { DatabaseAttachmentStorage } from './attachments/attachment-storage.js';
import { GroupTerms } from './sla/group-terms.js';

@ClientelePlugin({
  id: 'helpdesk',
  version: '1.0.0',
  description:
    'Areas, tickets and messages (private ones too), routed to the responsible people, with SLA clocks on every ticket',
  dependencies: ['contacts', 'sla'],
  // Customer groups route, measure and authorise requests; billing's payment score sorts them (ports in sla/ and tickets/).
  optionalDependencies: ['customer-groups', 'billing-groups'],
  imports: [ContactsPlugin, SlaPlugin],
  entities: [Area, Ticket, TicketMessage, AuthorisationPolicy, QuickAccount, LineConnection, Attachment],
  migrations: [
    helpdeskSchema,
    authorisationSchema,
    quickRequestsSchema,
    publicLinesSchema,
    attachmentsSchema,
    groupAuthorisationSchema,
  ],
  scopeKinds: [
    { kind: KIND_AREA, label: 'Helpdesk area', parents: ['system'] },
    { kind: KIND_TICKET, label: 'Ticket', parents: ['customer', 'consumer', 'service', KIND_AREA] },
  ],
  permissions: [
    { name: TICKET_READ, description: 'See the tickets of an area (staff, granted on the area)' },
    { name: TICKET_WRITE, description: 'Reply to, assign and move tickets of an area through their states' },
    { name: AREA_MANAGE, description: 'Create, change and delete helpdesk areas' },
    {
      name: REQUEST_READ,
      description: "Follow the customer's requests (its people: all of the customer's, or those of a service)",
    },
    { name: REQUEST_FILE, description: 'File requests for the customer or service' },
    { name: REQUEST_AUTHORISE, description: "Approve or reject the customer's requests waiting for authorisation" },
    { name: LINE_USE, description: "File and follow one's own requests on a public line (users of other companies)" },
  ],
  roles: [
    {
      code: 'administrator',
      permissions: [TICKET_READ, TICKET_WRITE, AREA_MANAGE, REQUEST_READ, REQUEST_FILE, REQUEST_AUTHORISE],
    },
    { code: 'caller', permissions: [REQUEST_READ, REQUEST_FILE] },
    {
      code: LINE_USER_ROLE,
      name: 'Line user',
      description: 'A user of another company connected to a public line',
      permissions: [LINE_USE, REQUEST_READ, REQUEST_FILE],
    },
  ],
  adminResources: helpdeskResources,
  adminTabs: helpdeskTabs,
  adminWidgets: helpdeskWidgets,
  settings: { schema: HelpdeskSettings },
  templateVariables: ticketTemplateVariables(TicketTemplateValues),
  controllers: [
    AreasController,
    TicketsController,
    AuthorisationController,
    ApprovalPageController,
    QuickAccountsController,
    QuickRequestPageController,
    LinesController,
    AttachmentsController,
  ],
  providers: [
    AreasService,
    TicketsService,
    MessagesService,
    TicketRouting,
    Timeline,
    TicketClocks,
    GroupTerms,
    AuthorisationPolicies,
    AuthorisationService,
    QuickAccountsService,
    LinesService,
    TicketTemplateValues,
    HelpdeskDemoData,
    AttachmentsService,
    DatabaseAttachmentStorage,
  ],
  exports: [TicketsService],
  events: {
    emits: helpdeskEvents,
    handlers: [{ event: CustomerCreated, provider: QuickAccountsService, method: 'onCustomerCreated' }],
  },
  seeds: [{ provider: HelpdeskDemoData, method: 'seed' }],
})
export class HelpdeskPlugin {}
