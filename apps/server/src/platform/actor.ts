/** The acting user of a request or command, as every service receives it first. */
export const ROLES = ['admin', 'director', 'leader', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  orgId: string;
  name: string;
  role: Role;
  /** Teams this person leads, and every team below them in the tree. */
  ledTeamIds: ReadonlySet<string>;
  /** How the request was authenticated. */
  via: 'session' | 'token' | 'system';
  /** For the audit log. */
  requestId?: string;
  ip?: string;
}

/** The actor used by operator commands (CLI), which act on behalf of the organisation itself. */
export function systemActor(orgId: string, name = 'system (CLI)'): Actor {
  return { userId: '', orgId, name, role: 'admin', ledTeamIds: new Set(), via: 'system' };
}
