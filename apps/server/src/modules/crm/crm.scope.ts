/**
 * Row visibility for CRM records, as SQL. Every CRM list and lookup adds this condition, so a
 * record outside the caller's scope is simply "not found" and lists never filter in memory.
 */
import { type AnyColumn, and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { teamMemberships } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import type { Subject } from '../../platform/policy.ts';

const ORG_WIDE = new Set(['admin', 'director', 'viewer']);

/**
 * Records owned by the actor, by their current teammates, or by anyone currently in a team they
 * lead (down the tree). `ownerColumn` may be null for unowned records (accounts without an owner),
 * which everyone in the organisation may see.
 */
export function visibleTo(
  actor: Actor,
  ownerColumn: AnyColumn,
  options: {
    unownedVisible?: boolean;
    /**
     * The query keeps only this owner's records anyway: then the check is on that one owner, once
     * (a constant condition), and the owner's index keeps serving the query's order.
     */
    owner?: string;
  } = {},
): SQL | undefined {
  if (ORG_WIDE.has(actor.role)) return undefined;
  const ownTeams = sql`(select m.team_id from team_memberships m
    where m.org_id = ${actor.orgId} and m.user_id = ${actor.userId} and m.valid_to is null)`;
  const led = [...actor.ledTeamIds];
  const teamCondition = led.length
    ? or(sql`${teamMemberships.teamId} in ${ownTeams}`, inArray(teamMemberships.teamId, led))
    : sql`${teamMemberships.teamId} in ${ownTeams}`;
  // `= any(array(…))`: the owners are computed once (an init plan), and the owner indexes serve
  // the comparison; `in (subquery)` or an OR with the caller's own id made PostgreSQL scan instead.
  const owners = sql`array(select ${actor.userId}::uuid union select ${teamMemberships.userId} from ${teamMemberships}
    where ${and(eq(teamMemberships.orgId, actor.orgId), isNull(teamMemberships.validTo), teamCondition)})`;
  if (options.owner) return sql`${options.owner}::uuid = any(${owners})`;
  const visible = sql`${ownerColumn} = any(${owners})`;
  return options.unownedVisible ? or(visible, isNull(ownerColumn)) : visible;
}

/**
 * Policy subjects for many owners at once (one query), so a page of records can say what the caller
 * may do with each without a query per record.
 */
export async function ownerSubjects(
  db: Executor,
  orgId: string,
  ownerIds: readonly (string | null)[],
): Promise<(ownerId: string | null) => Subject> {
  const ids = [...new Set(ownerIds.filter((id): id is string => !!id))];
  const rows = ids.length
    ? await db
        .select({ userId: teamMemberships.userId, teamId: teamMemberships.teamId })
        .from(teamMemberships)
        .where(
          and(
            eq(teamMemberships.orgId, orgId),
            inArray(teamMemberships.userId, ids),
            isNull(teamMemberships.validTo),
          ),
        )
    : [];
  const teams = new Map<string, string[]>();
  for (const r of rows) teams.set(r.userId, [...(teams.get(r.userId) ?? []), r.teamId]);
  return (ownerId) => ({ orgId, userId: ownerId, teamIds: ownerId ? (teams.get(ownerId) ?? []) : [] });
}

/** The policy subject for a record owned by `ownerId`: the owner and their current team. */
export async function ownerSubject(db: Executor, orgId: string, ownerId: string | null): Promise<Subject> {
  if (!ownerId) return { orgId, userId: null, teamIds: [] };
  const rows = await db
    .select({ teamId: teamMemberships.teamId })
    .from(teamMemberships)
    .where(
      and(
        eq(teamMemberships.orgId, orgId),
        eq(teamMemberships.userId, ownerId),
        isNull(teamMemberships.validTo),
      ),
    );
  return { orgId, userId: ownerId, teamIds: rows.map((r) => r.teamId) };
}
