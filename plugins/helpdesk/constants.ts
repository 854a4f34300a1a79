export const HELPDESK = 'helpdesk';

/** Staff: see the tickets of an area (granted on the area or above). */
export const TICKET_READ = 'helpdesk.ticket.read';
/** Staff: reply, assign, change state, severity and SLA of tickets in an area. */
export const TICKET_WRITE = 'helpdesk.ticket.write';
/** Create, change and delete areas. */
export const AREA_MANAGE = 'helpdesk.area.manage';
/** A customer's people: follow the requests of the customer (or of the service) they are granted on. */
export const REQUEST_READ = 'helpdesk.request.read';
/** A customer's people: file requests for the customer they are granted on (on a service, `contacts.service.run` there). */
export const REQUEST_FILE = 'helpdesk.request.file';

export const KIND_AREA = 'area';
export const KIND_TICKET = 'ticket';

/** Record kinds in history and events. */
export const AREA_TYPE = 'area';
export const TICKET_TYPE = 'ticket';
export const MESSAGE_TYPE = 'ticket_message';

export const SUBJECT_MAX_LENGTH = 300;
export const MESSAGE_MAX_LENGTH = 50_000;

/** A customer's authorised people (and operators): approve or reject requests waiting for authorisation. */
export const REQUEST_AUTHORISE = 'helpdesk.request.authorise';
/** How long a one-purpose approval link works. */
export const APPROVAL_LINK_DAYS = 7;
/** Open tickets of the same customer filed this many days back count as likely duplicates. */
export const DUPLICATE_WINDOW_DAYS = 14;

/** Users of other companies connected to a public line: follow and file their own requests there (the `line-user` role, granted on connecting). */
export const LINE_USE = 'helpdesk.line.use';
export const LINE_USER_ROLE = 'line-user';
