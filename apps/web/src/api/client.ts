/**
 * The typed API client. Types come from the server's OpenAPI document (`npm run gen` writes
 * schema.d.ts), so a renamed field breaks the build here rather than a page at run time.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Person = Schemas['Person'];
export type PersonListItem = Schemas['PersonListItem'];
export type Team = Schemas['Team'];
export type TeamMember = Schemas['TeamMember'];
export type AuditEntry = Schemas['AuditEntry'];
export type Role = Me['user']['role'];

export const ROLES: { value: Role; label: string; description: string }[] = [
  { value: 'admin', label: 'Admin', description: 'Everything, including users, teams and the audit log' },
  { value: 'director', label: 'Director', description: 'All teams and people' },
  { value: 'leader', label: 'Leader', description: 'Their team tree' },
  { value: 'member', label: 'Member', description: 'Own records and shared team data' },
  { value: 'viewer', label: 'Viewer', description: 'Read-only' },
];

interface FieldIssue {
  path: string;
  message: string;
}

/** An error answer from the API, with its stable code and, for INVALID, each offending field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field messages keyed by the last part of the path (`body.email` → `email`), for forms. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const key = f.path.replace(/^(body|query|params)\./, '');
      out[key] ??= f.message;
    }
    return out;
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, from /api/auth/me or login; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Headers for a write made with plain fetch (file uploads), carrying the CSRF token. */
export function writeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...(csrfToken && { 'x-csrf-token': csrfToken }) };
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful answer, or throws an ApiError that a page can show. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      'Cannot reach the Pacesetter server. Check your connection and try again.',
    );
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error ?? {}) as {
    error?: { code?: string; message?: string; fields?: FieldIssue[]; requestId?: string };
  };
  const e = body.error;
  throw new ApiError(
    response.status,
    e?.code ?? `HTTP_${response.status}`,
    e?.message ?? `The server answered ${response.status} ${response.statusText}`,
    e?.fields ?? [],
    e?.requestId,
  );
}

/** A message for any thrown value, with the request id when the server gave one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.requestId && error.status >= 500
      ? `${error.message} (request id ${error.requestId})`
      : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
