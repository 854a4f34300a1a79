/**
 * A rule may send to every member of a user group (and "the assignee" may be one), so a rule
 * notifies several recipients per event: each is recorded, so an event delivered again
 * notifies each of them once.
 */
export const notificationRecipientsSchema = {
  name: '0004-notification-recipients',
  up: `
ALTER TABLE notification_rules DROP CONSTRAINT notification_rules_recipient_kind_check;
ALTER TABLE notification_rules ADD CONSTRAINT notification_rules_recipient_kind_check
  CHECK (recipient_kind IN ('customer', 'user', 'group', 'assignee'));
ALTER TABLE notification_rules ADD COLUMN group_id uuid REFERENCES user_groups(id) ON DELETE CASCADE;
CREATE INDEX notification_rules_group ON notification_rules (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX notification_rules_user ON notification_rules (user_id) WHERE user_id IS NOT NULL;

-- 'customer', or the id of the user notified.
ALTER TABLE notification_deliveries ADD COLUMN recipient text NOT NULL DEFAULT 'customer';
UPDATE notification_deliveries d SET recipient = r.user_id::text
  FROM notification_rules r WHERE r.id = d.rule_id AND r.user_id IS NOT NULL;
ALTER TABLE notification_deliveries ALTER COLUMN recipient DROP DEFAULT;
ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_pkey;
ALTER TABLE notification_deliveries ADD PRIMARY KEY (event_id, rule_id, recipient);
`,
};
