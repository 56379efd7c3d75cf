/**
 * Who is calling: a session cookie (browser) or a bearer API token (integrations). Cookie-
 * authenticated writes must echo the session's CSRF token in `x-csrf-token`; bearer requests cannot
 * be forged by a browser and need none.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestAuth, resolveApiToken, resolveSession } from '../../modules/auth/auth.service.ts';
import type { Actor } from '../actor.ts';
import { AppError, Unauthenticated } from '../errors.ts';

export const SESSION_COOKIE = 'ps_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
    /** Reachable while the user still has to replace a temporary password. */
    allowDuringPasswordChange?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The API documentation is public: the project is open source and the document holds no data. */
const isDocs = (url: string) =>
  url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);

  // One hook, before body validation: an anonymous or forged request is turned away (401/403)
  // without learning anything about what a valid body would look like.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.auth = await resolveApiToken({ db: app.ctx.db, token: header.slice(7).trim() });
      if (!req.auth) throw new Unauthenticated('The API token is invalid, expired or revoked');
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        req.auth = await resolveSession({ db: app.ctx.db, config: app.ctx.config, token });
        // The session slides while it is used; the cookie's lifetime must slide with it.
        if (req.auth?.renewed) {
          setSessionCookie(reply, token, req.protocol === 'https', app.ctx.config.sessionTtlHours);
        }
      }
    }
    if (req.auth) {
      req.auth.actor.requestId = req.id;
      req.auth.actor.ip = req.ip;
    }

    if (req.routeOptions.config?.public || isDocs(req.url)) return;
    const auth = req.auth;
    if (!auth) throw new Unauthenticated();
    if (auth.actor.via === 'session' && !SAFE_METHODS.has(req.method)) {
      if (req.headers[CSRF_HEADER] !== auth.csrfToken) {
        throw new AppError(
          'CSRF_INVALID',
          `Missing or wrong ${CSRF_HEADER} header; reload the page and try again`,
        );
      }
    }
    if (auth.mustChangePassword && !req.routeOptions.config?.allowDuringPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password before continuing');
    }
  });
}

/** The session cookie: HttpOnly (no script can read it), SameSite=Lax, Secure over HTTPS. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, ttlHours: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: ttlHours * 3600,
  });
}

/** The authenticated actor of a request; the onRequest hook has already rejected anonymous calls. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.auth) throw new Unauthenticated();
  return req.auth.actor;
}
