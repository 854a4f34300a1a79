/**
 * Operators' notification rules, read per event type as events arrive; and which rule already
 * handled which event, so an event delivered twice notifies once.
 */
export const notificationRulesSchema = {
  name: '0002-notification-rules',
  up: `
CREATE TABLE notification_rules (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  event_type text NOT NULL,
  template_id uuid NOT NULL REFERENCES message_templates(id),
  recipient_kind text NOT NULL CHECK (recipient_kind IN ('customer', 'user', 'assignee')),
  address_kind text CHECK (address_kind IN ('main', 'billing', 'technical', 'business')),
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  priority integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX notification_rules_event ON notification_rules (event_type) WHERE deleted_at IS NULL AND is_active;
CREATE INDEX notification_rules_name ON notification_rules (LOWER(name), id);
CREATE INDEX notification_rules_event_type ON notification_rules (event_type, id);
CREATE INDEX notification_rules_template ON notification_rules (template_id);
CREATE INDEX notification_rules_deleted_at ON notification_rules (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE notification_deliveries (
  event_id uuid NOT NULL,
  rule_id uuid NOT NULL REFERENCES notification_rules(id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, rule_id)
);
CREATE INDEX notification_deliveries_rule ON notification_deliveries (rule_id);
CREATE INDEX notification_deliveries_created ON notification_deliveries (created_at);
`,
};
