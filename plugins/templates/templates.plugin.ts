import { ClientelePlugin } from '@clientele/core';
import { ContactsPlugin } from '@clientele/contacts';
import {
  DELIVERY_ATTEMPTS,
  MESSAGES_READ,
  MESSAGES_SEND,
  NOTIFICATIONS_MANAGE,
  SEND_QUEUE,
  BULK_SEND_QUEUE,
  TEMPLATES_MANAGE,
  TEMPLATES_READ,
} from './constants.js';
import { MessageTemplate } from './entities/message-template.entity.js';
import { Message } from './entities/message.entity.js';
import { NotificationRule } from './entities/notification-rule.entity.js';
import { templatesSchema } from './migrations/0001-templates.js';
import { notificationRulesSchema } from './migrations/0002-notification-rules.js';
import { documentTemplatesSchema } from './migrations/0003-document-templates.js';
import { notificationRecipientsSchema } from './migrations/0004-notification-recipients.js';
import { bulkSendsSchema } from './migrations/0005-bulk-sends.js';
import { TEMPLATES_EVENTS } from './events.js';
import { TemplatesSettings } from './settings.js';
import { TemplatesController } from './templates/templates.controller.js';
import { TemplatesService } from './templates/templates.service.js';
import { CompiledTemplates } from './rendering/compiled-templates.js';
import { MessagesController } from './messages/messages.controller.js';
import { MessagesService } from './messages/messages.service.js';
import { MessageSender } from './messages/message-sender.js';
import { BulkSends } from './messages/bulk-sends.js';
import { SmtpTransport } from './messages/smtp-transport.js';
import { Mailboxes } from './messages/mailboxes.js';
import { SmsController } from './sms/sms.controller.js';
import { SmsService } from './sms/sms.service.js';
import { SmsGateway } from './sms/sms-gateway.js';
import { NotificationRulesController } from './notifications/notification-rules.controller.js';
import { NotificationRulesService } from './notifications/notification-rules.service.js';
import { EventNotifications } from './notifications/event-notifications.js';
import { ServiceSheetsController } from './sheets/service-sheets.controller.js';
import { ServiceSheets } from './sheets/service-sheets.service.js';
import { TemplatesDemoData } from './demo-data.js';
import { templatesAdminResources, templatesAdminTabs } from './admin/templates.admin.js';

@ClientelePlugin({
  id: 'templates',
  version: '1.0.0',
  description:
    "E-mail and SMS templates over every plugin's variables, an outbox that delivers each message once, notifications on events and the service settings sheet",
  dependencies: ['contacts'],
  // The customer list's search and filters, for bulk sends.
  imports: [ContactsPlugin],
  entities: [MessageTemplate, Message, NotificationRule],
  migrations: [
    templatesSchema,
    notificationRulesSchema,
    documentTemplatesSchema,
    notificationRecipientsSchema,
    bulkSendsSchema,
  ],
  permissions: [
    { name: TEMPLATES_READ, description: 'See templates and preview them on records' },
    { name: TEMPLATES_MANAGE, description: 'Write, change and delete templates' },
    { name: MESSAGES_READ, description: 'See the messages sent to customers, with their delivery state' },
    { name: MESSAGES_SEND, description: 'Send e-mail and SMS to customers, and send failed messages again' },
    { name: NOTIFICATIONS_MANAGE, description: 'Write the rules that notify customers and users on events' },
  ],
  roles: [{ code: 'administrator', permissions: [MESSAGES_READ, MESSAGES_SEND] }],
  settings: { schema: TemplatesSettings },
  controllers: [
    TemplatesController,
    MessagesController,
    SmsController,
    NotificationRulesController,
    ServiceSheetsController,
  ],
  providers: [
    TemplatesService,
    CompiledTemplates,
    MessagesService,
    MessageSender,
    BulkSends,
    SmtpTransport,
    Mailboxes,
    SmsService,
    SmsGateway,
    NotificationRulesService,
    EventNotifications,
    ServiceSheets,
    TemplatesDemoData,
  ],
  exports: [MessagesService, TemplatesService],
  queues: [
    {
      name: SEND_QUEUE,
      description: 'Delivers one message, higher priority first',
      provider: MessageSender,
      method: 'send',
      // The fetched jobs' attempts are claimed in one statement; each is then delivered in its own transaction.
      batchMethod: 'sendBatch',
      retryLimit: DELIVERY_ATTEMPTS - 1,
      retryDelay: 10,
      // Longer than the SMTP and gateway timeouts: a job still active after this belongs to a process that died.
      expireIn: 60,
      // Each delivery holds a database connection during its exchange: well below the pool's 20.
      concurrency: 10,
    },
    {
      name: BULK_SEND_QUEUE,
      description: 'Sends one e-mail template to the customers of a list filter, with progress',
      provider: BulkSends,
      method: 'run',
      concurrency: 1,
    },
  ],
  seeds: [{ provider: TemplatesDemoData, method: 'seed' }],
  adminResources: templatesAdminResources,
  adminTabs: templatesAdminTabs,
  events: {
    emits: TEMPLATES_EVENTS,
    // Every notifiable event of every enabled plugin: the notification rules say which notify whom.
    handlers: [{ event: 'notifiable', provider: EventNotifications, method: 'notify' }],
  },
})
export class TemplatesPlugin {}
