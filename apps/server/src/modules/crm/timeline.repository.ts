/**
 * An account's timeline: its activities, and the stage changes and objections of its deals, newest
 * first in one list. Each part is read through its own index, cut at the page size, then merged;
 * the cursor is (time, kind, id) of the last item, so a page never repeats or skips one.
 */
import { type SQL, sql } from 'drizzle-orm';
import { activities, deals } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { type Executor, queryRows } from '../../platform/db.ts';
import { exactTimestamp } from '../../platform/sql.ts';
import { visibleTo } from './crm.scope.ts';

export interface TimelineRow {
  kind: 'activity' | 'stage' | 'objection';
  id: string;
  at: string;
  /** Exact time as text, for the cursor. */
  atKey: string;
  dealId: string | null;
  dealName: string | null;
  /** Who did it (activity owner, who moved the deal, who logged the objection). */
  personName: string | null;
  /** activity: type; objection: type. */
  type: string | null;
  /** activity: subject; stage: the stage entered; objection: the technique used. */
  title: string | null;
  /** activity: outcome; stage: the stage left; objection: outcome. */
  detail: string | null;
  contactId: string | null;
  contactName: string | null;
  source: string | null;
}

const KIND_ORDER = { activity: 3, stage: 2, objection: 1 } as const;

export async function accountTimeline(
  db: Executor,
  actor: Actor,
  accountId: string,
  f: { limit: number; before?: [string, number, string] },
) {
  const org = actor.orgId;
  // Keyset on (time, kind rank, id), newest first.
  const before = (at: SQL, rank: number, id: SQL) =>
    f.before
      ? sql`and (${at}, ${rank}::int, ${id}::text) < (${f.before[0]}::timestamptz, ${f.before[1]}::int, ${f.before[2]}::text)`
      : sql``;
  const dealVisible = visibleTo(actor, deals.ownerId);
  const activityVisible = visibleTo(actor, activities.ownerId);
  const n = f.limit;
  const rows = await queryRows<TimelineRow & { rank: number }>(
    db,
    sql`
    (select 'activity' as kind, ${KIND_ORDER.activity}::int as rank, activities.id::text as id,
       activities.occurred_at as at, ${exactTimestamp(activities.occurredAt)} as "atKey",
       activities.deal_id::text as "dealId", deals.name as "dealName", u.name as "personName",
       activities.type::text as type, activities.subject as title, activities.outcome as detail,
       activities.contact_id::text as "contactId",
       nullif(concat_ws(' ', c.first_name, c.last_name), '') as "contactName", null as source
     from activities
     left join deals on deals.org_id = activities.org_id and deals.id = activities.deal_id
     left join users u on u.org_id = activities.org_id and u.id = activities.owner_id
     left join contacts c on c.org_id = activities.org_id and c.id = activities.contact_id
     where activities.org_id = ${org} and activities.account_id = ${accountId}
       ${activityVisible ? sql`and ${activityVisible}` : sql``}
       ${before(sql`activities.occurred_at`, KIND_ORDER.activity, sql`activities.id`)}
     order by activities.occurred_at desc, activities.id::text desc limit ${n})
    union all
    (select 'stage', ${KIND_ORDER.stage}::int, s.id::text, s.changed_at,
       to_char(s.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       deals.id::text, deals.name, u.name, null, t.name, f.name, null, null, s.source::text
     from deals
     join deal_stage_changes s on s.org_id = deals.org_id and s.deal_id = deals.id
     join pipeline_stages t on t.org_id = s.org_id and t.id = s.to_stage_id
     left join pipeline_stages f on f.org_id = s.org_id and f.id = s.from_stage_id
     left join users u on u.org_id = s.org_id and u.id = s.changed_by
     where deals.org_id = ${org} and deals.account_id = ${accountId} ${dealVisible ? sql`and ${dealVisible}` : sql``}
       ${before(sql`s.changed_at`, KIND_ORDER.stage, sql`s.id`)}
     order by s.changed_at desc, s.id::text desc limit ${n})
    union all
    (select 'objection', ${KIND_ORDER.objection}::int, o.id::text, (o.raised_on + time '12:00') at time zone 'UTC',
       to_char(o.raised_on + time '12:00', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       deals.id::text, deals.name, u.name, o.type::text, o.technique, o.outcome::text, null, null, null
     from deals
     join objections o on o.org_id = deals.org_id and o.deal_id = deals.id
     left join users u on u.org_id = o.org_id and u.id = o.logged_by
     where deals.org_id = ${org} and deals.account_id = ${accountId} ${dealVisible ? sql`and ${dealVisible}` : sql``}
       ${before(sql`((o.raised_on + time '12:00') at time zone 'UTC')`, KIND_ORDER.objection, sql`o.id`)}
     order by o.raised_on desc, o.id::text desc limit ${n})
    order by at desc, rank desc, id desc
    limit ${n}`,
  );
  return rows;
}
