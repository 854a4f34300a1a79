/**
 * The customer list's group filter probes a customer's memberships once per candidate row:
 * with the validity in the index the probe never visits the table (an index-only scan).
 */
export const membershipProbeSchema = {
  name: '0005-membership-probe',
  up: `
CREATE INDEX customer_group_memberships_probe ON customer_group_memberships (customer_id, group_id) INCLUDE (validity) WHERE deleted_at IS NULL;
DROP INDEX customer_group_memberships_customer;
`,
};
