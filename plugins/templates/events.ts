import { ClienteleEvent, RecordChanged } from '@clientele/core';

export class TemplateCreated extends RecordChanged {
  static readonly type = 'template.created';
}

export class TemplateUpdated extends RecordChanged {
  static readonly type = 'template.updated';
}

export class TemplateDeleted extends RecordChanged {
  static readonly type = 'template.deleted';
}

export class TemplateRestored extends RecordChanged {
  static readonly type = 'template.restored';
}

export class NotificationRuleCreated extends RecordChanged {
  static readonly type = 'notification-rule.created';
}

export class NotificationRuleUpdated extends RecordChanged {
  static readonly type = 'notification-rule.updated';
}

export class NotificationRuleDeleted extends RecordChanged {
  static readonly type = 'notification-rule.deleted';
}

export class NotificationRuleRestored extends RecordChanged {
  static readonly type = 'notification-rule.restored';
}

/** A message reached its final state: delivered to the server, or parked after its last retry. */
export class MessageDelivered extends ClienteleEvent<{ messageId: string; customerId: string | null }> {
  static readonly type = 'message.sent';
}

export class MessageFailed extends ClienteleEvent<{ messageId: string; customerId: string | null; error: string }> {
  static readonly type = 'message.failed';
}

export const templateEvents = {
  created: TemplateCreated,
  updated: TemplateUpdated,
  deleted: TemplateDeleted,
  restored: TemplateRestored,
};

export const notificationRuleEvents = {
  created: NotificationRuleCreated,
  updated: NotificationRuleUpdated,
  deleted: NotificationRuleDeleted,
  restored: NotificationRuleRestored,
};

export const TEMPLATES_EVENTS = [
  TemplateCreated,
  TemplateUpdated,
  TemplateDeleted,
  TemplateRestored,
  NotificationRuleCreated,
  NotificationRuleUpdated,
  NotificationRuleDeleted,
  NotificationRuleRestored,
  MessageDelivered,
  MessageFailed,
];
