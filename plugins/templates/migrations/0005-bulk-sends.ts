/**
 * A bulk send writes one message per customer, marked with its job: a batch run again after a
 * crash finds the messages it already wrote and queues none of them twice.
 */
export const bulkSendsSchema = {
  name: '0005-bulk-sends',
  up: `
ALTER TABLE messages ADD COLUMN bulk_send_id uuid;
CREATE UNIQUE INDEX messages_bulk_send ON messages (bulk_send_id, customer_id) WHERE bulk_send_id IS NOT NULL;
`,
};
