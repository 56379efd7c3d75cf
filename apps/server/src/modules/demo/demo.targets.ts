/**
 * The demo's last quarter as a leader would have planned it: each sales team's revenue target
 * (a tenth above its usual quarter), linked to the year's objective, cascaded to its people by a
 * blend of history and capacity, published and acknowledged — through the same services the API
 * uses, so the Targets pages and the dashboards' pace have something real to show on first visit.
 */
import { type IsoDate, median, periodContaining, previousPeriod } from '@pacesetter/core';
import { and, eq, isNull } from 'drizzle-orm';
import { objectives, teams } from '../../db/schema/index.ts';
import { type Actor, systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { applyCascade } from '../targets/cascade.service.ts';
import { acknowledgeTarget, createTarget, currencyOf, historyOf } from '../targets/targets.service.ts';

const memberActor = (orgId: string, userId: string, name: string): Actor => ({
  userId,
  orgId,
  name,
  role: 'member',
  ledTeamIds: new Set(),
  via: 'system',
});

export async function seedDemoTargets({ db, orgId, today }: { db: Db; orgId: string; today: IsoDate }) {
  const actor = systemActor(orgId, 'system (demo generator)');
  const quarter = previousPeriod(periodContaining(today, 'quarter'));
  const [objective] = await db
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.startDate, `${quarter.start.slice(0, 4)}-01-01`)))
    .limit(1);
  const salesTeams = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.type, 'sales'), isNull(teams.archivedAt)));
  const currency = await currencyOf(db, orgId);
  const money = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  let count = 0;
  for (const team of salesTeams) {
    const history = await historyOf(db, orgId, 'revenue_won', [{ kind: 'team', id: team.id }], quarter, 4);
    const usual = median((history.values[0] ?? []).map((v) => v ?? 0)) ?? 0;
    const value = Math.round((usual * 1.1) / 1000) * 1000;
    if (value <= 0) continue;
    const target = await createTarget({
      db,
      actor,
      input: {
        teamId: team.id,
        metricId: 'revenue_won',
        title: `Win ${currency} ${money.format(value)} of new-business revenue in ${quarter.label}`,
        description: 'A tenth above the team’s usual quarter.',
        period: quarter.label,
        checkpoints: [],
        value,
        objectiveId: objective?.id ?? null,
      },
    });
    const { children } = await applyCascade({
      db,
      actor,
      id: target.id,
      input: {
        method: 'blend',
        weights: { equal: 0, history: 0.5, capacity: 0.5 },
        lookback: 4,
        uplift: 0,
        bounds: [],
        exclude: [],
        version: target.version,
        publish: true,
        overrideReason: 'Agreed with each person at the start of the quarter',
        reason: 'Quarter planning',
      },
    });
    for (const child of children) {
      if (!child.personId) continue;
      await acknowledgeTarget({
        db,
        actor: memberActor(orgId, child.personId, child.ownerName),
        id: child.id,
        input: { version: child.version },
      });
    }
    count += 1 + children.length;
  }
  return count;
}
