/**
 * The routes that declare no `@Permission`, each on purpose. A new route without a permission
 * fails `route-permissions.e2e-spec.ts` until it is added here — or, better, given one.
 */

/** Anyone may call these, signed in or not. */
export const PUBLIC_ROUTES = [
  'GET /health',
  'GET /metrics',
  'POST /api/auth/login',
  'POST /api/auth/activate',
  // The helpdesk's one-purpose approval link: the secret in the path is the credential (used once, expiring).
  'GET /helpdesk/approve/{secret}',
  'POST /helpdesk/approve/{secret}',
  // The quick-request form: the key in the path (account id and secret) is the credential, rate-limited per account.
  'GET /helpdesk/request/{key}',
  'POST /helpdesk/request/{key}',
];

/**
 * The admin UI's pages: public routes that render by calling the API as the signed-in user
 * (through its session cookie), so the API's own checks decide what a page shows.
 */
export const ADMIN_UI_PREFIX = '/admin';

/**
 * Any signed-in user: they act on the caller's own account, job or landing page, read lists
 * every user may read, stream the changes to what the caller may see (each event checked as a
 * list would be), or (creating a customer) are open to every activated user, who becomes the new
 * customer's administrator.
 */
export const SELF_SERVICE_ROUTES = [
  'GET /api/me',
  'PATCH /api/me/preferences',
  'GET /api/me/landing',
  'POST /api/auth/logout',
  'POST /api/auth/api-keys',
  'GET /api/auth/api-keys',
  'DELETE /api/auth/api-keys/{id}',
  'GET /api/jobs/{id}',
  'GET /api/access/permissions',
  'GET /api/access/scope-kinds',
  'GET /api/service-templates',
  'GET /api/service-templates/{id}',
  'GET /api/customer-states',
  'GET /api/support-parameters',
  'GET /api/customer-variables',
  'GET /api/events',
  'POST /api/customers',
  // The names of template variables; their values are checked per record by each plugin that gives them (404 when unreadable).
  'GET /api/template-variables',
  'GET /api/template-variables/values',
  // Helpdesk areas the caller works in (restricted in SQL) and public lines, which anyone signed in may file into.
  'GET /api/helpdesk/areas',
  'GET /api/helpdesk/areas/{id}',
  // Connecting oneself to a public line (the service refuses areas that are not public, and customers' people).
  'POST /api/helpdesk/areas/{id}/connect',
];
