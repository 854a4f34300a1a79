/** See calendars, contracts and levels, try the preview, read the clocks of records one may read. */
export const SLA_READ = 'sla.read';
/** Change calendars, contracts and levels (on the system). */
export const SLA_MANAGE = 'sla.manage';
/** Put a contract on a record (a customer, an address book …) for the records below it. */
export const SLA_ASSIGN = 'sla.assign';

/** Record kinds in history. */
export const CALENDAR_TYPE = 'sla_calendar';
export const CONTRACT_TYPE = 'sla_contract';
export const LEVEL_TYPE = 'sla_level';
export const ASSIGNMENT_TYPE = 'sla_assignment';

/** The queue that recomputes stored deadlines after a calendar or contract changes. */
export const RECOMPUTE_QUEUE = 'sla.recompute';
/** Histories asked of a clock owner at a time while recomputing. */
export const RECOMPUTE_BATCH = 500;
