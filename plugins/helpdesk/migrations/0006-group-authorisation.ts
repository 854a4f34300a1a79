/** Request authorisation set on a customer group (when customer groups is enabled) as well as on a customer. */
export const groupAuthorisationSchema = {
  name: '0006-group-authorisation',
  up: `
ALTER TABLE helpdesk_authorisation_policies
  ALTER COLUMN customer_id DROP NOT NULL,
  ADD COLUMN group_id uuid UNIQUE,
  ADD CONSTRAINT helpdesk_authorisation_policies_one_subject CHECK ((customer_id IS NULL) <> (group_id IS NULL));
`,
};
