import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, RequestContext } from '@clientele/core';

export const SESSION_COOKIE = 'clientele_admin';
export const LAST_MODULE_COOKIE = 'clientele_last';
/** Set by admin.js to the browser's time zone, for users who have not chosen one. */
export const TIME_ZONE_COOKIE = 'clientele_tz';

export function readCookies(request: FastifyRequest): Record<string, string | undefined> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    try {
      cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      /* a cookie someone else set, not ours */
    }
  }
  return cookies;
}

/** The signed-in user of an admin request: the API token kept in an HttpOnly cookie. */
export async function readSession(
  auth: AuthService,
  request: FastifyRequest,
): Promise<{ token: string; ctx: RequestContext } | null> {
  const token = readCookies(request)[SESSION_COOKIE];
  if (!token) return null;
  const principal = await auth.authenticate(token);
  return principal ? { token, ctx: new RequestContext(principal, request.ip) } : null;
}

/** Lax same-site cookies keep other sites from posting the admin's forms with the user's session. */
export function setCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  name: string,
  value: string,
  maxAgeSeconds?: number,
) {
  const attributes = [
    'Path=/admin',
    'HttpOnly',
    'SameSite=Lax',
    ...(request.protocol === 'https' ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ];
  reply.header('set-cookie', [`${name}=${encodeURIComponent(value)}`, ...attributes].join('; '));
}
