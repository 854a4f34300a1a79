import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The policy the admin UI lives under: scripts and style sheets only from the server itself, no
 * inline script, never framed. Colour chips set a custom property in a `style` attribute, which
 * cannot run script, so attributes (not `<style>` elements) may carry styles.
 */
const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

/** Swagger UI's page carries its styles inline; scripts stay as strict as everywhere else. */
const docsDirectives = { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] };

/**
 * Security headers on every answer (API, admin UI, docs): Content-Security-Policy with
 * `frame-ancestors 'none'` and X-Frame-Options DENY, nosniff, and no Referer leaving the site.
 * Registered before any route, so every route is covered.
 */
export async function useSecurityHeaders(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      (route as { helmet?: unknown }).helmet = {
        contentSecurityPolicy: { useDefaults: false, directives: docsDirectives },
      };
    }
  });
  await app.register(helmet as never, {
    // Served over plain http on a local network too: no upgrade-insecure-requests.
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}
