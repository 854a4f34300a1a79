export const TEMPLATES_READ = 'templates.template.read';
export const TEMPLATES_MANAGE = 'templates.template.manage';
export const MESSAGES_READ = 'templates.message.read';
export const MESSAGES_SEND = 'templates.message.send';
export const NOTIFICATIONS_MANAGE = 'templates.notification.manage';

/** Record kinds in history and events. */
export const TEMPLATE_TYPE = 'template';
export const NOTIFICATION_RULE_TYPE = 'notification-rule';

/** The durable queue that delivers one message per job. */
export const SEND_QUEUE = 'templates.send-message';

/** The durable queue that sends one template to the customers of a list filter, one job per bulk send. */
export const BULK_SEND_QUEUE = 'templates.bulk-send';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a template is for: a message on a channel, or a document printed as PDF (the service settings sheet). */
export const TEMPLATE_CHANNELS = [...CHANNELS, 'document'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** The document template a service settings sheet uses unless another is chosen. */
export const SERVICE_SHEET_CODE = 'service-sheet';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The customer's addresses a message may go to, by kind (contact persons are named by id). */
export const ADDRESS_KINDS = ['main', 'billing', 'technical', 'business'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export const MAX_ATTACHMENTS = 5;

/** Attempts of a message before it is parked as failed (the queue retries with back-off in between). */
export const DELIVERY_ATTEMPTS = 5;

export const SMS_GATEWAY_METHODS = ['POST', 'PUT', 'GET'] as const;
export type SmsGatewayMethod = (typeof SMS_GATEWAY_METHODS)[number];

export const SMS_GATEWAY_FORMATS = ['json', 'form'] as const;
export type SmsGatewayFormat = (typeof SMS_GATEWAY_FORMATS)[number];

/** The longest SMS text accepted (before splitting); gateways concatenate at most a few dozen parts. */
export const SMS_TEXT_LIMIT = 2000;

/**
 * Whom a notification rule sends to: the customer's address of a kind, a chosen user, every
 * member of a chosen user group, or whoever the event names as responsible (a user or each
 * member of a user group).
 */
export const RECIPIENT_KINDS = ['customer', 'user', 'group', 'assignee'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
