/**
 * Process areas (helpdesk, sales, billing, projects …) and, per group and area, who is
 * responsible. An area says which of the customer's own people (contacts' account manager or
 * support specialist) answers first, and who answers when no one else does.
 */
export const responsibilitySchema = {
  name: '0003-responsibility',
  up: `
CREATE TABLE customer_groups_process_areas (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  own_person text CHECK (own_person IN ('accountManager', 'supportSpecialist')),
  default_worker_id uuid REFERENCES users(id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_groups_process_areas_code ON customer_groups_process_areas (lower(code)) WHERE deleted_at IS NULL;

CREATE TABLE customer_group_responsibilities (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES customer_groups(id),
  process_area_id uuid NOT NULL REFERENCES customer_groups_process_areas(id),
  worker_id uuid NOT NULL REFERENCES users(id),
  -- Only this user group may see the group's messages in the area.
  user_group_id uuid REFERENCES user_groups(id) ON DELETE SET NULL,
  -- For the helpdesk area: the helpdesk area (queue) the group's tickets go to.
  helpdesk_area_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX customer_group_responsibilities_area ON customer_group_responsibilities (group_id, process_area_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_group_responsibilities_of_area ON customer_group_responsibilities (process_area_id, group_id) WHERE deleted_at IS NULL;
`,
};
